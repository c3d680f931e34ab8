import { z } from 'zod';
import { ALERTS_MAX_LIMIT, LEADERBOARD_MAX_LIMIT, MAX_SIMULATED_DRONES } from './constants';
import { AppCommand } from './appCommands';
import {
  Alert,
  BoundingBox,
  Convoy,
  ConvoySummary,
  Drone,
  Engagement,
  EpochMs,
  LeaderboardEntry,
  Uuid,
  Waypoint,
  WeaponType,
} from './model';
import { FRAME_STREAMS, TelemetryFrame } from './telemetryFrame';

/**
 * The one contract between the renderer and the core. Both hosts, the preload and the renderer
 * client are derived from these two maps: a channel is never written by hand twice.
 *
 * When adding a request: add it here, add its handler in src-main/hosts/handlers.ts (the type
 * checker insists), and a rejection case in test/unit/contract.test.ts.
 */

const NoInput = z.object({}).strict();

const ConvoyRef = z.object({ convoyId: Uuid }).strict();
const DroneRef = z.object({ droneId: Uuid }).strict();

export const SimulatorStatus = z.object({
  running: z.boolean(),
  seed: z.number().int(),
  convoys: z.number().int(),
  dronesPerConvoy: z.number().int(),
  droneCount: z.number().int(),
  timeScale: z.number(),
  engagementsPerDroneHour: z.number(),
  simTime: z.number(),
  ticks: z.number().int(),
});
export type SimulatorStatus = z.infer<typeof SimulatorStatus>;

export const SimulatorSettings = z
  .object({
    seed: z
      .number()
      .int()
      .min(0)
      .max(2 ** 31 - 1),
    convoys: z.number().int().min(1).max(64),
    dronesPerConvoy: z.number().int().min(1).max(1000),
    timeScale: z.number().min(0.1).max(64),
    engagementsPerDroneHour: z.number().min(0).max(3600),
  })
  .partial()
  .strict()
  .refine((s) => (s.convoys ?? 1) * (s.dronesPerConvoy ?? 1) <= MAX_SIMULATED_DRONES, {
    message: `at most ${MAX_SIMULATED_DRONES} drones in all`,
  });
export type SimulatorSettings = z.infer<typeof SimulatorSettings>;

const ComponentHealth = z.object({
  kind: z.string(),
  state: z.enum(['up', 'degraded', 'down']),
  detail: z.string().optional(),
  /** A cache behind a circuit breaker: closed (healthy), open (not called), half-open (probing). */
  circuit: z.enum(['closed', 'open', 'half-open']).optional(),
});

export const SystemHealth = z.object({
  status: z.enum(['ok', 'degraded', 'down']),
  version: z.string(),
  uptimeS: z.number(),
  dataDir: z.string(),
  store: ComponentHealth,
  cache: ComponentHealth,
  simulator: SimulatorStatus,
  droneCount: z.number().int(),
  convoyCount: z.number().int(),
});
export type SystemHealth = z.infer<typeof SystemHealth>;

/** The cache as the operator's "Connections & cache" panel and `GET /api/v1/cache/stats` show it. */
export const CacheStatsReport = z.object({
  kind: z.string(),
  state: z.enum(['up', 'degraded', 'down']),
  detail: z.string().optional(),
  circuit: z.enum(['closed', 'open', 'half-open']).nullable(),
  /** Hits and misses per entity since this GCS started (the seed's `cache:hits:{entity}`). */
  entities: z.array(
    z.object({ entity: z.string(), hits: z.number().int(), misses: z.number().int() }),
  ),
  /** Latency of recent cache calls, in ms; null for the in-process cache or before any call. */
  latencyMs: z
    .object({ p50: z.number(), p95: z.number(), p99: z.number(), samples: z.number().int() })
    .nullable(),
  memoryUsedBytes: z.number().nullable(),
  connections: z.object({ total: z.number().int(), ready: z.number().int() }).nullable(),
  /** Rows and engagements ingested per wall-clock minute, the last ten minutes, oldest first. */
  ingestPerMinute: z.object({
    telemetryRows: z.array(z.number().int()),
    engagements: z.array(z.number().int()),
  }),
  /** Calls answered without the cache (circuit open, timeout, error, stale entry). */
  fallbacks: z
    .object({
      open: z.number().int(),
      timeout: z.number().int(),
      error: z.number().int(),
      stale: z.number().int(),
    })
    .nullable(),
});
export type CacheStatsReport = z.infer<typeof CacheStatsReport>;

