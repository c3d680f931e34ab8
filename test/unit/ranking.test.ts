import { describe, expect, it } from 'vitest';
import type { EngagementStats } from '../../src-shared/model';
import {
  EMPTY_STATS,
  type Rankable,
  accuracyPct,
  applyEngagement,
  compareRank,
  rankAll,
  rankChange,
} from '../../src-main/domain/ranking';
import { prng } from '../support/prng';

const int = (rnd: () => number, lo: number, hi: number): number =>
  lo + Math.floor(rnd() * (hi - lo + 1));

function shuffled<T>(items: readonly T[], rnd: () => number): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(rnd() * (i + 1));
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

const r = (
  droneId: string,
  successfulHits: number,
  totalEngagements: number,
  bestStreak = 0,
): Rankable => ({
  droneId,
  successfulHits,
  totalEngagements,
  bestStreak,
});

describe('accuracyPct', () => {
  it('is hits over engagements as a percentage', () => {
    expect(accuracyPct(1, 4)).toBe(25);
    expect(accuracyPct(3, 3)).toBe(100);
    expect(accuracyPct(0, 7)).toBe(0);
    expect(accuracyPct(1, 3)).toBeCloseTo(100 / 3, 12);
  });

  it('is 0 (not NaN) for a drone that never engaged', () => {
    expect(accuracyPct(0, 0)).toBe(0);
  });
});

describe('applyEngagement', () => {
  it('counts a hit and extends the current streak', () => {
    const s = applyEngagement(EMPTY_STATS, true, 1_000);
    expect(s).toEqual({
      totalEngagements: 1,
      successfulHits: 1,
      currentStreak: 1,
      bestStreak: 1,
      lastEngagementAt: 1_000,
      lastResult: 'HIT',
    });
  });

  it('a miss resets the current streak but keeps the best one', () => {
    let s: EngagementStats = EMPTY_STATS;
    s = applyEngagement(s, true, 1);
    s = applyEngagement(s, true, 2);
    s = applyEngagement(s, true, 3);
    s = applyEngagement(s, false, 4);
    expect(s).toMatchObject({
      totalEngagements: 4,
      successfulHits: 3,
      currentStreak: 0,
      bestStreak: 3,
      lastEngagementAt: 4,
      lastResult: 'MISS',
    });
    // A new, shorter run does not lower the best streak; a longer one raises it.
    s = applyEngagement(s, true, 5);
    s = applyEngagement(s, true, 6);
    expect(s.currentStreak).toBe(2);
    expect(s.bestStreak).toBe(3);
    s = applyEngagement(s, true, 7);
    s = applyEngagement(s, true, 8);
    expect(s.currentStreak).toBe(4);
    expect(s.bestStreak).toBe(4);
  });

  it('does not mutate the stats it is given', () => {
    const before: EngagementStats = {
      ...EMPTY_STATS,
      totalEngagements: 2,
      successfulHits: 1,
      currentStreak: 1,
      bestStreak: 1,
    };
    const copy = { ...before };
    applyEngagement(before, false, 9);
    applyEngagement(EMPTY_STATS, true, 9); // frozen: would throw in strict mode if mutated
    expect(before).toEqual(copy);
    expect(EMPTY_STATS.totalEngagements).toBe(0);
  });

  it('matches an independent count over random hit/miss sequences', () => {
    const rnd = prng(7);
    for (let round = 0; round < 200; round++) {
      const seq = Array.from({ length: int(rnd, 0, 60) }, () => rnd() < 0.6);
      const s = seq.reduce<EngagementStats>(
        (acc, hit, i) => applyEngagement(acc, hit, i * 10),
        EMPTY_STATS,
      );
      // Reference: longest run of hits anywhere, and the run of hits at the end.
      const runs = seq
        .map((h) => (h ? '1' : '0'))
        .join('')
        .split('0')
        .map((run) => run.length);
      expect(s.totalEngagements).toBe(seq.length);
      expect(s.successfulHits).toBe(seq.filter(Boolean).length);
      expect(s.bestStreak).toBe(Math.max(0, ...runs));
      expect(s.currentStreak).toBe(runs[runs.length - 1] ?? 0);
      expect(s.lastResult).toBe(seq.length === 0 ? null : seq[seq.length - 1] ? 'HIT' : 'MISS');
      expect(s.lastEngagementAt).toBe(seq.length === 0 ? null : (seq.length - 1) * 10);
    }
  });
});

