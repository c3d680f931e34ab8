import type {
  Alert,
  Convoy,
  ConvoyStatus,
  EngagementStats,
  Engagement,
  PlatformType,
  Telemetry,
  Waypoint,
} from '../../src-shared/model';

/** A drone's fixed identity; its moving state lives in telemetry and its record in stats. */
export interface DroneRecord {
  id: string;
  convoyId: string;
  callsign: string;
  platformType: PlatformType;
}

export interface WaypointArrival {
  droneId: string;
  seq: number;
  arrivedAt: number;
}

export interface ComponentHealth {
  kind: string;
  state: 'up' | 'degraded' | 'down';
  detail?: string;
  /** A cache behind a circuit breaker reports its state: closed is healthy. */
  circuit?: 'closed' | 'open' | 'half-open';
}

/** Where a store reports what it does on its own (a spool filling and draining). */
export interface StoreLog {
  info(message: string, detail?: unknown): void;
  warn(message: string, detail?: unknown): void;
  error(message: string, detail?: unknown): void;
}

/** Some drones' telemetry over a closed time range (epoch ms, both ends included). */
export interface TelemetryRange {
  droneIds: readonly string[];
  fromMs: number;
  toMs: number;
}

/** Simulator settings persisted with the data so a restart resumes the same mission. */
export interface SimulatorCheckpoint {
  seed: number;
  convoys: number;
  dronesPerConvoy: number;
  timeScale: number;
  engagementsPerDroneHour: number;
  /** Simulation time at which this fleet's mission began. */
  startTime: number;
  simTime: number;
  running: boolean;
}

/**
 * The durable store port. One implementation per backend (DuckDB file by default, Cassandra or
 * ScyllaDB at scale); all pass the same contract suite. Writes that return have been made durable.
 */
export interface Store {
  readonly kind: string;
  health(): ComponentHealth;

  /** Saves convoys with exactly these drones and routes, replacing what those convoys had. */
  saveFleet(
    convoys: readonly Convoy[],
    drones: readonly DroneRecord[],
    waypoints: readonly Waypoint[],
  ): Promise<void>;
  setConvoyStatus(convoyId: string, status: ConvoyStatus): Promise<void>;
  listConvoys(): Promise<Convoy[]>;
  listDrones(): Promise<DroneRecord[]>;
  getWaypoints(droneId: string): Promise<Waypoint[]>;
  markWaypointsArrived(arrivals: readonly WaypointArrival[]): Promise<void>;

  /** Appends a batch of telemetry rows and moves each drone's latest state forward. */
  appendTelemetry(rows: readonly Telemetry[]): Promise<void>;
  /** The newest row of every drone that has reported. */
  latestTelemetry(): Promise<Map<string, Telemetry>>;
  telemetryForDrone(droneId: string, fromMs: number, toMs: number): Promise<Telemetry[]>;
  countTelemetry(): Promise<number>;
  /**
   * The telemetry of a range a page at a time, so that memory stays bounded however long the
   * range (mission exports). Pages and the rows in them come in no particular order.
   */
  telemetryPages(range: TelemetryRange, pageRows?: number): AsyncIterable<Telemetry[]>;

  /** Stores the engagement and the drone's stats after it, atomically. */
  recordEngagement(engagement: Engagement, statsAfter: EngagementStats): Promise<void>;
  /** In the order they happened; a drone's own engagements in exactly the order they were recorded. */
  listEngagements(filter: { convoyId?: string; droneId?: string }): Promise<Engagement[]>;
  getStats(droneId: string): Promise<EngagementStats | null>;
  /** Stats of every drone of a convoy that has engaged. */
  listStats(convoyId: string): Promise<Map<string, EngagementStats>>;

  /** Inserts alerts or updates them in place (cleared, acknowledged), by id. */
  saveAlerts(alerts: readonly Alert[]): Promise<void>;
  /** Every open alert, and the newest cleared ones up to `clearedLimit`; newest first. */
  recentAlerts(clearedLimit: number): Promise<Alert[]>;

  getSetting(key: string): Promise<string | null>;
  /** Stores a setting; null removes it. */
  putSetting(key: string, value: string | null): Promise<void>;

  loadSimulatorCheckpoint(): Promise<SimulatorCheckpoint | null>;
  saveSimulatorCheckpoint(checkpoint: SimulatorCheckpoint): Promise<void>;

  close(): Promise<void>;
}

/**
 * A store that writes a range of telemetry to a Parquet file of the mission format itself, the
 * rows never leaving it (the DuckDB store). Exports use it where it exists, pages elsewhere.
 */
export interface TelemetryParquetWriter {
  writeTelemetryParquet(
    range: TelemetryRange,
    file: string,
    onProgress: (fraction: number) => void,
  ): { done: Promise<number>; interrupt(): void };
}

export function writesTelemetryParquet(store: Store): store is Store & TelemetryParquetWriter {
  return typeof (store as Partial<TelemetryParquetWriter>).writeTelemetryParquet === 'function';
}

/**
 * A store that answers analytics SQL itself, over the views of analytics/analyticsReports.ts
 * (a_convoys, a_drones, a_telemetry, a_engagements, a_waypoints), on a connection of its own.
 */
export interface AnalyticsQueries {
  analyticsQuery(
    sql: string,
    params: readonly (string | number | bigint)[],
  ): Promise<Record<string, unknown>[]>;
}

export function answersAnalytics(store: Store): store is Store & AnalyticsQueries {
  return typeof (store as Partial<AnalyticsQueries>).analyticsQuery === 'function';
}

/**
 * A store that keeps telemetry by the seed's retention itself: complete minutes rolled up into
 * one row per drone and minute (kept indefinitely), raw rows dropped once rolled up and older
 * than the hot window. A store without it keeps raw rows by its own rules (the CQL schema's TTL).
 */
export interface TelemetryRetention {
  /** Rolls up every minute that ends at or before `throughMs`; returns the minute rows written. */
  rollUpTelemetry(throughMs: number): Promise<number>;
  /** Deletes raw rows before `beforeMs` that are rolled up; returns how many. */
  pruneTelemetry(beforeMs: number): Promise<number>;
  /** The minute rows of a drone, oldest first. */
  telemetryMinutes(droneId: string, fromMs: number, toMs: number): Promise<TelemetryMinute[]>;
}

export interface TelemetryMinute {
  droneId: string;
  minute: number;
  samples: number;
  avgLat: number;
  avgLon: number;
  avgAltitudeM: number;
  minFuelPct: number;
  maxFuelPct: number;
  fuelBurnedPct: number;
  distanceKm: number;
  airborneSamples: number;
  engagements: number;
  hits: number;
}

export function keepsRetention(store: Store): store is Store & TelemetryRetention {
  return typeof (store as Partial<TelemetryRetention>).rollUpTelemetry === 'function';
}
