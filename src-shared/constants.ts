/** Names and numbers every layer agrees on. Nothing here depends on a runtime. */

export const APP_NAME = 'DroneGrid GCS';

/** The AOR the simulator flies in and the map opens on: Afghanistan. */
export const DEFAULT_AOR = {
  name: 'AFGHANISTAN',
  bbox: { minLat: 29.4, maxLat: 38.5, minLon: 60.5, maxLon: 74.9 },
} as const;

export const WAYPOINTS_PER_DRONE = 25;

/** The simulator's fleet limit (telemetry frames index drones with 16 bits; this keeps far below). */
export const MAX_SIMULATED_DRONES = 10_000;

/** Link age thresholds (simulation time): degraded after 3 s, lost after 60 s. */
export const LINK_DEGRADED_AFTER_MS = 3_000;
export const LINK_LOST_AFTER_MS = 60_000;

/** Live telemetry frames to the renderer. */
export const DEFAULT_FRAME_RATE_HZ = 10;

/** How many leaderboard rows travel with a `leaderboard.changed` event. */
export const LEADERBOARD_EVENT_ROWS = 25;
export const LEADERBOARD_MAX_LIMIT = 500;

export const ALERTS_MAX_LIMIT = 1000;
/** Alert thresholds the configuration starts from (GCS_ALERT_* variables). */
export const DEFAULT_LOW_FUEL_PCT = 25;
export const DEFAULT_PROXIMITY_M = 300;
/** Drones further apart than this vertically are not in conflict, however close on the map. */
export const PROXIMITY_VERTICAL_M = 150;

/** Per-type cache TTLs, seconds: the table of seeds/redis-cache-schema-convoy.md. */
export const CACHE_TTL_SECONDS = {
  telemetryLatest: 10,
  droneState: 60,
  convoySummary: 120,
  leaderboard: 300,
  engagementStats: 300,
  activeConvoys: 300,
  waypointProgress: 120,
  meshTopology: 30,
  convoyRoster: 3600,
} as const;

export type CacheEntity = keyof typeof CACHE_TTL_SECONDS;
export const CACHE_ENTITIES = Object.keys(CACHE_TTL_SECONDS) as CacheEntity[];
