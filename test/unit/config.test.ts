import { readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, configFromEnv, defaultDataDir } from '../../src-main/core/config';
import { DEFAULT_CACHE_STRATEGIES } from '../../src-main/strategies/strategyConfig';

const FALLBACK = '/srv/gcs-data';

/** The error configFromEnv throws for this environment (fails the test if it does not throw). */
function configErrorFor(env: NodeJS.ProcessEnv): ConfigError {
  try {
    configFromEnv(env, '0.0.0-test', FALLBACK);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return error as ConfigError;
  }
  throw new Error(`no ConfigError for ${JSON.stringify(env)}`);
}

describe('configFromEnv', () => {
  it('defaults to the embedded setup: 3 convoys × 12, seed 1, 10 Hz, simulator on, DuckDB + memory', () => {
    expect(configFromEnv({}, '1.2.3', FALLBACK)).toEqual({
      dataDir: FALLBACK,
      store: { kind: 'duckdb' },
      cache: { kind: 'memory' },
      simulator: {
        autoStart: true,
        seed: 1,
        convoys: 3,
        dronesPerConvoy: 12,
        timeScale: 1,
        engagementsPerDroneHour: 30,
      },
      frameRateHz: 10,
      flushIntervalMs: 1000,
      cacheStrategies: DEFAULT_CACHE_STRATEGIES,
      alerts: { lowFuelPct: 25, proximityM: 300 },
      engagementsPerDronePerMinute: 120,
      retention: { hotHours: 48, intervalMs: 60_000 },
      logLevel: 'info',
      version: '1.2.3',
    });
  });

  it('parses every GCS_* variable', () => {
    const config = configFromEnv(
      {
        GCS_DATA_DIR: '/data/gcs',
        GCS_STORE: 'duckdb',
        GCS_CACHE: 'memory',
        GCS_SIMULATOR: 'off',
        GCS_SIM_SEED: '42',
        GCS_SIM_CONVOYS: '4',
        GCS_SIM_DRONES_PER_CONVOY: '500',
        GCS_SIM_TIME_SCALE: '2.5',
        GCS_SIM_ENGAGEMENTS_PER_HOUR: '120',
        GCS_FRAME_RATE_HZ: '20',
        GCS_FLUSH_INTERVAL_MS: '250',
        GCS_LOG_LEVEL: 'debug',
        GCS_ALERT_LOW_FUEL_PCT: '30',
        GCS_ALERT_PROXIMITY_M: '750',
        GCS_ENGAGEMENT_LIMIT_PER_MIN: '30',
        GCS_TELEMETRY_HOT_HOURS: '0.5',
        GCS_RETENTION_INTERVAL_S: '5',
        GCS_CACHE_STRATEGIES: 'telemetryLatest=write-around,droneState=read-through',
      },
      '9.9.9',
      FALLBACK,
    );
    expect(config).toEqual({
      dataDir: '/data/gcs',
      store: { kind: 'duckdb' },
      cache: { kind: 'memory' },
      simulator: {
        autoStart: false,
        seed: 42,
        convoys: 4,
        dronesPerConvoy: 500,
        timeScale: 2.5,
        engagementsPerDroneHour: 120,
      },
      frameRateHz: 20,
      flushIntervalMs: 250,
      cacheStrategies: {
        ...DEFAULT_CACHE_STRATEGIES,
        telemetryLatest: 'write-around',
        droneState: 'read-through',
      },
      alerts: { lowFuelPct: 30, proximityM: 750 },
      engagementsPerDronePerMinute: 30,
      retention: { hotHours: 0.5, intervalMs: 5_000 },
      logLevel: 'debug',
      version: '9.9.9',
    });
  });

  it.each([
    ['1', true],
    ['true', true],
    ['on', true],
    ['yes', true],
    ['0', false],
    ['false', false],
    ['off', false],
    ['no', false],
  ])('reads GCS_SIMULATOR=%s as %s', (value, on) => {
    expect(configFromEnv({ GCS_SIMULATOR: value }, 'v', FALLBACK).simulator.autoStart).toBe(on);
  });

  it('treats an empty variable as unset and ignores variables that are not GCS_*', () => {
    const config = configFromEnv(
      {
        GCS_SIM_CONVOYS: '',
        GCS_DATA_DIR: '',
        GCS_STORE: '',
        PATH: '/bin',
        REDIS_URL: 'redis://x',
        SIM_CONVOYS: '0',
      },
      'v',
      FALLBACK,
    );
    expect(config.simulator.convoys).toBe(3);
    expect(config.dataDir).toBe(FALLBACK);
    expect(config.store.kind).toBe('duckdb');
  });

  it.each([
    ['GCS_SIM_CONVOYS', '0'],
    ['GCS_SIM_CONVOYS', '65'],
    ['GCS_SIM_CONVOYS', 'three'],
    ['GCS_SIM_CONVOYS', '2.5'],
    ['GCS_SIM_DRONES_PER_CONVOY', '1001'],
    ['GCS_SIM_SEED', '-1'],
    ['GCS_SIM_TIME_SCALE', '0'],
    ['GCS_SIM_TIME_SCALE', '65'],
    ['GCS_SIM_ENGAGEMENTS_PER_HOUR', '-3'],
    ['GCS_FRAME_RATE_HZ', 'abc'],
    ['GCS_FRAME_RATE_HZ', '0'],
    ['GCS_FRAME_RATE_HZ', '61'],
    ['GCS_FLUSH_INTERVAL_MS', '10'],
    ['GCS_FLUSH_INTERVAL_MS', '5000'],
    ['GCS_LOG_LEVEL', 'verbose'],
    ['GCS_SIMULATOR', 'maybe'],
    ['GCS_SIMULATOR', 'TRUE'],
    ['GCS_STORE', 'mongo'],
    ['GCS_CACHE', 'memcached'],
    ['GCS_ENGAGEMENT_LIMIT_PER_MIN', '0'],
    ['GCS_TELEMETRY_HOT_HOURS', '-1'],
    ['GCS_RETENTION_INTERVAL_S', '0'],
  ])('rejects %s=%s with a ConfigError naming the variable', (name, value) => {
    const error = configErrorFor({ [name]: value });
    expect(error.name).toBe('ConfigError');
    expect(error.message).toContain(name);
  });

  it('names every bad variable at once', () => {
    const error = configErrorFor({
      GCS_SIM_CONVOYS: '0',
      GCS_FRAME_RATE_HZ: 'abc',
      GCS_STORE: 'mongo',
    });
    expect(error.message).toContain('GCS_SIM_CONVOYS');
    expect(error.message).toContain('GCS_FRAME_RATE_HZ');
    expect(error.message).toContain('GCS_STORE');
  });

  it('GCS_CACHE_STRATEGIES: the default table when unset or empty', () => {
    expect(configFromEnv({}, 'v', FALLBACK).cacheStrategies).toEqual({
      telemetryHistory: 'write-behind',
      telemetryLatest: 'write-through',
      droneState: 'cache-aside',
      leaderboard: 'read-through',
      engagementStats: 'write-through',
      convoySummary: 'write-through',
    });
    expect(configFromEnv({ GCS_CACHE_STRATEGIES: '' }, 'v', FALLBACK).cacheStrategies).toEqual(
      DEFAULT_CACHE_STRATEGIES,
    );
  });

  it('GCS_CACHE_STRATEGIES: a valid override changes only what it names', () => {
    expect(
      configFromEnv({ GCS_CACHE_STRATEGIES: ' droneState = read-through ' }, 'v', FALLBACK)
        .cacheStrategies,
    ).toEqual({ ...DEFAULT_CACHE_STRATEGIES, droneState: 'read-through' });
  });

  it.each([
    ['droneState=lazy', /unknown strategy "lazy"/],
    ['convoyRoster=write-through', /unknown data type "convoyRoster"/],
    ['droneState', /"droneState" is not dataType=strategy/],
    ['droneState=read-through,droneState=cache-aside', /droneState is set twice/],
    ['telemetryLatest=cache-aside', /telemetryLatest may be write-through or write-around/],
  ])('GCS_CACHE_STRATEGIES=%s is a ConfigError naming the variable', (value, why) => {
    const error = configErrorFor({ GCS_CACHE_STRATEGIES: value });
    expect(error.message).toContain('GCS_CACHE_STRATEGIES');
    expect(error.message).toMatch(why);
  });

  it.each([
    ['leaderboard=cache-aside', 'leaderboard must stay read-through'],
    ['engagementStats=write-behind', 'engagementStats must stay write-through'],
    ['telemetryHistory=write-through', 'telemetryHistory must stay write-behind'],
  ])('GCS_CACHE_STRATEGIES refuses a change correctness forbids: %s', (value, message) => {
    const error = configErrorFor({ GCS_CACHE_STRATEGIES: `droneState=read-through,${value}` });
    expect(error.message).toContain('GCS_CACHE_STRATEGIES');
    expect(error.message).toContain(message);
  });

  it('GCS_STORE=cql: a local node by default, the seed’s keyspace, LOCAL_QUORUM engagements, LOCAL_ONE telemetry', () => {
    expect(configFromEnv({ GCS_STORE: 'cql' }, 'v', FALLBACK).store).toEqual({
      kind: 'cql',
      hosts: ['127.0.0.1:9042'],
      keyspace: 'drone_ops',
      localDataCenter: 'datacenter1',
      replication: "{'class': 'SimpleStrategy', 'replication_factor': 1}",
      consistency: { engagements: 'LOCAL_QUORUM', telemetry: 'LOCAL_ONE', other: 'LOCAL_QUORUM' },
      telemetryConcurrency: 128,
      telemetryBatchRows: 100,
      requestTimeoutMs: 12_000,
    });
  });

  it('GCS_STORE=cql reads hosts, keyspace, DC, credentials, TLS, replication and consistency', () => {
    const store = configFromEnv(
      {
        GCS_STORE: 'cql',
        SCYLLA_HOSTS: 'db-a:9142,db-b,[::1]:9042',
        SCYLLA_KEYSPACE: 'unit7_ops',
        SCYLLA_LOCAL_DC: 'dc-north',
        SCYLLA_USERNAME: 'gcs',
        SCYLLA_PASSWORD: 's3cret',
        SCYLLA_TLS: '1',
        SCYLLA_TLS_CA_FILE: '/etc/ssl/scylla-ca.pem',
        SCYLLA_REPLICATION: "{'class': 'NetworkTopologyStrategy', 'dc-north': 3}",
        SCYLLA_CONSISTENCY_TELEMETRY: 'ONE',
      },
      'v',
      FALLBACK,
    ).store;
    expect(store).toMatchObject({
      kind: 'cql',
      hosts: ['db-a:9142', 'db-b', '[::1]:9042'],
      keyspace: 'unit7_ops',
      localDataCenter: 'dc-north',
      username: 'gcs',
      password: 's3cret',
      tls: { rejectUnauthorized: true, caFile: '/etc/ssl/scylla-ca.pem' },
      replication: "{'class': 'NetworkTopologyStrategy', 'dc-north': 3}",
      consistency: { engagements: 'LOCAL_QUORUM', telemetry: 'ONE', other: 'LOCAL_QUORUM' },
    });
  });

  it.each([
    [{ SCYLLA_KEYSPACE: 'drop table; x' }, 'SCYLLA_KEYSPACE'],
    [{ SCYLLA_CONSISTENCY_ENGAGEMENTS: 'MOST' }, 'SCYLLA_CONSISTENCY_ENGAGEMENTS'],
    [{ SCYLLA_REPLICATION: '3' }, 'SCYLLA_REPLICATION'],
    [{ SCYLLA_HOSTS: 'a, b' }, 'SCYLLA_HOSTS'],
    [{ SCYLLA_PASSWORD: 'x' }, 'SCYLLA_USERNAME'],
  ])('GCS_STORE=cql refuses %o naming %s', (env, name) => {
    expect(configErrorFor({ GCS_STORE: 'cql', ...env }).message).toContain(name);
  });

  it('ignores SCYLLA_* unless GCS_STORE=cql', () => {
    expect(configFromEnv({ SCYLLA_KEYSPACE: 'drop table; x' }, 'v', FALLBACK).store).toEqual({
      kind: 'duckdb',
    });
  });

  it('GCS_CACHE=redis: a local Redis by default, two connections, the seed’s keys unprefixed', () => {
    expect(configFromEnv({ GCS_CACHE: 'redis' }, 'v', FALLBACK).cache).toEqual({
      kind: 'redis',
      url: 'redis://127.0.0.1:6379',
      poolSize: 2,
      keyPrefix: '',
    });
  });

  it('GCS_CACHE=redis reads REDIS_URL, REDIS_POOL_SIZE, REDIS_KEY_PREFIX and Sentinel settings', () => {
    const config = configFromEnv(
      {
        GCS_CACHE: 'redis',
        REDIS_URL: 'redis://:s3cret@cache.local:6380/2',
        REDIS_POOL_SIZE: '8',
        REDIS_KEY_PREFIX: 'unit7:',
        REDIS_SENTINELS: 'sentinel-a:26379,10.0.0.7:26380',
        REDIS_SENTINEL_MASTER: 'gcs',
      },
      'v',
      FALLBACK,
    );
    expect(config.cache).toEqual({
      kind: 'redis',
      url: 'redis://:s3cret@cache.local:6380/2',
      poolSize: 8,
      keyPrefix: 'unit7:',
      sentinels: [
        { host: 'sentinel-a', port: 26379 },
        { host: '10.0.0.7', port: 26380 },
      ],
      sentinelMaster: 'gcs',
    });
  });

  it.each([
    ['REDIS_URL', 'http://cache:6379'],
    ['REDIS_URL', 'cache:6379'],
    ['REDIS_POOL_SIZE', '0'],
    ['REDIS_POOL_SIZE', '65'],
    ['REDIS_SENTINELS', 'sentinel-a'],
    ['REDIS_SENTINELS', 'a:1,,b:2'],
    ['REDIS_KEY_PREFIX', 'has space'],
  ])('GCS_CACHE=redis rejects %s=%s with a ConfigError naming it', (name, value) => {
    const error = configErrorFor({ GCS_CACHE: 'redis', [name]: value });
    expect(error.name).toBe('ConfigError');
    expect(error.message).toContain(name);
  });

  it('refuses Redis Cluster with the reason', () => {
    const error = configErrorFor({ GCS_CACHE: 'redis', REDIS_CLUSTER_NODES: 'a:7000,b:7001' });
    expect(error.message).toContain('REDIS_CLUSTER_NODES');
    expect(error.message).toMatch(/Sentinel/);
  });

  it('ignores REDIS_* when the cache is in-process, even malformed', () => {
    const config = configFromEnv({ REDIS_URL: 'nonsense', REDIS_POOL_SIZE: '-1' }, 'v', FALLBACK);
    expect(config.cache).toEqual({ kind: 'memory' });
  });

  it('uses GCS_DATA_DIR over the fallback, and the fallback over the platform folder', () => {
    expect(configFromEnv({ GCS_DATA_DIR: '/mnt/usb/gcs' }, 'v', FALLBACK).dataDir).toBe(
      '/mnt/usb/gcs',
    );
    expect(configFromEnv({}, 'v', FALLBACK).dataDir).toBe(FALLBACK);
    const env = { XDG_CONFIG_HOME: '/xdg', APPDATA: 'C:\\Users\\op\\AppData\\Roaming' };
    expect(configFromEnv(env, 'v').dataDir).toBe(defaultDataDir(env));
  });
});

