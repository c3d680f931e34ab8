import {
  ConvoySummary,
  Drone,
  EngagementStats,
  Telemetry,
  type ConvoySummary as ConvoySummaryT,
  type Drone as DroneT,
  type EngagementStats as EngagementStatsT,
  type Telemetry as TelemetryT,
} from '../../../src-shared/model';
import type { WaypointProgress } from '../Cache';

/**
 * The seed's field names and value formats (snake_case fields, ISO 8601 times, telemetry as the
 * seed's nested JSON) to and from the domain's types. What comes back from Redis is parsed with
 * the same zod schemas as any other input: a hash some other program wrote wrongly is a miss, not
 * a crash. Numbers are written in JavaScript's shortest round-trip form, so they come back exact.
 */

export type RedisHash = Record<string, string>;

const DAY_MS = 86_400_000;
let isoDay = Number.NaN;
let isoDayPrefix = '';
/**
 * `Date.prototype.toISOString`, exactly, at a fifth of its cost: the date part is formatted once
 * per day, the time by arithmetic. A telemetry tick formats 2,000 of these.
 */
export function iso(time: number): string {
  // Date's own rules outside the everyday: it throws on NaN and out-of-range times.
  if (!Number.isFinite(time) || Math.abs(time) > 8.64e15) return new Date(time).toISOString();
  const ms = Math.trunc(time);
  const day = Math.floor(ms / DAY_MS);
  if (day !== isoDay) {
    const text = new Date(day * DAY_MS).toISOString();
    isoDay = day;
    isoDayPrefix = text.slice(0, text.indexOf('T') + 1);
  }
  const inDay = ms - day * DAY_MS;
  const h = Math.floor(inDay / 3_600_000);
  const m = Math.floor(inDay / 60_000) % 60;
  const s = Math.floor(inDay / 1000) % 60;
  const milli = inDay % 1000;
  return `${isoDayPrefix}${h < 10 ? '0' : ''}${h}:${m < 10 ? '0' : ''}${m}:${s < 10 ? '0' : ''}${s}.${milli < 10 ? '00' : milli < 100 ? '0' : ''}${milli}Z`;
}
const isoOrEmpty = (ms: number | null): string => (ms === null ? '' : iso(ms));
const ms = (text: string | undefined): number => (text ? Date.parse(text) : Number.NaN);
const msOrNull = (text: string | undefined): number | null => (text ? Date.parse(text) : null);
const num = (text: string | undefined): number => (text === undefined ? Number.NaN : Number(text));

const parsed = <T>(
  schema: { safeParse(v: unknown): { success: boolean; data?: T } },
  value: unknown,
): T | null => {
  const result = schema.safeParse(value);
  return result.success ? (result.data as T) : null;
};

/** `drone:state:{id}`'s fields: the seed's, then the four the console also shows. */
export const DRONE_STATE_FIELDS = [
  'convoy_id',
  'callsign',
  'status',
  'platform_type',
  'lat',
  'lon',
  'altitude_m',
  'heading_deg',
  'speed_mps',
  'fuel_pct',
  'accuracy_pct',
  'total_engagements',
  'successful_hits',
  'current_waypoint',
  'updated_at',
  // Beyond the seed's list:
  'distance_to_next_km',
  'current_streak',
  'best_streak',
  'mesh_connectivity',
] as const;

/**
 * A drone's `drone:state` values in DRONE_STATE_FIELDS order, not yet text: the telemetry writer
 * compares these for 2,000 drones a tick and turns only the changed ones into text.
 */
export function droneStateFields(d: DroneT): (string | number)[] {
  return [
    d.convoyId,
    d.callsign,
    d.status,
    d.platformType,
    d.lat,
    d.lon,
    d.altitudeM,
    d.headingDeg,
    d.speedMps,
    d.fuelPct,
    d.accuracyPct,
    d.totalEngagements,
    d.successfulHits,
    d.currentWaypoint,
    d.updatedAt,
    d.distanceToNextKm,
    d.currentStreak,
    d.bestStreak,
    d.meshConnectivity,
  ];
}

const UPDATED_AT = DRONE_STATE_FIELDS.indexOf('updated_at');

/** The stored text of field `index` of droneStateFields: numbers as is, the time as ISO 8601. */
export function droneStateText(index: number, value: string | number): string {
  return index === UPDATED_AT ? iso(value as number) : String(value);
}

export function droneToHash(d: DroneT): RedisHash {
  const values = droneStateFields(d);
  return Object.fromEntries(
    DRONE_STATE_FIELDS.map((field, i) => [field, droneStateText(i, values[i]!)]),
  );
}

export function droneFromHash(id: string, h: RedisHash): DroneT | null {
  if (Object.keys(h).length === 0) return null;
  return parsed(Drone, {
    id,
    convoyId: h['convoy_id'],
    callsign: h['callsign'],
    platformType: h['platform_type'],
    status: h['status'],
    lat: num(h['lat']),
    lon: num(h['lon']),
    altitudeM: num(h['altitude_m']),
    headingDeg: num(h['heading_deg']),
    speedMps: num(h['speed_mps']),
    fuelPct: num(h['fuel_pct']),
    currentWaypoint: num(h['current_waypoint']),
    distanceToNextKm: num(h['distance_to_next_km']),
    totalEngagements: num(h['total_engagements']),
    successfulHits: num(h['successful_hits']),
    accuracyPct: num(h['accuracy_pct']),
    currentStreak: num(h['current_streak']),
    bestStreak: num(h['best_streak']),
    meshConnectivity: num(h['mesh_connectivity']),
    updatedAt: ms(h['updated_at']),
  });
}

