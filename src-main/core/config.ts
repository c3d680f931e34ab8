import { homedir } from 'node:os';
import { join } from 'node:path';
import { z } from 'zod';
import {
  APP_NAME,
  DEFAULT_FRAME_RATE_HZ,
  DEFAULT_LOW_FUEL_PCT,
  DEFAULT_PROXIMITY_M,
  MAX_SIMULATED_DRONES,
} from '../../src-shared/constants';
import type { LogLevel } from './logger';
import type { RetentionSettings } from '../services/retentionService';
import type { SimulatorParameters } from '../services/simulatorService';
import type { RedisSettings } from '../cache/redis/redisConnection';
import { parseCacheStrategies, type CacheStrategies } from '../strategies/strategyConfig';
import { CQL_CONSISTENCIES, DEFAULT_REPLICATION, type CqlSettings } from '../store/cql/cqlSettings';

/** Everything the composition root needs; built from the environment by `configFromEnv`. */
export interface CoreConfig {
  dataDir: string;
  store: { kind: 'duckdb' } | ({ kind: 'cql' } & CqlSettings);
  cache: { kind: 'memory' } | ({ kind: 'redis' } & RedisSettings);
  simulator: SimulatorParameters & { autoStart: boolean };
  frameRateHz: number;
  flushIntervalMs: number;
  /** Which caching strategy serves which data type (GCS_CACHE_STRATEGIES over the defaults). */
  cacheStrategies: CacheStrategies;
  alerts: { lowFuelPct: number; proximityM: number };
  /** engagement.record requests allowed per drone per minute (the simulator is not limited). */
  engagementsPerDronePerMinute: number;
  /** Hot telemetry window and roll-up cadence (services/retentionService.ts). */
  retention: RetentionSettings;
  logLevel: LogLevel;
  version: string;
}

/**
 * The folder Electron's app.getPath('userData') gives for this app, computed without Electron so
 * the web host and the desktop app share one data folder.
 */
export function defaultDataDir(
  env: NodeJS.ProcessEnv = process.env,
  platform = process.platform,
): string {
  const home = homedir();
  if (platform === 'win32')
    return join(env['APPDATA'] ?? join(home, 'AppData', 'Roaming'), APP_NAME);
  if (platform === 'darwin') return join(home, 'Library', 'Application Support', APP_NAME);
  return join(env['XDG_CONFIG_HOME'] || join(home, '.config'), APP_NAME);
}

const bool = z
  .enum(['1', '0', 'true', 'false', 'on', 'off', 'yes', 'no'])
  .transform((v) => ['1', 'true', 'on', 'yes'].includes(v));

