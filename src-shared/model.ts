import { z } from 'zod';

/**
 * The data model of DESIGN.md as zod schemas; the TypeScript types are inferred from them so the
 * contract and the code can never drift apart.
 */

export const Uuid = z.uuid();

export const DRONE_STATUSES = [
  'GROUNDED',
  'AIRBORNE',
  'LOITER',
  'ENGAGING',
  'RTB',
  'LANDED',
  'LOST',
] as const;
export const DroneStatus = z.enum(DRONE_STATUSES);
export type DroneStatus = z.infer<typeof DroneStatus>;

export const WEAPON_TYPES = [
  'AGM114_HELLFIRE',
  'GBU12_PAVEWAY',
  'GBU38_JDAM',
  'AGM176_GRIFFIN',
  'GUN_30MM',
] as const;
export const WeaponType = z.enum(WEAPON_TYPES);
export type WeaponType = z.infer<typeof WeaponType>;

export const PLATFORM_TYPES = [
  'MQ9_REAPER',
  'MQ1C_GRAY_EAGLE',
  'RQ7_SHADOW',
  'SCAN_EAGLE',
] as const;
export const PlatformType = z.enum(PLATFORM_TYPES);
export type PlatformType = z.infer<typeof PlatformType>;

export const CONVOY_STATUSES = ['PLANNED', 'ACTIVE', 'COMPLETE'] as const;
export const ConvoyStatus = z.enum(CONVOY_STATUSES);
export type ConvoyStatus = z.infer<typeof ConvoyStatus>;

export const BoundingBox = z.object({
  minLat: z.number().min(-90).max(90),
  maxLat: z.number().min(-90).max(90),
  minLon: z.number().min(-180).max(180),
  maxLon: z.number().min(-180).max(180),
});
export type BoundingBox = z.infer<typeof BoundingBox>;

/** Times travel as epoch milliseconds (simulation clock when simulated). */
export const EpochMs = z.number().int().nonnegative();

export const Convoy = z.object({
  id: Uuid,
  callsign: z.string(),
  missionType: z.string(),
  status: ConvoyStatus,
  aor: z.object({ name: z.string(), bbox: BoundingBox }),
  rulesOfEngagement: z.string(),
  commandingUnit: z.string(),
  missionStart: EpochMs,
  droneIds: z.array(Uuid),
});
export type Convoy = z.infer<typeof Convoy>;

/** Position and flight values: what one telemetry row carries. */
export const Telemetry = z.object({
  droneId: Uuid,
  recordedAt: EpochMs,
  lat: z.number(),
  lon: z.number(),
  altitudeM: z.number(),
  headingDeg: z.number(),
  speedMps: z.number(),
  fuelPct: z.number(),
  currentWaypoint: z.number().int(),
  distanceToNextKm: z.number(),
  meshConnectivity: z.number(),
  status: DroneStatus,
});
export type Telemetry = z.infer<typeof Telemetry>;

export const EngagementStats = z.object({
  totalEngagements: z.number().int().nonnegative(),
  successfulHits: z.number().int().nonnegative(),
  currentStreak: z.number().int().nonnegative(),
  bestStreak: z.number().int().nonnegative(),
  lastEngagementAt: EpochMs.nullable(),
  lastResult: z.enum(['HIT', 'MISS']).nullable(),
});
export type EngagementStats = z.infer<typeof EngagementStats>;

export const Drone = z.object({
  id: Uuid,
  convoyId: Uuid,
  callsign: z.string(),
  platformType: PlatformType,
  status: DroneStatus,
  lat: z.number(),
  lon: z.number(),
  altitudeM: z.number(),
  headingDeg: z.number(),
  speedMps: z.number(),
  fuelPct: z.number(),
  currentWaypoint: z.number().int(),
  distanceToNextKm: z.number(),
  totalEngagements: z.number().int(),
  successfulHits: z.number().int(),
  accuracyPct: z.number(),
  currentStreak: z.number().int(),
  bestStreak: z.number().int(),
  meshConnectivity: z.number(),
  updatedAt: EpochMs,
});
export type Drone = z.infer<typeof Drone>;

export const Waypoint = z.object({
  droneId: Uuid,
  seq: z.number().int().min(0),
  lat: z.number(),
  lon: z.number(),
  altitudeM: z.number(),
  eta: EpochMs.nullable(),
  arrivedAt: EpochMs.nullable(),
});
export type Waypoint = z.infer<typeof Waypoint>;

export const Engagement = z.object({
  id: Uuid,
  convoyId: Uuid,
  droneId: Uuid,
  recordedAt: EpochMs,
  hit: z.boolean(),
  weaponType: WeaponType,
  targetId: z.string().nullable(),
  targetLat: z.number().nullable(),
  targetLon: z.number().nullable(),
  damageAssessment: z.string().nullable(),
});
export type Engagement = z.infer<typeof Engagement>;

export const LeaderboardEntry = z.object({
  rank: z.number().int().min(1),
  droneId: Uuid,
  callsign: z.string(),
  accuracyPct: z.number(),
  totalEngagements: z.number().int(),
  successfulHits: z.number().int(),
  currentStreak: z.number().int(),
  bestStreak: z.number().int(),
  rankChange: z.number().int(),
});
export type LeaderboardEntry = z.infer<typeof LeaderboardEntry>;

export const ConvoySummary = z.object({
  convoyId: Uuid,
  callsign: z.string(),
  missionType: z.string(),
  status: ConvoyStatus,
  droneCount: z.number().int(),
  airborneCount: z.number().int(),
  totalEngagements: z.number().int(),
  totalHits: z.number().int(),
  avgAccuracyPct: z.number(),
  avgFuelPct: z.number(),
  missionStart: EpochMs,
  updatedAt: EpochMs,
});
export type ConvoySummary = z.infer<typeof ConvoySummary>;

export const ALERT_KINDS = [
  'LOW_FUEL',
  'LINK_DEGRADED',
  'LINK_LOST',
  'PROXIMITY',
  'GEOFENCE',
] as const;
export const AlertKind = z.enum(ALERT_KINDS);
export type AlertKind = z.infer<typeof AlertKind>;

export const ALERT_SEVERITIES = ['INFO', 'WARNING', 'CRITICAL'] as const;
export const AlertSeverity = z.enum(ALERT_SEVERITIES);
export type AlertSeverity = z.infer<typeof AlertSeverity>;

/**
 * A condition the main process watches for. Raised when its rule starts to hold, cleared when it
 * stops; acknowledging records that an operator has seen it and changes nothing else.
 */
export const Alert = z.object({
  id: Uuid,
  kind: AlertKind,
  severity: AlertSeverity,
  droneIds: z.array(Uuid).min(1),
  convoyId: Uuid.nullable(),
  message: z.string(),
  raisedAt: EpochMs,
  clearedAt: EpochMs.nullable(),
  acknowledgedAt: EpochMs.nullable(),
});
export type Alert = z.infer<typeof Alert>;
