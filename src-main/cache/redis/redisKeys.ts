import { CACHE_TTL_SECONDS, type CacheEntity } from '../../../src-shared/constants';

/**
 * The seed's key names (seeds/redis-cache-schema-convoy.md), `{domain}:{entity}:{id}`, in one
 * place. An optional prefix lets several deployments (or test runs) share one Redis without
 * seeing each other's keys; it is empty by default, so the keys are exactly the seed's.
 */
export class RedisKeys {
  constructor(readonly prefix = '') {}

  leaderboard = (convoyId: string): string => `${this.prefix}convoy:leaderboard:${convoyId}`;
  droneState = (droneId: string): string => `${this.prefix}drone:state:${droneId}`;
  roster = (convoyId: string): string => `${this.prefix}convoy:roster:${convoyId}`;
  telemetryLatest = (droneId: string): string => `${this.prefix}telemetry:latest:${droneId}`;
  engagementStats = (droneId: string): string => `${this.prefix}stats:engagements:${droneId}`;
  convoySummary = (convoyId: string): string => `${this.prefix}convoy:summary:${convoyId}`;
  activeConvoys = (): string => `${this.prefix}convoys:active`;
  meshTopology = (convoyId: string): string => `${this.prefix}mesh:topology:${convoyId}`;
  waypointProgress = (droneId: string): string => `${this.prefix}waypoints:progress:${droneId}`;

  /** The SDK seed's rate-limit counter: `ratelimit:{who}:{endpoint}:{window}`. */
  rateLimit = (scope: string, windowS: number): string =>
    `${this.prefix}ratelimit:${scope}:${windowS}`;
  /** The SDK seed's real-time metric: `metrics:{name}:{bucket}`, per minute here. */
  metric = (name: string, bucket: string): string => `${this.prefix}metrics:${name}:${bucket}`;

  /** A lease: the name is already in the SDK seed's lock pattern, `{domain}:lock:{id}`. */
  lease = (name: string): string => `${this.prefix}${name}`;

  /** The prefix the Lua scripts put before a drone id to reach its stats. */
  get engagementStatsPrefix(): string {
    return `${this.prefix}stats:engagements:`;
  }

  /** The seed's bulk-invalidation pattern for a convoy: `convoy:*:{convoy_id}*`. */
  convoyPattern = (convoyId: string): string => `${this.prefix}convoy:*:${convoyId}*`;

  /** The seed's monitoring counters: `cache:hits:{entity}` and `cache:misses:{entity}`. */
  hits = (entity: CacheEntity): string => `${this.prefix}cache:hits:${entityName(entity)}`;
  misses = (entity: CacheEntity): string => `${this.prefix}cache:misses:${entityName(entity)}`;

  /** The key of one entity's entry, for event-driven invalidation. */
  of(entity: CacheEntity, id: string): string {
    switch (entity) {
      case 'leaderboard':
        return this.leaderboard(id);
      case 'droneState':
        return this.droneState(id);
      case 'convoyRoster':
        return this.roster(id);
      case 'telemetryLatest':
        return this.telemetryLatest(id);
      case 'engagementStats':
        return this.engagementStats(id);
      case 'convoySummary':
        return this.convoySummary(id);
      case 'activeConvoys':
        return this.activeConvoys();
      case 'meshTopology':
        return this.meshTopology(id);
      case 'waypointProgress':
        return this.waypointProgress(id);
    }
  }
}

/** `telemetryLatest` → `telemetry_latest`; the seed's own example is `cache:hits:leaderboard`. */
export function entityName(entity: CacheEntity): string {
  return entity.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
}

export const ttlSeconds = (entity: CacheEntity): number => CACHE_TTL_SECONDS[entity];
