import type { EngagementStats } from '../../src-shared/model';

/**
 * Accuracy, streaks and the leaderboard order. Every backend (in-process cache, Redis, stores)
 * ranks with these rules so that a leaderboard is the same wherever it is computed.
 */

export const EMPTY_STATS: EngagementStats = Object.freeze({
  totalEngagements: 0,
  successfulHits: 0,
  currentStreak: 0,
  bestStreak: 0,
  lastEngagementAt: null,
  lastResult: null,
});

export function accuracyPct(successfulHits: number, totalEngagements: number): number {
  return totalEngagements === 0 ? 0 : (successfulHits / totalEngagements) * 100;
}

/** The stats after one more engagement: a hit extends the current streak, a miss ends it. */
export function applyEngagement(stats: EngagementStats, hit: boolean, at: number): EngagementStats {
  const currentStreak = hit ? stats.currentStreak + 1 : 0;
  return {
    totalEngagements: stats.totalEngagements + 1,
    successfulHits: stats.successfulHits + (hit ? 1 : 0),
    currentStreak,
    bestStreak: Math.max(stats.bestStreak, currentStreak),
    lastEngagementAt: at,
    lastResult: hit ? 'HIT' : 'MISS',
  };
}

export interface Rankable {
  droneId: string;
  successfulHits: number;
  totalEngagements: number;
  bestStreak: number;
}

/**
 * Leaderboard order, best first:
 *  1. higher accuracy (compared exactly as fractions, so 1/3 and 2/6 tie);
 *  2. more hits (proven over more engagements);
 *  3. longer best streak;
 *  4. drone id ascending, so the order is total and the same on every backend.
 * A drone with no engagements has accuracy 0 and ties with all-miss drones on accuracy.
 */
export function compareRank(a: Rankable, b: Rankable): number {
  // a.hits/a.total vs b.hits/b.total without division; a zero total counts as accuracy 0.
  const aNum = a.totalEngagements === 0 ? 0 : a.successfulHits;
  const bNum = b.totalEngagements === 0 ? 0 : b.successfulHits;
  const aDen = a.totalEngagements === 0 ? 1 : a.totalEngagements;
  const bDen = b.totalEngagements === 0 ? 1 : b.totalEngagements;
  const byAccuracy = bNum * aDen - aNum * bDen;
  if (byAccuracy !== 0) return byAccuracy;
  if (a.successfulHits !== b.successfulHits) return b.successfulHits - a.successfulHits;
  if (a.bestStreak !== b.bestStreak) return b.bestStreak - a.bestStreak;
  return a.droneId < b.droneId ? -1 : a.droneId > b.droneId ? 1 : 0;
}

/** Sorts a copy and numbers it from 1. */
export function rankAll<T extends Rankable>(items: readonly T[]): (T & { rank: number })[] {
  return [...items].sort(compareRank).map((item, i) => ({ ...item, rank: i + 1 }));
}

/** Positive when the drone moved up the board (rank 5 → 2 is +3). */
export function rankChange(previousRank: number | null, newRank: number): number {
  return previousRank === null ? 0 : previousRank - newRank;
}
