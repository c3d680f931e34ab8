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
