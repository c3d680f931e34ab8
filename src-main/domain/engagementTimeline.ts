import type { EngagementStats } from '../../src-shared/model';
import { EMPTY_STATS } from './ranking';

/** A mission's engagements in the order they happened, as columns (see missionReader.ts). */
export interface EngagementColumns {
  count: number;
  droneIndex: ArrayLike<number>;
  at: ArrayLike<number>;
  /** 1 for a hit. */
  hit: ArrayLike<number>;
}

/** First position in the ascending `values[from, to)` holding a value greater than `t`. */
function upperBound(values: Float64Array, from: number, to: number, t: number): number {
  let lo = from;
  let hi = to;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (values[mid]! <= t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * Every drone's engagement record at any moment of a mission, for replay: each drone's
 * engagements are kept in order with the running totals after each (applyEngagement's rules,
 * computed once), so the record at time t is one binary search, forwards or backwards alike.
 */
export class EngagementTimeline {
  /** CSR layout: drone d's engagements are entries start[d] .. start[d + 1] - 1. */
  private readonly start: Uint32Array;
  private readonly times: Float64Array;
  private readonly hits: Uint32Array;
  private readonly streak: Uint32Array;
  private readonly best: Uint32Array;
  private readonly lastHit: Uint8Array;
  /** All engagements' times, ascending, for counts and the timeline's markers. */
  private readonly allTimes: Float64Array;
  private readonly allHits: Uint8Array;

  constructor(droneCount: number, engagements: EngagementColumns) {
    const n = engagements.count;
    this.start = new Uint32Array(droneCount + 1);
    for (let i = 0; i < n; i++) this.start[engagements.droneIndex[i]! + 1]!++;
    for (let d = 0; d < droneCount; d++) this.start[d + 1]! += this.start[d]!;
    this.times = new Float64Array(n);
    this.hits = new Uint32Array(n);
    this.streak = new Uint32Array(n);
    this.best = new Uint32Array(n);
    this.lastHit = new Uint8Array(n);
    this.allTimes = new Float64Array(n);
    this.allHits = new Uint8Array(n);
    const fill = this.start.slice(0, droneCount);
    for (let i = 0; i < n; i++) {
      const d = engagements.droneIndex[i]!;
      const at = engagements.at[i]!;
      const hit = engagements.hit[i]! === 1;
      const k = fill[d]!++;
      const first = k === this.start[d]!;
      const streak = hit ? (first ? 0 : this.streak[k - 1]!) + 1 : 0;
      this.times[k] = at;
      this.hits[k] = (first ? 0 : this.hits[k - 1]!) + (hit ? 1 : 0);
      this.streak[k] = streak;
      this.best[k] = Math.max(first ? 0 : this.best[k - 1]!, streak);
      this.lastHit[k] = hit ? 1 : 0;
      this.allTimes[i] = at;
      this.allHits[i] = hit ? 1 : 0;
    }
  }

  /** Drone `d`'s record counting its engagements at or before `t`. */
  statsAt(d: number, t: number): EngagementStats {
    const from = this.start[d]!;
    const k = upperBound(this.times, from, this.start[d + 1]!, t) - 1;
    if (k < from) return EMPTY_STATS;
    return {
      totalEngagements: k - from + 1,
      successfulHits: this.hits[k]!,
      currentStreak: this.streak[k]!,
      bestStreak: this.best[k]!,
      lastEngagementAt: this.times[k]!,
      lastResult: this.lastHit[k] === 1 ? 'HIT' : 'MISS',
    };
  }

  /** How many engagements happened at or before `t`. */
  countAt(t: number): number {
    return upperBound(this.allTimes, 0, this.allTimes.length, t);
  }

  /** Hits and misses in `bins` equal slices of [startMs, endMs], for the timeline's markers. */
  histogram(startMs: number, endMs: number, bins: number): { hits: number[]; misses: number[] } {
    const hits = new Array<number>(bins).fill(0);
    const misses = new Array<number>(bins).fill(0);
    const width = Math.max(1, endMs - startMs) / bins;
    for (let i = 0; i < this.allTimes.length; i++) {
      const b = Math.min(bins - 1, Math.max(0, Math.floor((this.allTimes[i]! - startMs) / width)));
      if (this.allHits[i] === 1) hits[b]!++;
      else misses[b]!++;
    }
    return { hits, misses };
  }
}
