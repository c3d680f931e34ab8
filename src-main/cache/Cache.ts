import type { CacheEntity } from '../../src-shared/constants';
import type { ConvoySummary, Drone, EngagementStats, Telemetry } from '../../src-shared/model';
import type { ComponentHealth } from '../store/Store';

export interface LeaderboardMember {
  droneId: string;
  callsign: string;
  stats: EngagementStats;
}

export interface LeaderboardRow extends LeaderboardMember {
  rank: number;
  rankChange: number;
}

export interface WaypointProgress {
  totalWaypoints: number;
  currentWaypoint: number;
  completedWaypoints: number;
  progressPct: number;
  etaFinal: number | null;
}

export interface CacheStats {
  hits: Record<string, number>;
  misses: Record<string, number>;
}

/**
 * The cache port, in domain operations (DESIGN.md): the in-process implementation keeps maps and
 * a sorted array, the Redis one maps the same calls onto the seed's nine structures. Everything
 * here can be rebuilt from the store; a miss (null) tells the caller to do that.
 */
export interface Cache {
  readonly kind: string;
  health(): ComponentHealth;

  putDroneStates(drones: readonly Drone[]): Promise<void>;
  getDroneState(droneId: string): Promise<Drone | null>;

  putLatestTelemetry(rows: readonly Telemetry[]): Promise<void>;
  getLatestTelemetry(droneId: string): Promise<Telemetry | null>;

  putRoster(convoyId: string, droneIds: readonly string[]): Promise<void>;
  getRoster(convoyId: string): Promise<string[] | null>;

  putActiveConvoys(convoyIds: readonly string[]): Promise<void>;
  getActiveConvoys(): Promise<string[] | null>;

  putConvoySummary(summary: ConvoySummary): Promise<void>;
  getConvoySummary(convoyId: string): Promise<ConvoySummary | null>;

  putMeshTopology(
    convoyId: string,
    neighbours: ReadonlyMap<string, readonly string[]>,
  ): Promise<void>;
  getMeshNeighbours(convoyId: string, droneId: string): Promise<string[] | null>;

  putWaypointProgress(droneId: string, progress: WaypointProgress): Promise<void>;
  getWaypointProgress(droneId: string): Promise<WaypointProgress | null>;

  putEngagementStats(droneId: string, stats: EngagementStats): Promise<void>;
  getEngagementStats(droneId: string): Promise<EngagementStats | null>;

  /** Replaces a convoy's leaderboard with these members (a rebuild from the store). */
  loadLeaderboard(convoyId: string, members: readonly LeaderboardMember[]): Promise<void>;
  /**
   * Sets one drone's stats on its convoy's board and returns its rank before and after, in one
   * atomic step. Null when the board is not cached (the caller rebuilds it, then calls again).
   */
  updateLeaderboard(
    convoyId: string,
    member: LeaderboardMember,
  ): Promise<{ previousRank: number | null; newRank: number } | null>;
  /** A page of the board, best first; null when the board is not cached. */
  leaderboardPage(
    convoyId: string,
    offset: number,
    limit: number,
  ): Promise<{ rows: LeaderboardRow[]; size: number } | null>;

  /**
   * Counts one use of `scope` in a fixed window of `windowS` seconds (a rate limit, the SDK
   * seed's `ratelimit:{who}:{endpoint}:{window}`): the count including this one, and the seconds
   * until the window resets. Null when the cache cannot say; callers then allow the use.
   */
  countInWindow(
    scope: string,
    windowS: number,
  ): Promise<{ count: number; resetInS: number } | null>;

  /** Adds to a per-minute counter (`metrics:{name}:{yyyyMMddHHmm}`, kept an hour). */
  addToMetric(name: string, amount: number, atMs: number): Promise<void>;
  /** That counter's minutes from `fromMs` to `toMs`, oldest first (minutes with none are 0). */
  metricPerMinute(name: string, fromMs: number, toMs: number): Promise<number[]>;

  /**
   * A lease (a lock with a time limit, the SDK seed's `SET key token NX EX ttl`) on `name`, so
   * that one GCS instance alone does something: 'held' when another holder has it, 'unavailable'
   * when the cache cannot say. Renew before the TTL runs out; release when done.
   */
  tryLease(name: string, token: string, ttlS: number): Promise<'acquired' | 'held' | 'unavailable'>;
  renewLease(
    name: string,
    token: string,
    ttlS: number,
  ): Promise<'renewed' | 'lost' | 'unavailable'>;
  /** Releases the lease if (and only if) this token still holds it. */
  releaseLease(name: string, token: string): Promise<void>;

  /** Event-driven invalidation of one entity's entry. */
  invalidate(entity: CacheEntity, id: string): Promise<void>;
  /** Drops everything cached for a convoy. */
  invalidateConvoy(convoyId: string): Promise<void>;

  stats(): CacheStats;
  close(): Promise<void>;
}

/**
 * What a cache implementation may log through. Structural, so the core's logger fits without the
 * ports importing the core (lint keeps ports to domain/ and src-shared/).
 */
export interface CacheLog {
  info(message: string, detail?: unknown): void;
  warn(message: string, detail?: unknown): void;
}

/** What a networked cache can say about itself beyond hits and misses (cache.stats). */
export interface CacheDiagnostics {
  /** Memory the cache server reports using, in bytes. */
  memoryUsedBytes: number | null;
  connections: { total: number; ready: number };
}

/** Implemented by caches that have a server to ask (Redis); the in-process one has not. */
export interface DiagnosableCache {
  diagnostics(): Promise<CacheDiagnostics>;
}

export function isDiagnosable(cache: object): cache is DiagnosableCache {
  return typeof (cache as Partial<DiagnosableCache>).diagnostics === 'function';
}

/** The per-minute bucket a time falls in: `yyyyMMddHHmm`, UTC. */
export function minuteBucket(atMs: number): string {
  return new Date(atMs).toISOString().slice(0, 16).replace(/[-T:]/g, '');
}

/** How long per-minute metrics are kept, as the SDK seed keeps its real-time metrics. */
export const METRIC_TTL_S = 3600;

/** The per-minute ingest counters: `metrics:ingest_telemetry_rows:{minute}` and so on. */
export const INGEST_METRICS = {
  telemetryRows: 'ingest_telemetry_rows',
  engagements: 'ingest_engagements',
} as const;
