import { describe, expect, it } from 'vitest';
import type { EngagementStats } from '../../src-shared/model';
import type { LeaderboardMember } from '../../src-main/cache/Cache';
import { MemoryLeaderboard } from '../../src-main/cache/memory/MemoryLeaderboard';
import { EMPTY_STATS, applyEngagement, rankAll } from '../../src-main/domain/ranking';
import { prng } from '../support/prng';

const int = (rnd: () => number, lo: number, hi: number): number =>
  lo + Math.floor(rnd() * (hi - lo + 1));

const stats = (
  successfulHits: number,
  totalEngagements: number,
  bestStreak = 0,
): EngagementStats => ({
  totalEngagements,
  successfulHits,
  currentStreak: 0,
  bestStreak,
  lastEngagementAt: null,
  lastResult: null,
});
const member = (droneId: string, s: EngagementStats): LeaderboardMember => ({
  droneId,
  callsign: `CS-${droneId}`,
  stats: s,
});

/** The order the domain defines for these members, best first. */
function domainOrder(current: ReadonlyMap<string, EngagementStats>): string[] {
  return rankAll(
    [...current].map(([droneId, s]) => ({
      droneId,
      successfulHits: s.successfulHits,
      totalEngagements: s.totalEngagements,
      bestStreak: s.bestStreak,
    })),
  ).map((x) => x.droneId);
}

function randomStats(rnd: () => number): EngagementStats {
  let s: EngagementStats = EMPTY_STATS;
  const n = int(rnd, 0, 6);
  for (let i = 0; i < n; i++) s = applyEngagement(s, rnd() < 0.5, i);
  return s;
}

const ids = (board: MemoryLeaderboard) => board.page(0, board.size).map((row) => row.droneId);
const changes = (board: MemoryLeaderboard) =>
  Object.fromEntries(board.page(0, board.size).map((row) => [row.droneId, row.rankChange]));

