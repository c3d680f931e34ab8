import { describe, expect, it } from 'vitest';
import { EngagementTimeline } from '../../src-main/domain/engagementTimeline';
import { applyEngagement, EMPTY_STATS } from '../../src-main/domain/ranking';
import type { EngagementStats } from '../../src-shared/model';
import { prng } from '../support/prng';

/** Random engagements of `drones` drones, in time order (ties included), as columns. */
function randomEngagements(drones: number, count: number, seed: number) {
  const rand = prng(seed);
  const droneIndex: number[] = [];
  const at: number[] = [];
  const hit: number[] = [];
  let t = 1_000_000;
  for (let i = 0; i < count; i++) {
    t += Math.floor(rand() * 3) * 500;
    droneIndex.push(Math.floor(rand() * drones));
    at.push(t);
    hit.push(rand() < 0.6 ? 1 : 0);
  }
  return { count, droneIndex, at, hit };
}

describe('EngagementTimeline: every drone record at any time', () => {
  it('equals applying the engagements up to t, for any t, forwards or backwards', () => {
    const e = randomEngagements(7, 400, 3);
    const timeline = new EngagementTimeline(7, e);
    const times = [0, e.at[0]! - 1, e.at[0]!, ...e.at.filter((_, i) => i % 37 === 0), e.at.at(-1)!];
    for (const t of [...times, ...times.reverse()]) {
      const expected: EngagementStats[] = Array.from({ length: 7 }, () => EMPTY_STATS);
      for (let i = 0; i < e.count; i++) {
        if (e.at[i]! <= t) {
          expected[e.droneIndex[i]!] = applyEngagement(
            expected[e.droneIndex[i]!]!,
            e.hit[i] === 1,
            e.at[i]!,
          );
        }
      }
      for (let d = 0; d < 7; d++)
        expect(timeline.statsAt(d, t), `drone ${d} at ${t}`).toEqual(expected[d]);
      expect(timeline.countAt(t)).toBe(e.at.filter((a) => a <= t).length);
    }
  });

  it('gives a drone with no engagements the empty record', () => {
    const timeline = new EngagementTimeline(3, { count: 1, droneIndex: [0], at: [5], hit: [1] });
    expect(timeline.statsAt(2, 10)).toBe(EMPTY_STATS);
    expect(timeline.statsAt(0, 4)).toBe(EMPTY_STATS);
    expect(timeline.statsAt(0, 5)).toMatchObject({
      totalEngagements: 1,
      successfulHits: 1,
      lastResult: 'HIT',
    });
  });

  it('bins hits and misses over the mission for the timeline', () => {
    const e = randomEngagements(4, 300, 9);
    const timeline = new EngagementTimeline(4, e);
    const { hits, misses } = timeline.histogram(e.at[0]!, e.at.at(-1)!, 25);
    expect(hits).toHaveLength(25);
    expect(hits.reduce((a, b) => a + b, 0)).toBe(e.hit.filter((h) => h === 1).length);
    expect(misses.reduce((a, b) => a + b, 0)).toBe(e.hit.filter((h) => h === 0).length);
  });
});
