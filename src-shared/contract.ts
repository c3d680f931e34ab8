import { z } from 'zod';
import { ALERTS_MAX_LIMIT, LEADERBOARD_MAX_LIMIT, MAX_SIMULATED_DRONES } from './constants';
import {
  Alert,
  BoundingBox,
  Convoy,
  ConvoySummary,
  Drone,
  Engagement,
  LeaderboardEntry,
  Uuid,
  Waypoint,
  WeaponType,
} from './model';
import { TelemetryFrame } from './telemetryFrame';

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

export const requests = {
  'convoys.list': { input: NoInput, output: z.array(ConvoySummary) },
  'convoy.get': { input: ConvoyRef, output: ConvoyDetail },
  'drone.get': { input: DroneRef, output: Drone },
  'drone.waypoints': { input: DroneRef, output: z.array(Waypoint) },
  'drones.index': { input: NoInput, output: DroneIndex },
  'leaderboard.get': {
    input: z
      .object({
        convoyId: Uuid,
        limit: z.number().int().min(1).max(LEADERBOARD_MAX_LIMIT).default(10),
        offset: z.number().int().min(0).default(0),
      })
      .strict(),
    output: Leaderboard,
  },
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
  'mesh.topology': {
    input: ConvoyRef,
    output: z.object({ convoyId: Uuid, links: z.array(z.tuple([Uuid, Uuid])) }),
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
