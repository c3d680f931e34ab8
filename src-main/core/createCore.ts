import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { CacheStatsReport, SystemHealth } from '../../src-shared/contract';
import { GcsError } from '../../src-shared/errors';
import { INGEST_METRICS, type Cache } from '../cache/Cache';
import { MemoryCache } from '../cache/memory/MemoryCache';
import { RedisCache } from '../cache/redis/RedisCache';
import { RedisEventRelay, RELAYED_EVENTS } from '../cache/redis/redisEventRelay';
import { ResilientCache } from '../cache/resilience/ResilientCache';
import {
  CACHE_ENTITIES,
  LINK_DEGRADED_AFTER_MS,
  LINK_LOST_AFTER_MS,
} from '../../src-shared/constants';
import { AlertService } from '../services/alertService';
import { TileService } from '../services/tileService';
import { RateLimits } from '../services/rateLimits';
import { ConvoyService } from '../services/convoyService';
import { DroneService } from '../services/droneService';
import { EngagementService } from '../services/engagementService';
import { FleetRegistry } from '../services/fleetRegistry';
import { LeaderboardService } from '../services/leaderboardService';
import { AnalyticsService } from '../services/analyticsService';
import { MissionExportService } from '../services/missionExportService';
import { ReplayService } from '../services/replayService';
import { RetentionService } from '../services/retentionService';
import { SimulatorService } from '../services/simulatorService';
import { TelemetryService } from '../services/telemetryService';
import { CqlStore, isUnreachable } from '../store/cql/CqlStore';
import { SpoolingStore } from '../store/spool/SpoolingStore';
import { DuckDbStore } from '../store/duckdb/DuckDbStore';
import type { Store } from '../store/Store';
import type { CoreConfig } from './config';
import { EventBus } from './eventBus';
import { createLogger, type Logger } from './logger';

export interface Core {
  readonly config: CoreConfig;
  readonly bus: EventBus;
  readonly log: Logger;
  readonly store: Store;
  readonly cache: Cache;
  readonly registry: FleetRegistry;
  readonly telemetry: TelemetryService;
  readonly engagements: EngagementService;
  readonly leaderboards: LeaderboardService;
  readonly convoys: ConvoyService;
  readonly drones: DroneService;
  readonly simulator: SimulatorService;
  readonly alerts: AlertService;
  readonly tiles: TileService;
  readonly rateLimits: RateLimits;
  readonly missionExports: MissionExportService;
  readonly replay: ReplayService;
  readonly analytics: AnalyticsService;
  readonly retention: RetentionService;
  /** The cache's health, counters, latency and server figures, for cache.stats. */
  cacheStats(): Promise<CacheStatsReport>;
  health(): SystemHealth;
  /** Stops the simulator, flushes telemetry, closes the store. Safe to call twice. */
  close(): Promise<void>;
}

export const DATA_FILE = 'dronegrid.duckdb';