export const AlertSettings = z.object({ lowFuelPct: z.number(), proximityM: z.number() });
export type AlertSettings = z.infer<typeof AlertSettings>;

/** The offline raster basemap the operator has opened, if any. */
export const TileSourceStatus = z.object({
  active: z.boolean(),
  path: z.string().nullable(),
  format: z.enum(['png', 'jpeg', 'webp']).nullable(),
  minZoom: z.number().int(),
  maxZoom: z.number().int(),
  bounds: BoundingBox.nullable(),
  /** Leaflet URL template for the tiles, as this host serves them; null when none is open. */
  urlTemplate: z.string().nullable(),
  /** Why the remembered file could not be reopened, if it could not. */
  error: z.string().nullable(),
});
export type TileSourceStatus = z.infer<typeof TileSourceStatus>;

export const ConvoyDetail = z.object({
  convoy: Convoy,
  roster: z.array(Drone),
  summary: ConvoySummary,
});

export const Leaderboard = z.object({
  convoyId: Uuid,
  convoyCallsign: z.string(),
  totalDrones: z.number().int(),
  averageAccuracyPct: z.number(),
  offset: z.number().int(),
  entries: z.array(LeaderboardEntry),
});
export type Leaderboard = z.infer<typeof Leaderboard>;

export const EngagementResult = z.object({
  success: z.boolean(),
  engagementId: Uuid,
  newRank: z.number().int(),
  rankChange: z.number().int(),
  newAccuracyPct: z.number(),
  totalEngagements: z.number().int(),
  successfulHits: z.number().int(),
});
export type EngagementResult = z.infer<typeof EngagementResult>;

/** Maps a telemetry frame's compact drone index to the drone, so frames need not carry UUIDs. */
export const DroneIndex = z.object({
  version: z.number().int(),
  drones: z.array(
    z.object({ index: z.number().int(), droneId: Uuid, convoyId: Uuid, callsign: z.string() }),
  ),
});
export type DroneIndex = z.infer<typeof DroneIndex>;

/** `leaderboard.get` and `replay.leaderboard` take the same query. */
const LeaderboardQuery = z
  .object({
    convoyId: Uuid,
    limit: z.number().int().min(1).max(LEADERBOARD_MAX_LIMIT).default(10),
    offset: z.number().int().min(0).default(0),
  })
  .strict();

const MeshTopology = z.object({ convoyId: Uuid, links: z.array(z.tuple([Uuid, Uuid])) });

/** A folder on the machine the GCS core runs on (the web host reads it there, never uploads). */
const HostFolder = z
  .string()
  .min(1)
  .max(4096)
  .refine((p) => !p.includes('\0'), 'a path may not contain NUL characters');

export const MISSION_EXPORT_STATES = ['running', 'done', 'failed', 'cancelled'] as const;
export const MISSION_EXPORT_PHASES = ['preparing', 'tables', 'telemetry', 'finishing'] as const;

/** One mission export, as its progress events and `mission.exports` report it. */
export const MissionExportStatus = z.object({
  exportId: Uuid,
  folder: z.string(),
  name: z.string(),
  state: z.enum(MISSION_EXPORT_STATES),
  phase: z.enum(MISSION_EXPORT_PHASES),
  /** 0..1 over the whole export. */
  fraction: z.number(),
  telemetryRows: z.number().int(),
  error: z.string().nullable(),
  startedAt: z.number(),
  finishedAt: z.number().nullable(),
  /** Rows written per table, once done. */
  rowCounts: z.record(z.string(), z.number().int()).nullable(),
});
export type MissionExportStatus = z.infer<typeof MissionExportStatus>;