const Env = z.object({
  GCS_DATA_DIR: z.string().min(1).optional(),
  GCS_STORE: z
    .enum(['duckdb', 'cql'], { message: 'GCS_STORE must be duckdb or cql' })
    .default('duckdb'),
  GCS_CACHE: z
    .enum(['memory', 'redis'], { message: 'GCS_CACHE must be memory or redis' })
    .default('memory'),
  REDIS_URL: z
    .string()
    .regex(/^rediss?:\/\/[^\s]+$/, { message: 'REDIS_URL must look like redis://host:port' })
    .default('redis://127.0.0.1:6379'),
  REDIS_POOL_SIZE: z.coerce.number().int().min(1).max(64).default(2),
  REDIS_SENTINELS: z
    .string()
    .regex(/^[^\s:,]+:\d+(,[^\s:,]+:\d+)*$/, {
      message: 'REDIS_SENTINELS must be host:port[,host:port…]',
    })
    .optional(),
  REDIS_SENTINEL_MASTER: z.string().min(1).default('mymaster'),
  REDIS_CLUSTER_NODES: z.string().min(1).optional(),
  REDIS_KEY_PREFIX: z
    .string()
    .regex(/^[\w:.-]*$/, { message: 'REDIS_KEY_PREFIX may hold letters, digits and _ : . -' })
    .default(''),
  SCYLLA_HOSTS: z
    .string()
    .regex(/^[^\s,]+(,[^\s,]+)*$/, { message: 'SCYLLA_HOSTS must be host[:port][,host[:port]…]' })
    .default('127.0.0.1:9042'),
  SCYLLA_KEYSPACE: z
    .string()
    .regex(/^[A-Za-z]\w{0,47}$/, {
      message: 'SCYLLA_KEYSPACE must be a CQL name (letters, digits, _)',
    })
    .default('drone_ops'),
  SCYLLA_USERNAME: z.string().min(1).optional(),
  SCYLLA_PASSWORD: z.string().optional(),
  SCYLLA_LOCAL_DC: z.string().min(1).default('datacenter1'),
  SCYLLA_REPLICATION: z
    .string()
    .regex(/^\{[^;]*'class'[^;]*\}$/, {
      message:
        "SCYLLA_REPLICATION must be a CQL replication map, e.g. {'class': 'NetworkTopologyStrategy', 'dc1': 3}",
    })
    .default(DEFAULT_REPLICATION),
  SCYLLA_TLS: bool.default(false),
  SCYLLA_TLS_CA_FILE: z.string().min(1).optional(),
  SCYLLA_TLS_REJECT_UNAUTHORIZED: bool.default(true),
  SCYLLA_CONSISTENCY: z.enum(CQL_CONSISTENCIES).default('LOCAL_QUORUM'),
  SCYLLA_CONSISTENCY_ENGAGEMENTS: z.enum(CQL_CONSISTENCIES).default('LOCAL_QUORUM'),
  SCYLLA_CONSISTENCY_TELEMETRY: z.enum(CQL_CONSISTENCIES).default('LOCAL_ONE'),
  SCYLLA_TELEMETRY_CONCURRENCY: z.coerce.number().int().min(1).max(2048).default(128),
  SCYLLA_TELEMETRY_BATCH_ROWS: z.coerce.number().int().min(1).max(400).default(100),
  SCYLLA_REQUEST_TIMEOUT_MS: z.coerce.number().int().min(100).max(120_000).default(12_000),
  GCS_SIMULATOR: bool.default(true),
  GCS_SIM_SEED: z.coerce
    .number()
    .int()
    .min(0)
    .max(2 ** 31 - 1)
    .default(1),
  GCS_SIM_CONVOYS: z.coerce.number().int().min(1).max(64).default(3),
  GCS_SIM_DRONES_PER_CONVOY: z.coerce.number().int().min(1).max(1000).default(12),
  GCS_SIM_TIME_SCALE: z.coerce.number().min(0.1).max(64).default(1),
  GCS_SIM_ENGAGEMENTS_PER_HOUR: z.coerce.number().min(0).max(3600).default(30),
  GCS_FRAME_RATE_HZ: z.coerce.number().min(1).max(60).default(DEFAULT_FRAME_RATE_HZ),
  GCS_FLUSH_INTERVAL_MS: z.coerce.number().int().min(50).max(1000).default(1000),
  GCS_ALERT_LOW_FUEL_PCT: z.coerce.number().min(0).max(100).default(DEFAULT_LOW_FUEL_PCT),
  GCS_ENGAGEMENT_LIMIT_PER_MIN: z.coerce.number().int().min(1).max(100_000).default(120),
  GCS_TELEMETRY_HOT_HOURS: z.coerce.number().min(0).max(100_000).default(48),
  GCS_RETENTION_INTERVAL_S: z.coerce.number().min(1).max(86_400).default(60),
  GCS_ALERT_PROXIMITY_M: z.coerce.number().min(1).max(100_000).default(DEFAULT_PROXIMITY_M),
  GCS_CACHE_STRATEGIES: z
    .string()
    .optional()
    .transform((value, ctx) => {
      const parsed = parseCacheStrategies(value);
      if (parsed.ok) return parsed.value;
      ctx.issues.push({ code: 'custom', message: parsed.error, input: value });
      return z.NEVER;
    }),
  GCS_LOG_LEVEL: z.enum(['debug', 'info', 'warn', 'error', 'silent']).default('info'),
});

export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

