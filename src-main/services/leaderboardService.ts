import { LEADERBOARD_EVENT_ROWS } from '../../src-shared/constants';
import type { Leaderboard } from '../../src-shared/contract';
import { notFound } from '../../src-shared/errors';
import type { EngagementStats, LeaderboardEntry } from '../../src-shared/model';
import type { Cache, LeaderboardMember, LeaderboardRow } from '../cache/Cache';
import { accuracyPct, EMPTY_STATS, rankAll } from '../domain/ranking';
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
 * a restarted cache) is rebuilt from the store's stats, so the cache is never the only copy. When
 * the cache cannot take the rebuild either (Redis down), boards are ranked from the store on each
 * read: slower, and without rank-change arrows, but right.
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

  private async membersFromStore(convoyId: string): Promise<LeaderboardMember[]> {
    const stats = await this.store.listStats(convoyId);
    return this.registry.dronesOf(convoyId).map((d) => ({
      droneId: d.id,
      callsign: d.callsign,
      stats: stats.get(d.id) ?? EMPTY_STATS,
    }));
  }

  private async rebuild(convoyId: string): Promise<void> {
    await this.cache.loadLeaderboard(convoyId, await this.membersFromStore(convoyId));
  }

  /** The whole board ranked from the store, for when the cache cannot hold it. */
  private async rankFromStore(convoyId: string): Promise<LeaderboardRow[]> {
    const members = await this.membersFromStore(convoyId);
    const ranked = rankAll(
      members.map((m) => ({
        member: m,
        droneId: m.droneId,
        successfulHits: m.stats.successfulHits,
        totalEngagements: m.stats.totalEngagements,
        bestStreak: m.stats.bestStreak,
      })),
    );
    return ranked.map(({ member, rank }) => ({ ...member, rank, rankChange: 0 }));
  }

  /** The first `limit` rows, from the cache if it can, else from the store. */
  private async rows(convoyId: string, limit: number): Promise<LeaderboardRow[]> {
    const page = await this.withBoard(convoyId, () =>
      this.cache.leaderboardPage(convoyId, 0, limit),
    );
    return page ? page.rows : (await this.rankFromStore(convoyId)).slice(0, limit);
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
      // Evicted between the check and the update: rebuild (it now includes these stats) and read
      // the rank; if the cache cannot take the board at all, rank from the store.
      await this.rebuild(convoyId);
      const page = await this.cache.leaderboardPage(convoyId, 0, Number.MAX_SAFE_INTEGER);
      const rows = page?.rows ?? (await this.rankFromStore(convoyId));
      return { previousRank: null, newRank: rows.findIndex((r) => r.droneId === droneId) + 1 };
    });
  }

  async get(convoyId: string, limit: number, offset: number): Promise<Leaderboard> {
    const convoy = this.registry.convoy(convoyId);
    if (!convoy) throw notFound('convoy', convoyId);
    const rows = await this.rows(convoyId, Number.MAX_SAFE_INTEGER);
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
    return (await this.rows(convoyId, LEADERBOARD_EVENT_ROWS)).map(toEntry);
  }

  /** Every member's stats, for convoy summaries. */
  async allStats(convoyId: string): Promise<Map<string, EngagementStats>> {
    const rows = await this.rows(convoyId, Number.MAX_SAFE_INTEGER);
    return new Map(rows.map((r) => [r.droneId, r.stats]));
  }
}