/** `telemetry:latest:{id}`: the seed's JSON document (plus the drone's status). */
export function telemetryToJson(t: TelemetryT): string {
  return JSON.stringify({
    drone_id: t.droneId,
    recorded_at: iso(t.recordedAt),
    position: {
      latitude: t.lat,
      longitude: t.lon,
      altitude_m: t.altitudeM,
      heading_deg: t.headingDeg,
      speed_mps: t.speedMps,
    },
    fuel_remaining_pct: t.fuelPct,
    current_waypoint: t.currentWaypoint,
    distance_to_next_km: t.distanceToNextKm,
    mesh_connectivity: t.meshConnectivity,
    status: t.status,
  });
}

interface TelemetryDocument {
  drone_id?: unknown;
  recorded_at?: unknown;
  position?: {
    latitude?: unknown;
    longitude?: unknown;
    altitude_m?: unknown;
    heading_deg?: unknown;
    speed_mps?: unknown;
  };
  fuel_remaining_pct?: unknown;
  current_waypoint?: unknown;
  distance_to_next_km?: unknown;
  mesh_connectivity?: unknown;
  status?: unknown;
}

export function telemetryFromJson(text: string | null): TelemetryT | null {
  if (text === null) return null;
  let doc: TelemetryDocument;
  try {
    doc = JSON.parse(text) as TelemetryDocument;
  } catch {
    return null;
  }
  if (typeof doc !== 'object' || doc === null) return null;
  return parsed(Telemetry, {
    droneId: doc.drone_id,
    recordedAt: typeof doc.recorded_at === 'string' ? Date.parse(doc.recorded_at) : Number.NaN,
    lat: doc.position?.latitude,
    lon: doc.position?.longitude,
    altitudeM: doc.position?.altitude_m,
    headingDeg: doc.position?.heading_deg,
    speedMps: doc.position?.speed_mps,
    fuelPct: doc.fuel_remaining_pct,
    currentWaypoint: doc.current_waypoint,
    distanceToNextKm: doc.distance_to_next_km,
    meshConnectivity: doc.mesh_connectivity,
    status: doc.status,
  });
}

/** `stats:engagements:{id}`: the seed's fields; the leaderboard adds callsign, convoy, rank change. */
export function statsToHash(s: EngagementStatsT): RedisHash {
  return {
    total_engagements: String(s.totalEngagements),
    successful_hits: String(s.successfulHits),
    current_streak: String(s.currentStreak),
    best_streak: String(s.bestStreak),
    last_engagement: isoOrEmpty(s.lastEngagementAt),
    last_result: s.lastResult ?? '',
  };
}

export function statsFromHash(h: RedisHash): EngagementStatsT | null {
  if (h['total_engagements'] === undefined) return null;
  return parsed(EngagementStats, {
    totalEngagements: num(h['total_engagements']),
    successfulHits: num(h['successful_hits']),
    currentStreak: num(h['current_streak']),
    bestStreak: num(h['best_streak']),
    lastEngagementAt: msOrNull(h['last_engagement']),
    lastResult: h['last_result'] || null,
  });
}

/** `convoy:summary:{id}`. */
export function summaryToHash(s: ConvoySummaryT): RedisHash {
  return {
    convoy_callsign: s.callsign,
    mission_type: s.missionType,
    status: s.status,
    drone_count: String(s.droneCount),
    airborne_count: String(s.airborneCount),
    total_engagements: String(s.totalEngagements),
    total_hits: String(s.totalHits),
    avg_accuracy_pct: String(s.avgAccuracyPct),
    avg_fuel_pct: String(s.avgFuelPct),
    mission_start: iso(s.missionStart),
    updated_at: iso(s.updatedAt),
  };
}

export function summaryFromHash(convoyId: string, h: RedisHash): ConvoySummaryT | null {
  if (Object.keys(h).length === 0) return null;
  return parsed(ConvoySummary, {
    convoyId,
    callsign: h['convoy_callsign'],
    missionType: h['mission_type'],
    status: h['status'],
    droneCount: num(h['drone_count']),
    airborneCount: num(h['airborne_count']),
    totalEngagements: num(h['total_engagements']),
    totalHits: num(h['total_hits']),
    avgAccuracyPct: num(h['avg_accuracy_pct']),
    avgFuelPct: num(h['avg_fuel_pct']),
    missionStart: ms(h['mission_start']),
    updatedAt: ms(h['updated_at']),
  });
}

/** `waypoints:progress:{id}`; an unknown final ETA is an empty `eta_final`. */
export function progressToHash(p: WaypointProgress): RedisHash {
  return {
    total_waypoints: String(p.totalWaypoints),
    current_waypoint: String(p.currentWaypoint),
    completed_waypoints: String(p.completedWaypoints),
    progress_pct: String(p.progressPct),
    eta_final: isoOrEmpty(p.etaFinal),
  };
}

export function progressFromHash(h: RedisHash): WaypointProgress | null {
  if (Object.keys(h).length === 0) return null;
  const p: WaypointProgress = {
    totalWaypoints: num(h['total_waypoints']),
    currentWaypoint: num(h['current_waypoint']),
    completedWaypoints: num(h['completed_waypoints']),
    progressPct: num(h['progress_pct']),
    etaFinal: msOrNull(h['eta_final']),
  };
  const numbers = [p.totalWaypoints, p.currentWaypoint, p.completedWaypoints, p.progressPct];
  if (!numbers.every(Number.isFinite)) return null;
  if (p.etaFinal !== null && !Number.isFinite(p.etaFinal)) return null;
  return p;
}