/** Replay speeds: a tenth of real time to 64 times it, either way. */
export const REPLAY_MIN_SPEED = 0.1;
export const REPLAY_MAX_SPEED = 64;

/** The offline replay, as `replay.*` answers and `replay.state` events report it. */
export const ReplayStatus = z.object({
  active: z.boolean(),
  /** Bumped by every mission opened, so a late answer about the previous one can be told apart. */
  sessionId: z.number().int(),
  folder: z.string().nullable(),
  name: z.string().nullable(),
  startMs: z.number(),
  endMs: z.number(),
  cursorMs: z.number(),
  playing: z.boolean(),
  speed: z.number(),
  reverse: z.boolean(),
  /**
   * The seek index, built in the background after a mission opens: `ready` once seeks use its
   * keyframes, `progress` 1 once its copy of the telemetry makes them fastest.
   */
  index: z.object({ ready: z.boolean(), progress: z.number(), error: z.string().nullable() }),
  droneCount: z.number().int(),
  convoyCount: z.number().int(),
  telemetryRows: z.number().int(),
  engagementCount: z.number().int(),
  /** What the mission's files hold that the replay cannot show (rows of unknown drones, …). */
  warnings: z.array(z.string()),
});
export type ReplayStatus = z.infer<typeof ReplayStatus>;

export const ReplayMarkers = z.object({
  startMs: z.number(),
  endMs: z.number(),
  binMs: z.number(),
  hits: z.array(z.number().int()),
  misses: z.array(z.number().int()),
});
export type ReplayMarkers = z.infer<typeof ReplayMarkers>;

export const ANALYTICS_REPORTS = [
  'accuracy_over_time',
  'engagements_per_hour',
  'hit_rate_by_weapon',
  'fuel_burn_per_drone',
  'distance_per_drone',
  'time_airborne_per_drone',
  'waypoint_completion',
] as const;
export const AnalyticsReportName = z.enum(ANALYTICS_REPORTS);
export type AnalyticsReportName = z.infer<typeof AnalyticsReportName>;

/**
 * One analytics report as a table: `columns`, then `rows` of them (what "Save CSV" writes). A
 * time report's rows are (series, epoch ms, value); a category report's (category, value, …).
 */
export const AnalyticsReport = z.object({
  report: AnalyticsReportName,
  title: z.string(),
  unit: z.string(),
  kind: z.enum(['time', 'category']),
  /** What it was computed over: the live store, or the mission open for replay. */
  source: z.enum(['live', 'replay']),
  columns: z.array(z.string()),
  rows: z.array(z.array(z.union([z.string(), z.number(), z.null()]))),
  computedAt: z.number(),
  /** Answered from the 5-minute cache rather than computed now. */
  cached: z.boolean(),
  elapsedMs: z.number(),
});
export type AnalyticsReport = z.infer<typeof AnalyticsReport>;

