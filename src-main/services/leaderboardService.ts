import { LEADERBOARD_EVENT_ROWS } from '../../src-shared/constants';
import type { Leaderboard } from '../../src-shared/contract';
import { notFound } from '../../src-shared/errors';
import type { EngagementStats, LeaderboardEntry } from '../../src-shared/model';
import type { Cache, LeaderboardMember, LeaderboardRow } from '../cache/Cache';
import { accuracyPct, EMPTY_STATS } from '../domain/ranking';
import type { Store } from '../store/Store';
import type { FleetRegistry } from './fleetRegistry';
import { KeyedMutex } from './keyedMutex';

export function toEntry(row: LeaderboardRow): LeaderboardEntry {
  return {
    rank: row.rank,
    droneId: row.droneId,
    callsign: row.callsign,
    accuracyPct: accuracyPct(row.stats.successfulHits, row.stats.totalEngagements),
    totalEngagements: row.stats.totalEngagements,
    successfulHits: row.stats.successfulHits,
    currentStreak: row.stats.currentStreak,
    bestStreak: row.stats.bestStreak,
    rankChange: row.rankChange,
  };
}

/**
 * Convoy leaderboards, read through the cache: a board missing from the cache (first use, TTL,
 * a restarted cache) is rebuilt from the store's stats, so the cache is never the only copy.
 */
export class LeaderboardService {
  private readonly boards = new KeyedMutex();

  constructor(
    private readonly cache: Cache,
    private readonly store: Store,
    private readonly registry: FleetRegistry,
  ) {}

  /** Runs `work` with the convoy's board loaded in the cache and no other board change in flight. */
  withBoard<T>(convoyId: string, work: () => Promise<T>): Promise<T> {
    return this.boards.run(convoyId, async () => {
      if ((await this.cache.leaderboardPage(convoyId, 0, 0)) === null) await this.rebuild(convoyId);
      return work();
    });
  }

  private async rebuild(convoyId: string): Promise<void> {
    const stats = await this.store.listStats(convoyId);
    const members: LeaderboardMember[] = this.registry.dronesOf(convoyId).map((d) => ({
      droneId: d.id,
      callsign: d.callsign,
      stats: stats.get(d.id) ?? EMPTY_STATS,
    }));
    await this.cache.loadLeaderboard(convoyId, members);
  }

  /** Sets a drone's stats on its board; returns its rank before and after. */
  async update(
    convoyId: string,
    droneId: string,
    callsign: string,
    stats: EngagementStats,
  ): Promise<{ previousRank: number | null; newRank: number }> {
    return this.withBoard(convoyId, async () => {
      const result = await this.cache.updateLeaderboard(convoyId, { droneId, callsign, stats });
      if (result) return result;
      // Evicted between the check and the update: rebuild (it now includes these stats) and read the rank.
      await this.rebuild(convoyId);
      const page = await this.cache.leaderboardPage(convoyId, 0, Number.MAX_SAFE_INTEGER);
      const rank = (page?.rows.findIndex((r) => r.droneId === droneId) ?? -1) + 1;
      return { previousRank: null, newRank: rank };
    });
  }

  async get(convoyId: string, limit: number, offset: number): Promise<Leaderboard> {
    const convoy = this.registry.convoy(convoyId);
    if (!convoy) throw notFound('convoy', convoyId);
    const all = await this.withBoard(convoyId, () =>
      this.cache.leaderboardPage(convoyId, 0, Number.MAX_SAFE_INTEGER),
    );
    const rows = all?.rows ?? [];
    const engaged = rows.filter((r) => r.stats.totalEngagements > 0);
    const average =
      engaged.length === 0
        ? 0
        : engaged.reduce(
            (sum, r) => sum + accuracyPct(r.stats.successfulHits, r.stats.totalEngagements),
            0,
          ) / engaged.length;
    return {
      convoyId,
      convoyCallsign: convoy.callsign,
      totalDrones: rows.length,
      averageAccuracyPct: average,
      offset,
      entries: rows.slice(offset, offset + limit).map(toEntry),
    };
  }

  async top(convoyId: string): Promise<LeaderboardEntry[]> {
    const page = await this.withBoard(convoyId, () =>
      this.cache.leaderboardPage(convoyId, 0, LEADERBOARD_EVENT_ROWS),
    );
    return (page?.rows ?? []).map(toEntry);
  }

  /** Every member's stats, for convoy summaries. */
  async allStats(convoyId: string): Promise<Map<string, EngagementStats>> {
    const page = await this.withBoard(convoyId, () =>
      this.cache.leaderboardPage(convoyId, 0, Number.MAX_SAFE_INTEGER),
    );
    return new Map((page?.rows ?? []).map((r) => [r.droneId, r.stats]));
  }
}