describe('MemoryLeaderboard', () => {
  it('sorts the members it is built with into the domain order, with no rank change yet', () => {
    const current = new Map([
      ['c', stats(1, 2)],
      ['a', stats(0, 0)],
      ['b', stats(3, 3, 3)],
      ['d', stats(2, 4, 2)],
    ]);
    const board = new MemoryLeaderboard([...current].map(([id, s]) => member(id, s)));
    expect(board.size).toBe(4);
    expect(ids(board)).toEqual(['b', 'd', 'c', 'a']);
    expect(board.page(0, 4).map((row) => [row.rank, row.rankChange, row.callsign])).toEqual([
      [1, 0, 'CS-b'],
      [2, 0, 'CS-d'],
      [3, 0, 'CS-c'],
      [4, 0, 'CS-a'],
    ]);
  });

  it('moves a drone up and marks it and every drone it passed', () => {
    const board = new MemoryLeaderboard([
      member('A', stats(4, 4, 4)),
      member('B', stats(3, 4, 3)),
      member('C', stats(2, 4, 2)),
      member('D', stats(1, 4, 1)),
      member('E', stats(0, 4, 0)),
    ]);
    expect(ids(board)).toEqual(['A', 'B', 'C', 'D', 'E']);

    // E: 0/4 → 5/5 (100 %, more hits than A's 4/4): from 5th to 1st.
    expect(board.update(member('E', stats(5, 5, 5)))).toEqual({ previousRank: 5, newRank: 1 });
    expect(ids(board)).toEqual(['E', 'A', 'B', 'C', 'D']);
    expect(changes(board)).toEqual({ E: 4, A: -1, B: -1, C: -1, D: -1 });

    // E improves but stays first: it keeps showing its last move; nobody else changes.
    expect(board.update(member('E', stats(6, 6, 6)))).toEqual({ previousRank: 1, newRank: 1 });
    expect(changes(board)).toEqual({ E: 4, A: -1, B: -1, C: -1, D: -1 });

    // B (3rd) drops to 0/10: below C (2/4) and D (1/4): 3rd → 5th. C and D move up one.
    expect(board.update(member('B', stats(0, 10, 3)))).toEqual({ previousRank: 3, newRank: 5 });
    expect(ids(board)).toEqual(['E', 'A', 'C', 'D', 'B']);
    expect(changes(board)).toEqual({ E: 4, A: -1, C: 1, D: 1, B: -2 });
  });

  it('adds an unknown drone with no previous rank and no rank change', () => {
    const board = new MemoryLeaderboard([member('a', stats(2, 2)), member('c', stats(0, 2))]);
    expect(board.update(member('b', stats(1, 2)))).toEqual({ previousRank: null, newRank: 2 });
    expect(board.size).toBe(3);
    expect(ids(board)).toEqual(['a', 'b', 'c']);
    expect(board.page(1, 1)[0]).toMatchObject({ droneId: 'b', rank: 2, rankChange: 0 });
  });

  it('pages by offset and limit with absolute ranks', () => {
    const members = Array.from({ length: 9 }, (_, i) => member(`d${i}`, stats(i, 10)));
    const board = new MemoryLeaderboard(members);
    const full = board.page(0, 100);
    expect(full).toHaveLength(9);
    expect(full.map((row) => row.droneId)).toEqual([
      'd8',
      'd7',
      'd6',
      'd5',
      'd4',
      'd3',
      'd2',
      'd1',
      'd0',
    ]);
    const mid = board.page(3, 4);
    expect(mid.map((row) => row.rank)).toEqual([4, 5, 6, 7]);
    expect(mid).toEqual(full.slice(3, 7));
    expect(board.page(8, 10).map((row) => [row.droneId, row.rank])).toEqual([['d0', 9]]);
    expect(board.page(9, 10)).toEqual([]);
    expect(board.page(0, 0)).toEqual([]);
  });

  it('property: after random updates the board is rankAll of the current stats, and ranks and changes are right', () => {
    const rnd = prng(99);
    for (let round = 0; round < 25; round++) {
      const n = int(rnd, 1, 30);
      const current = new Map<string, EngagementStats>();
      for (let i = 0; i < n; i++)
        current.set(`drone-${String(i).padStart(2, '0')}`, randomStats(rnd));
      const board = new MemoryLeaderboard(
        // Built from a shuffled member list: order of input must not matter.
        [...current].sort(() => rnd() - 0.5).map(([id, s]) => member(id, s)),
      );
      const expectedChange = new Map([...current.keys()].map((id) => [id, 0]));
      expect(ids(board)).toEqual(domainOrder(current));

      for (let step = 0; step < 120; step++) {
        const id = [...current.keys()][int(rnd, 0, n - 1)]!;
        const before = domainOrder(current);
        const old = current.get(id)!;
        // Mostly one more engagement; sometimes an arbitrary correction (a rebuild from the store).
        const next = rnd() < 0.8 ? applyEngagement(old, rnd() < 0.55, step) : randomStats(rnd);
        current.set(id, next);
        const after = domainOrder(current);

        const result = board.update(member(id, next));
        const previousRank = before.indexOf(id) + 1;
        const newRank = after.indexOf(id) + 1;
        expect(result).toEqual({ previousRank, newRank });

        // Reference rank changes: the mover shows its move (or keeps its last one if it did not
        // move); every other drone whose place changed moved exactly one step the other way.
        if (previousRank !== newRank) expectedChange.set(id, previousRank - newRank);
        for (const other of current.keys()) {
          if (other === id) continue;
          const was = before.indexOf(other);
          const now = after.indexOf(other);
          if (was !== now) {
            expect(Math.abs(was - now)).toBe(1);
            expect(Math.sign(was - now)).toBe(-Math.sign(previousRank - newRank));
            expectedChange.set(other, was - now);
          }
        }

        const rows = board.page(0, n);
        expect(rows.map((row) => row.droneId)).toEqual(after);
        expect(rows.map((row) => row.rank)).toEqual(after.map((_, i) => i + 1));
        expect(Object.fromEntries(rows.map((row) => [row.droneId, row.rankChange]))).toEqual(
          Object.fromEntries(expectedChange),
        );
        expect(rows.find((row) => row.droneId === id)?.stats).toEqual(next);
        expect(board.size).toBe(n);
      }
    }
  });
});