export const requests = {
  'convoys.list': { input: NoInput, output: z.array(ConvoySummary) },
  'convoy.get': { input: ConvoyRef, output: ConvoyDetail },
  'drone.get': { input: DroneRef, output: Drone },
  'drone.waypoints': { input: DroneRef, output: z.array(Waypoint) },
  'drones.index': { input: NoInput, output: DroneIndex },
  'leaderboard.get': { input: LeaderboardQuery, output: Leaderboard },
  'engagement.record': {
    input: z
      .object({
        convoyId: Uuid,
        droneId: Uuid,
        hit: z.boolean(),
        weaponType: WeaponType,
        targetId: z.string().min(1).max(128).optional(),
      })
      .strict(),
    output: EngagementResult,
  },
  'simulator.status': { input: NoInput, output: SimulatorStatus },
  'simulator.start': { input: NoInput, output: SimulatorStatus },
  'simulator.stop': { input: NoInput, output: SimulatorStatus },
  'simulator.configure': { input: SimulatorSettings, output: SimulatorStatus },
  'system.health': { input: NoInput, output: SystemHealth },
  'cache.stats': { input: NoInput, output: CacheStatsReport },
  /** Recent alerts, newest first: open ones and those cleared lately (kept across restarts). */
  'alerts.list': {
    input: z
      .object({
        includeCleared: z.boolean().default(true),
        limit: z.number().int().min(1).max(ALERTS_MAX_LIMIT).default(200),
      })
      .strict(),
    output: z.array(Alert),
  },
  'alert.acknowledge': { input: z.object({ alertId: Uuid }).strict(), output: Alert },
  /** The operator's alert thresholds, changed live (unset fields keep their value). */
  'alerts.configure': {
    input: z
      .object({
        lowFuelPct: z.number().min(0).max(101),
        proximityM: z.number().min(1).max(100_000),
      })
      .partial()
      .strict(),
    output: AlertSettings,
  },
  'tiles.status': { input: NoInput, output: TileSourceStatus },
  /** Opens a PMTiles file on the host machine and remembers it for the next start. */
  'tiles.open': {
    input: z.object({ path: z.string().min(1).max(4096) }).strict(),
    output: TileSourceStatus,
  },
  'tiles.close': { input: NoInput, output: TileSourceStatus },
  /** A convoy's radio mesh now: each link once, as a pair of drone ids. */
  'mesh.topology': { input: ConvoyRef, output: MeshTopology },

  /**
   * Exports a mission (convoys over a time range; by default the active convoys from their
   * launch to now) to a new folder on the host machine; progress comes as events.
   */
  'mission.export': {
    input: z
      .object({
        folder: HostFolder,
        convoyIds: z.array(Uuid).min(1).max(64).optional(),
        fromMs: EpochMs.optional(),
        toMs: EpochMs.optional(),
        name: z.string().min(1).max(200).optional(),
      })
      .strict()
      .refine((r) => r.fromMs === undefined || r.toMs === undefined || r.fromMs <= r.toMs, {
        message: 'fromMs must not be after toMs',
        path: ['fromMs'],
      }),
    output: MissionExportStatus,
  },
  'mission.export.cancel': {
    input: z.object({ exportId: Uuid }).strict(),
    output: MissionExportStatus,
  },
  'mission.exports': { input: NoInput, output: z.array(MissionExportStatus) },

  /** Opens a mission folder for replay (closing any other); needs nothing but the folder. */
  'replay.open': { input: z.object({ folder: HostFolder }).strict(), output: ReplayStatus },
  'replay.close': { input: NoInput, output: ReplayStatus },
  'replay.status': { input: NoInput, output: ReplayStatus },
  'replay.play': {
    input: z
      .object({
        speed: z.number().min(REPLAY_MIN_SPEED).max(REPLAY_MAX_SPEED).optional(),
        reverse: z.boolean().optional(),
      })
      .strict(),
    output: ReplayStatus,
  },
  'replay.pause': { input: NoInput, output: ReplayStatus },
  /** Moves the cursor to a time (clamped to the mission). */
  'replay.seek': { input: z.object({ atMs: EpochMs }).strict(), output: ReplayStatus },
  /** Moves the cursor by a signed amount of mission time. */
  'replay.step': {
    input: z.object({ deltaMs: z.number().int().min(-86_400_000).max(86_400_000) }).strict(),
    output: ReplayStatus,
  },
  /** Engagements per slice of the mission, hits and misses apart, for the timeline. */
  'replay.markers': {
    input: z.object({ bins: z.number().int().min(1).max(4000) }).strict(),
    output: ReplayMarkers,
  },
  // The console's own requests, answered from the mission at the cursor (same inputs/outputs).
  'replay.index': { input: NoInput, output: DroneIndex },
  'replay.convoys': { input: NoInput, output: z.array(ConvoySummary) },
  'replay.convoy': { input: ConvoyRef, output: ConvoyDetail },
  'replay.leaderboard': { input: LeaderboardQuery, output: Leaderboard },
  'replay.drone': { input: DroneRef, output: Drone },
  'replay.waypoints': { input: DroneRef, output: z.array(Waypoint) },
  'replay.mesh': { input: ConvoyRef, output: MeshTopology },

  /**
   * Sends every drone of a stream again as one full frame (to every window: a full frame is
   * harmless to one that has it all), for a window that switches between live and replay.
   */
  'frames.refresh': {
    input: z.object({ stream: z.enum(FRAME_STREAMS) }).strict(),
    output: z.object({ sent: z.boolean() }),
  },

  /**
   * An analytics report over the live store (the embedded DuckDB store) or the mission open for
   * replay, computed in DuckDB in the main process and kept five minutes (`refresh` recomputes).
   */
  'analytics.report': {
    input: z
      .object({
        report: AnalyticsReportName,
        source: z.enum(['live', 'replay']),
        convoyId: Uuid.optional(),
        droneId: Uuid.optional(),
        fromMs: EpochMs.optional(),
        toMs: EpochMs.optional(),
        refresh: z.boolean().optional(),
      })
      .strict(),
    output: AnalyticsReport,
  },

  /** The desktop app's folder dialog; the web host answers UNAVAILABLE (type the path instead). */
  'host.pickFolder': {
    input: z.object({ purpose: z.enum(['open-mission', 'export-mission']) }).strict(),
    output: z.object({ path: z.string().nullable() }),
  },
} as const;