/** The one composition root: every service is built here, from the config, and nowhere else. */
export async function createCore(
  config: CoreConfig,
  log: Logger = createLogger(config.logLevel),
): Promise<Core> {
  const startedAt = Date.now();
  await mkdir(config.dataDir, { recursive: true });
  // A remote store gets a local spool in the data folder: telemetry and engagements written
  // while the cluster is away are kept there, durably, and replayed when it returns.
  const store: Store =
    config.store.kind === 'cql'
      ? await SpoolingStore.open(
          await CqlStore.open(config.store),
          join(config.dataDir, 'spool'),
          isUnreachable,
          log,
        )
      : await DuckDbStore.open(join(config.dataDir, DATA_FILE));
  let cache: Cache;
  try {
    // Redis sits behind a circuit breaker: down or slow, it costs misses (answered from the
    // store), never errors. The in-process cache cannot fail that way.
    cache =
      config.cache.kind === 'redis'
        ? new ResilientCache(await RedisCache.connect(config.cache, log), { log })
        : new MemoryCache();
  } catch (error) {
    // Wrong credentials, say: nothing started, so close what did and let the error say why.
    await store.close();
    throw error;
  }
  const bus = new EventBus();
  const registry = new FleetRegistry();

  // The GCS clock is the simulator's once it exists; services ask through this late-bound hook.
  let simulator: SimulatorService | null = null;
  const clock = (): number => simulator?.now() ?? Date.now();

  const telemetry = new TelemetryService(store, cache, registry, bus, log, {
    flushIntervalMs: config.flushIntervalMs,
    frameRateHz: config.frameRateHz,
    latestStrategy: config.cacheStrategies.telemetryLatest,
  });
  const leaderboards = new LeaderboardService(cache, store, registry);
  const engagements = new EngagementService(store, cache, registry, leaderboards, bus, log, clock);
  const drones = new DroneService(
    registry,
    telemetry,
    engagements,
    store,
    cache,
    config.cacheStrategies.droneState,
  );
  const convoys = new ConvoyService(registry, telemetry, leaderboards, cache, bus, log, clock);
  simulator = new SimulatorService(
    store,
    registry,
    telemetry,
    engagements,
    log,
    config.simulator,
    cache,
  );
  const tiles = new TileService(store, log);
  const missionExports = new MissionExportService(
    store,
    registry,
    telemetry,
    bus,
    log,
    clock,
    config.version,
  );
  const retention = new RetentionService(store, log, clock, config.retention);
  const replay = new ReplayService(
    bus,
    log,
    config.frameRateHz,
    join(config.dataDir, 'replay-cache'),
  );
  const alerts = new AlertService(store, registry, telemetry, bus, log, clock, {
    ...config.alerts,
    linkDegradedMs: LINK_DEGRADED_AFTER_MS,
    linkLostMs: LINK_LOST_AFTER_MS,
  });

  // Several GCS instances on one Redis show each other's engagements, boards and alerts live.
  let relay: RedisEventRelay | null = null;
  if (config.cache.kind === 'redis') {
    const fromElsewhere = new WeakSet<object>();
    relay = await RedisEventRelay.start(config.cache, log, (name, payload) => {
      fromElsewhere.add(payload);
      bus.emit(name, payload);
    });
    for (const name of RELAYED_EVENTS) {
      bus.on(name, (payload) => {
        // What came from another instance goes to this one's windows, not back out.
        if (!fromElsewhere.has(payload)) relay?.publish(name, payload);
      });
    }
  }

  try {
    telemetry.restore(await store.latestTelemetry());
    const wasRunning = await simulator.init();
    await alerts.init();
    await tiles.init();
    await cache.putActiveConvoys(registry.activeConvoys().map((c) => c.id));
    telemetry.start();
    engagements.start();
    convoys.start();
    alerts.start();
    retention.start();
    // A fresh data folder follows the configuration; an existing one resumes as it was left,
    // unless the configuration turns the simulator off.
    if (config.simulator.autoStart && wasRunning !== false) {
      // Another instance on the same Redis may fly these convoys: then this one only shows them.
      await simulator.start().catch((error: unknown) => {
        if (!(error instanceof GcsError && error.code === 'UNAVAILABLE')) throw error;
        log.warn(error.message);
      });
    }
  } catch (error) {
    await relay?.close().catch(() => undefined);
    await cache.close().catch(() => undefined);
    await store.close().catch(() => undefined);
    throw error;
  }

  let closing: Promise<void> | null = null;
  const core: Core = {
    config,
    bus,
    log,
    store,
    cache,
    registry,
    telemetry,
    engagements,
    leaderboards,
    convoys,
    drones,
    simulator,
    alerts,
    tiles,
    rateLimits: new RateLimits(cache, config.engagementsPerDronePerMinute),
    missionExports,
    replay,
    analytics: new AnalyticsService(store, replay),
    retention,
    async cacheStats() {
      const health = cache.health();
      const counters = cache.stats();
      const resilient = cache instanceof ResilientCache ? cache : null;
      const diagnostics = resilient ? await resilient.diagnostics() : null;
      const fallbacks = resilient?.fallbacks();
      const now = Date.now();
      const [telemetryRows, engagementsPerMinute] = await Promise.all([
        cache.metricPerMinute(INGEST_METRICS.telemetryRows, now - 9 * 60_000, now),
        cache.metricPerMinute(INGEST_METRICS.engagements, now - 9 * 60_000, now),
      ]);
      return {
        kind: health.kind,
        state: health.state,
        ...(health.detail ? { detail: health.detail } : {}),
        circuit: resilient?.circuit().state ?? null,
        entities: CACHE_ENTITIES.map((entity) => ({
          entity,
          hits: counters.hits[entity] ?? 0,
          misses: counters.misses[entity] ?? 0,
        })),
        latencyMs: resilient?.latency() ?? null,
        memoryUsedBytes: diagnostics?.memoryUsedBytes ?? null,
        ingestPerMinute: { telemetryRows, engagements: engagementsPerMinute },
        connections: diagnostics?.connections ?? null,
        fallbacks: fallbacks
          ? {
              open: fallbacks.open,
              timeout: fallbacks.timeout,
              error: fallbacks.error,
              stale: fallbacks.stale,
            }
          : null,
      };
    },
    health() {
      const storeHealth = store.health();
      const cacheHealth =
        cache instanceof ResilientCache
          ? { ...cache.health(), circuit: cache.circuit().state }
          : cache.health();
      const pending = telemetry.stats();
      const storeState =
        pending.flushFailures > 0 && pending.pendingRows > 0 ? 'degraded' : storeHealth.state;
      const states = [storeState, cacheHealth.state];
      return {
        status: states.includes('down') ? 'down' : states.includes('degraded') ? 'degraded' : 'ok',
        version: config.version,
        uptimeS: (Date.now() - startedAt) / 1000,
        dataDir: config.dataDir,
        store: { ...storeHealth, state: storeState },
        cache: cacheHealth,
        simulator: core.simulator.status(),
        droneCount: registry.drones().length,
        convoyCount: registry.activeConvoys().length,
      };
    },
    close() {
      closing ??= (async () => {
        await retention.close();
        await replay.shutdown();
        await missionExports.close();
        await core.simulator.close();
        await alerts.close();
        await tiles.shutdown();
        await convoys.close();
        await engagements.close();
        await telemetry.close();
        await relay?.close();
        await cache.close();
        await store.close();
      })();
      return closing;
    },
  };
  return core;
}