describe('defaultDataDir', () => {
  // Electron's userData folder is named after the product name.
  const productName = (
    JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as {
      productName: string;
    }
  ).productName;

  it('is named after the product, DroneGrid GCS', () => {
    expect(productName).toBe('DroneGrid GCS');
  });

  it('uses %APPDATA% on Windows, or AppData\\Roaming without it', () => {
    const appData = 'C:\\Users\\op\\AppData\\Roaming';
    expect(defaultDataDir({ APPDATA: appData }, 'win32')).toBe(join(appData, productName));
    expect(defaultDataDir({}, 'win32')).toBe(join(homedir(), 'AppData', 'Roaming', productName));
  });

  it('uses ~/Library/Application Support on macOS, whatever XDG_CONFIG_HOME says', () => {
    expect(defaultDataDir({ XDG_CONFIG_HOME: '/xdg' }, 'darwin')).toBe(
      join(homedir(), 'Library', 'Application Support', productName),
    );
  });

  it('uses XDG_CONFIG_HOME on Linux, else ~/.config', () => {
    expect(defaultDataDir({ XDG_CONFIG_HOME: '/xdg' }, 'linux')).toBe(join('/xdg', productName));
    expect(defaultDataDir({}, 'linux')).toBe(join(homedir(), '.config', productName));
    expect(defaultDataDir({ XDG_CONFIG_HOME: '' }, 'linux')).toBe(
      join(homedir(), '.config', productName),
    );
    expect(defaultDataDir({ APPDATA: 'C:\\x' }, 'linux')).toBe(
      join(homedir(), '.config', productName),
    );
  });

  it('always ends in the app folder', () => {
    for (const platform of ['win32', 'darwin', 'linux', 'freebsd'] as const) {
      expect(defaultDataDir({}, platform).endsWith('DroneGrid GCS'), platform).toBe(true);
    }
  });
});