export const events = {
  'telemetry.frame': TelemetryFrame,
  'engagement.recorded': z.object({
    engagement: Engagement,
    callsign: z.string(),
    newRank: z.number().int(),
    rankChange: z.number().int(),
    newAccuracyPct: z.number(),
  }),
  'leaderboard.changed': z.object({ convoyId: Uuid, entries: z.array(LeaderboardEntry) }),
  'convoy.summary': ConvoySummary,
  /** An alert raised, cleared or acknowledged: the whole alert, to upsert by id. */
  'alert.changed': Alert,
  'mission.export.progress': MissionExportStatus,
  /** The replay's drones at the cursor, as live frames are (binary on both transports). */
  'replay.frame': TelemetryFrame,
  'replay.state': ReplayStatus,
  /** A convoy's whole board at the cursor (every drone: the drone table reads their records). */
  'replay.leaderboard': z.object({ convoyId: Uuid, entries: z.array(LeaderboardEntry) }),
  'replay.summary': ConvoySummary,
  /** A native menu item of the desktop app (src-main/shell/appMenu.ts); the web host sends none. */
  'app.command': AppCommand,
} as const;

export type Requests = typeof requests;
export type RequestName = keyof Requests;
/** What a caller may pass (defaults still optional). */
export type RequestInput<K extends RequestName> = z.input<Requests[K]['input']>;
/** What a handler receives: validated, defaults applied. */
export type ParsedInput<K extends RequestName> = z.output<Requests[K]['input']>;
export type RequestOutput<K extends RequestName> = z.output<Requests[K]['output']>;

export type Events = typeof events;
export type EventName = keyof Events;
export type EventPayload<K extends EventName> = z.output<Events[K]>;

export const REQUEST_NAMES = Object.keys(requests) as RequestName[];
export const EVENT_NAMES = Object.keys(events) as EventName[];

export function isRequestName(name: unknown): name is RequestName {
  return typeof name === 'string' && Object.hasOwn(requests, name);
}

export function isEventName(name: unknown): name is EventName {
  return typeof name === 'string' && Object.hasOwn(events, name);
}

/** The API the renderer sees, whichever host is behind it. */
export interface GcsApi {
  request<K extends RequestName>(channel: K, input: RequestInput<K>): Promise<RequestOutput<K>>;
  /** Returns an unsubscribe function. */
  on<K extends EventName>(event: K, listener: (payload: EventPayload<K>) => void): () => void;
}