export function configFromEnv(
  env: NodeJS.ProcessEnv,
  version: string,
  dataDirFallback?: string,
): CoreConfig {
  const parsed = Env.safeParse(
    Object.fromEntries(
      Object.entries(env).filter(
        // REDIS_* and SCYLLA_* only matter (and are only checked) when they are in use.
        ([k, v]) =>
          (k.startsWith('GCS_') ||
            (k.startsWith('REDIS_') && env['GCS_CACHE'] === 'redis') ||
            (k.startsWith('SCYLLA_') && env['GCS_STORE'] === 'cql')) &&
          v !== '',
      ),
    ),
  );
  if (!parsed.success) {
    throw new ConfigError(
      'invalid configuration: ' +
        parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '),
    );
  }
  const e = parsed.data;
  if (e.GCS_SIM_CONVOYS * e.GCS_SIM_DRONES_PER_CONVOY > MAX_SIMULATED_DRONES) {
    throw new ConfigError(
      `GCS_SIM_CONVOYS × GCS_SIM_DRONES_PER_CONVOY is over the limit of ${MAX_SIMULATED_DRONES} drones`,
    );
  }
  if (e.SCYLLA_PASSWORD !== undefined && e.SCYLLA_USERNAME === undefined) {
    throw new ConfigError('SCYLLA_PASSWORD is set but SCYLLA_USERNAME is not');
  }
  if (e.GCS_CACHE === 'redis' && e.REDIS_CLUSTER_NODES) {
    // The seed's keys put a convoy's board and its drones' stats in different hash slots, so the
    // one-step engagement script cannot run on a Cluster. Sentinel gives failover without that.
    throw new ConfigError(
      'REDIS_CLUSTER_NODES: Redis Cluster is not supported (the atomic engagement update spans keys in different slots); use one Redis or Sentinel (REDIS_SENTINELS)',
    );
  }
  return {
    dataDir: e.GCS_DATA_DIR ?? dataDirFallback ?? defaultDataDir(env),
    store:
      e.GCS_STORE === 'cql'
        ? {
            kind: 'cql',
            hosts: e.SCYLLA_HOSTS.split(','),
            keyspace: e.SCYLLA_KEYSPACE,
            localDataCenter: e.SCYLLA_LOCAL_DC,
            ...(e.SCYLLA_USERNAME !== undefined
              ? { username: e.SCYLLA_USERNAME, password: e.SCYLLA_PASSWORD ?? '' }
              : {}),
            ...(e.SCYLLA_TLS
              ? {
                  tls: {
                    rejectUnauthorized: e.SCYLLA_TLS_REJECT_UNAUTHORIZED,
                    ...(e.SCYLLA_TLS_CA_FILE ? { caFile: e.SCYLLA_TLS_CA_FILE } : {}),
                  },
                }
              : {}),
            replication: e.SCYLLA_REPLICATION,
            consistency: {
              engagements: e.SCYLLA_CONSISTENCY_ENGAGEMENTS,
              telemetry: e.SCYLLA_CONSISTENCY_TELEMETRY,
              other: e.SCYLLA_CONSISTENCY,
            },
            telemetryConcurrency: e.SCYLLA_TELEMETRY_CONCURRENCY,
            telemetryBatchRows: e.SCYLLA_TELEMETRY_BATCH_ROWS,
            requestTimeoutMs: e.SCYLLA_REQUEST_TIMEOUT_MS,
          }
        : { kind: 'duckdb' },
    cache:
      e.GCS_CACHE === 'redis'
        ? {
            kind: 'redis',
            url: e.REDIS_URL,
            poolSize: e.REDIS_POOL_SIZE,
            keyPrefix: e.REDIS_KEY_PREFIX,
            ...(e.REDIS_SENTINELS
              ? {
                  sentinels: e.REDIS_SENTINELS.split(',').map((hostPort) => {
                    const at = hostPort.lastIndexOf(':');
                    return { host: hostPort.slice(0, at), port: Number(hostPort.slice(at + 1)) };
                  }),
                  sentinelMaster: e.REDIS_SENTINEL_MASTER,
                }
              : {}),
          }
        : { kind: 'memory' },
    simulator: {
      autoStart: e.GCS_SIMULATOR,
      seed: e.GCS_SIM_SEED,
      convoys: e.GCS_SIM_CONVOYS,
      dronesPerConvoy: e.GCS_SIM_DRONES_PER_CONVOY,
      timeScale: e.GCS_SIM_TIME_SCALE,
      engagementsPerDroneHour: e.GCS_SIM_ENGAGEMENTS_PER_HOUR,
    },
    frameRateHz: e.GCS_FRAME_RATE_HZ,
    flushIntervalMs: e.GCS_FLUSH_INTERVAL_MS,
    cacheStrategies: e.GCS_CACHE_STRATEGIES,
    alerts: { lowFuelPct: e.GCS_ALERT_LOW_FUEL_PCT, proximityM: e.GCS_ALERT_PROXIMITY_M },
    engagementsPerDronePerMinute: e.GCS_ENGAGEMENT_LIMIT_PER_MIN,
    retention: {
      hotHours: e.GCS_TELEMETRY_HOT_HOURS,
      intervalMs: e.GCS_RETENTION_INTERVAL_S * 1000,
    },
    logLevel: e.GCS_LOG_LEVEL,
    version,
  };
}