describe('compareRank', () => {
  it('puts the higher accuracy first, whatever the hit counts', () => {
    // 1/1 = 100 % beats 99/100 = 99 % despite far fewer hits.
    expect(compareRank(r('b', 1, 1), r('a', 99, 100))).toBeLessThan(0);
    expect(compareRank(r('a', 99, 100), r('b', 1, 1))).toBeGreaterThan(0);
    // 2/3 beats 3/5 even with a longer best streak on the other side.
    expect(compareRank(r('z', 2, 3, 0), r('a', 3, 5, 3))).toBeLessThan(0);
  });

  it('compares accuracy as exact fractions: 1/3 ties 2/6, then more hits win', () => {
    const oneThird = r('a', 1, 3, 5);
    const twoSixths = r('b', 2, 6, 0);
    // Equal accuracy, so the drone with more hits wins even though its id and streak are worse.
    expect(compareRank(twoSixths, oneThird)).toBeLessThan(0);
    expect(compareRank(oneThird, twoSixths)).toBeGreaterThan(0);
    // Same for 3/9 vs 1/3 and 5/10 vs 1/2.
    expect(compareRank(r('z', 3, 9), r('a', 1, 3))).toBeLessThan(0);
    expect(compareRank(r('z', 5, 10), r('a', 1, 2))).toBeLessThan(0);
  });

  it('breaks equal accuracy and hits on the longer best streak', () => {
    expect(compareRank(r('z', 3, 6, 3), r('a', 3, 6, 1))).toBeLessThan(0);
    expect(compareRank(r('a', 3, 6, 1), r('z', 3, 6, 3))).toBeGreaterThan(0);
  });

  it('breaks a full tie on drone id ascending, and is 0 only for the same id', () => {
    expect(compareRank(r('aaa', 2, 4, 1), r('bbb', 2, 4, 1))).toBeLessThan(0);
    expect(compareRank(r('bbb', 2, 4, 1), r('aaa', 2, 4, 1))).toBeGreaterThan(0);
    expect(compareRank(r('aaa', 2, 4, 1), r('aaa', 2, 4, 1))).toBe(0);
  });

  it('treats a drone with no engagements as 0 % accuracy, tied with all-miss drones', () => {
    const untested = r('b', 0, 0);
    const allMiss = r('a', 0, 5);
    // Tied on accuracy, hits and streak: the id decides, in both directions.
    expect(compareRank(allMiss, untested)).toBeLessThan(0);
    expect(compareRank(r('a', 0, 0), r('b', 0, 5))).toBeLessThan(0);
    // Any hit beats both.
    expect(compareRank(r('z', 1, 100), untested)).toBeLessThan(0);
    expect(compareRank(r('z', 1, 100), allMiss)).toBeLessThan(0);
  });
});

describe('rankAll', () => {
  it('sorts a copy best first and numbers it from 1', () => {
    const input = [r('c', 1, 2), r('a', 0, 0), r('b', 3, 3), r('d', 2, 4, 2)];
    const snapshot = structuredClone(input);
    const ranked = rankAll(input);
    // b: 100 %; then d (2/4) and c (1/2) tie at 50 % and d has more hits; a last.
    expect(ranked.map((x) => [x.droneId, x.rank])).toEqual([
      ['b', 1],
      ['d', 2],
      ['c', 3],
      ['a', 4],
    ]);
    expect(input).toEqual(snapshot);
    expect(rankAll([])).toEqual([]);
  });

  it('keeps the items’ other fields', () => {
    const [only] = rankAll([{ ...r('x', 1, 1), callsign: 'REAPER-1' }]);
    expect(only).toEqual({
      droneId: 'x',
      successfulHits: 1,
      totalEngagements: 1,
      bestStreak: 0,
      callsign: 'REAPER-1',
      rank: 1,
    });
  });

  it('property: a strict total order consistent with compareRank and an independent oracle, stable under permutation', () => {
    const rnd = prng(20240601);
    // Independent oracle: with totals ≤ 40, equal fractions give identical doubles (division is
    // correctly rounded) and unequal ones differ by at least 1/1600, so float accuracy is exact here.
    const oracle = (a: Rankable, b: Rankable): number => {
      const acc = (x: Rankable) =>
        x.totalEngagements === 0 ? 0 : x.successfulHits / x.totalEngagements;
      return (
        acc(b) - acc(a) ||
        b.successfulHits - a.successfulHits ||
        b.bestStreak - a.bestStreak ||
        (a.droneId < b.droneId ? -1 : a.droneId > b.droneId ? 1 : 0)
      );
    };
    for (let round = 0; round < 150; round++) {
      const n = int(rnd, 0, 40);
      const items: Rankable[] = Array.from({ length: n }, (_, i) => {
        // Small ranges so that ties on every key are frequent.
        const total = int(rnd, 0, 8) * (rnd() < 0.5 ? 1 : 5);
        const hits = total === 0 ? 0 : int(rnd, 0, total);
        const best = hits === 0 ? 0 : int(rnd, 1, Math.min(hits, 3));
        return r(`d${String(i).padStart(3, '0')}`, hits, total, best);
      });
      const ranked = rankAll(items);
      expect(ranked.map((x) => x.rank)).toEqual(items.map((_, i) => i + 1));
      expect(new Set(ranked.map((x) => x.droneId))).toEqual(new Set(items.map((x) => x.droneId)));
      const violations: string[] = [];
      for (let i = 0; i < ranked.length; i++) {
        for (let j = 0; j < ranked.length; j++) {
          const a = ranked[i]!;
          const b = ranked[j]!;
          const c = Math.sign(compareRank(a, b));
          // Agreeing with the order rankAll chose (so 0 only for the same drone), antisymmetric,
          // and agreeing with the oracle.
          if (c !== Math.sign(i - j)) violations.push(`compare(${a.droneId}, ${b.droneId}) = ${c}`);
          if (i !== j && Math.sign(compareRank(b, a)) !== -c)
            violations.push(`not antisymmetric: ${a.droneId}, ${b.droneId}`);
          if (Math.sign(oracle(a, b)) !== c)
            violations.push(`oracle disagrees: ${a.droneId}, ${b.droneId}`);
        }
      }
      expect(violations).toEqual([]);
      const order = ranked.map((x) => x.droneId);
      for (let p = 0; p < 5; p++) {
        expect(rankAll(shuffled(items, rnd)).map((x) => x.droneId)).toEqual(order);
      }
    }
  });
});

describe('rankChange', () => {
  it('is positive when the drone moved up, negative when down, 0 when new or unmoved', () => {
    expect(rankChange(5, 2)).toBe(3);
    expect(rankChange(2, 5)).toBe(-3);
    expect(rankChange(4, 4)).toBe(0);
    expect(rankChange(null, 1)).toBe(0);
    expect(rankChange(null, 9)).toBe(0);
  });
});
