import { randomUUID } from 'node:crypto';
import type { EngagementResult } from '../../src-shared/contract';
import { GcsError, notFound } from '../../src-shared/errors';
import type { Engagement, EngagementStats, WeaponType } from '../../src-shared/model';
import { INGEST_METRICS, type Cache } from '../cache/Cache';
import type { EventBus } from '../core/eventBus';
import type { Logger } from '../core/logger';
import { accuracyPct, applyEngagement, EMPTY_STATS, rankChange } from '../domain/ranking';
import type { Store } from '../store/Store';
import type { FleetRegistry } from './fleetRegistry';
import { KeyedMutex } from './keyedMutex';
import type { LeaderboardService } from './leaderboardService';

export interface EngagementRequest {
  convoyId: string;
  droneId: string;
  hit: boolean;
  weaponType: WeaponType;
  targetId?: string | undefined;
  /** Defaults to the GCS clock (simulation time when simulating). */
  recordedAt?: number;
  targetLat?: number;
  targetLon?: number;
  /** A source that names its engagements (the simulator, a log import) keeps its ids. */
  id?: string;
  damageAssessment?: string;
}

/**
 * Records engagements. Per drone, one at a time: read stats, apply the domain rule, write the
 * engagement and the new stats to the store in one transaction, then move the drone on its
 * convoy's board. The call resolves only once the store has the engagement.
 */
export class EngagementService {
  private readonly drones = new KeyedMutex();
  private readonly changedBoards = new Set<string>();
  private boardTimer: ReturnType<typeof setInterval> | null = null;

  constructor(
    private readonly store: Store,
    private readonly cache: Cache,
    private readonly registry: FleetRegistry,
    private readonly leaderboards: LeaderboardService,
    private readonly bus: EventBus,
    private readonly log: Logger,
    private readonly clock: () => number,
  ) {}

  /** Leaderboard events are coalesced per convoy, at most ten a second, however busy the fleet. */
  start(): void {
    this.boardTimer ??= setInterval(() => void this.publishBoards(), 100);
  }

  async record(request: EngagementRequest): Promise<EngagementResult> {
    const convoy = this.registry.convoy(request.convoyId);
    if (!convoy) throw notFound('convoy', request.convoyId);
    const drone = this.registry.drone(request.droneId);
    if (!drone) throw notFound('drone', request.droneId);
    if (drone.convoyId !== convoy.id) {
      throw new GcsError('INVALID_INPUT', `drone ${drone.id} is not in convoy ${convoy.id}`, [
        { path: 'droneId', message: 'drone belongs to another convoy' },
      ]);
    }

    return this.drones.run(drone.id, async () => {
      const before = await this.currentStats(drone.id);
      // A drone's engagements never go back in time, so ordering by time replays its streaks.
      const recordedAt = Math.max(request.recordedAt ?? this.clock(), before.lastEngagementAt ?? 0);
      const after = applyEngagement(before, request.hit, recordedAt);
      const engagement: Engagement = {
        id: request.id ?? randomUUID(),
        convoyId: convoy.id,
        droneId: drone.id,
        recordedAt,
        hit: request.hit,
        weaponType: request.weaponType,
        targetId: request.targetId ?? null,
        targetLat: request.targetLat ?? null,
        targetLon: request.targetLon ?? null,
        damageAssessment:
          request.damageAssessment ?? (request.hit ? 'DESTROYED' : 'NO EFFECT OBSERVED'),
      };
      await this.store.recordEngagement(engagement, after);
      this.cache.addToMetric(INGEST_METRICS.engagements, 1, Date.now()).catch(() => undefined);
      // The board first: it compares the drone's previous stats with its rivals', and on Redis
      // those previous stats are the cached ones this write would replace.
      const { previousRank, newRank } = await this.leaderboards.update(
        convoy.id,
        drone.id,
        drone.callsign,
        after,
      );
      await this.cache
        .putEngagementStats(drone.id, after)
        .catch((error: unknown) => this.log.warn('cache stats write failed', error));
      // The seed's invalidation on an engagement: what aggregates it is recomputed on next read.
      await Promise.all([
        this.cache.invalidate('droneState', drone.id),
        this.cache.invalidate('convoySummary', convoy.id),
      ]).catch(() => undefined);
      const change = rankChange(previousRank, newRank);
      const accuracy = accuracyPct(after.successfulHits, after.totalEngagements);
      this.bus.emit('engagement.recorded', {
        engagement,
        callsign: drone.callsign,
        newRank,
        rankChange: change,
        newAccuracyPct: accuracy,
      });
      this.changedBoards.add(convoy.id);
      return {
        success: true,
        engagementId: engagement.id,
        newRank,
        rankChange: change,
        newAccuracyPct: accuracy,
        totalEngagements: after.totalEngagements,
        successfulHits: after.successfulHits,
      };
    });
  }

  /** Cache-aside: the cache's copy, else the store's (and the cache is refilled). */
  async currentStats(droneId: string): Promise<EngagementStats> {
    const cached = await this.cache.getEngagementStats(droneId).catch(() => null);
    if (cached) return cached;
    const stored = (await this.store.getStats(droneId)) ?? EMPTY_STATS;
    await this.cache.putEngagementStats(droneId, stored).catch(() => undefined);
    return stored;
  }

  private async publishBoards(): Promise<void> {
    const convoys = [...this.changedBoards];
    this.changedBoards.clear();
    for (const convoyId of convoys) {
      try {
        this.bus.emit('leaderboard.changed', {
          convoyId,
          entries: await this.leaderboards.top(convoyId),
        });
      } catch (error) {
        this.log.warn('leaderboard event failed', error);
      }
    }
  }

  async close(): Promise<void> {
    if (this.boardTimer) clearInterval(this.boardTimer);
    this.boardTimer = null;
  }
}
