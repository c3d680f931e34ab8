import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { CacheEntity } from '../../src-shared/constants';
import type { ConvoySummary, Drone, EngagementStats, Telemetry } from '../../src-shared/model';
import type {
  Cache,
  CacheStats,
  LeaderboardMember,
  WaypointProgress,
} from '../../src-main/cache/Cache';
import { MemoryCache } from '../../src-main/cache/memory/MemoryCache';
import {
  ResilientCache,
  type ResilientCacheOptions,
} from '../../src-main/cache/resilience/ResilientCache';
import type { ComponentHealth } from '../../src-main/store/Store';

const CONVOY = '0b9d4c62-3f1a-4e8b-9c2d-7a6e5f4d3c21';
const DRONE_1 = '2d7f6e84-5b3c-4a0d-9e4f-9c8a7b6f5e43';
const DRONE_2 = '3e6a7f95-6c4d-4b1e-8f5a-ad9b8c7a6f54';
const SECRET_URL = 'redis://default:hunter2@cache.internal:6379/0';

const drone = (id: string, fuelPct = 70): Drone => ({
  id,
  convoyId: CONVOY,
  callsign: `VIPER-${id.slice(0, 4)}`,
  platformType: 'MQ9_REAPER',
  status: 'AIRBORNE',
  lat: 34.5,
  lon: 69.2,
  altitudeM: 5000,
  headingDeg: 90,
  speedMps: 80,
  fuelPct,
  currentWaypoint: 3,
  distanceToNextKm: 4.2,
  totalEngagements: 2,
  successfulHits: 1,
  accuracyPct: 50,
  currentStreak: 0,
  bestStreak: 1,
  meshConnectivity: 0.9,
  updatedAt: 1,
});
const telemetry = (droneId: string): Telemetry => ({
  droneId,
  recordedAt: 5,
  lat: 34.5,
  lon: 69.2,
  altitudeM: 5000,
  headingDeg: 90,
  speedMps: 80,
  fuelPct: 70,
  currentWaypoint: 3,
  distanceToNextKm: 4.2,
  meshConnectivity: 0.9,
  status: 'LOITER',
});
const summary: ConvoySummary = {
  convoyId: CONVOY,
  callsign: 'VIPER',
  missionType: 'ISR',
  status: 'ACTIVE',
  droneCount: 12,
  airborneCount: 10,
  totalEngagements: 20,
  totalHits: 15,
  avgAccuracyPct: 75,
  avgFuelPct: 60,
  missionStart: 0,
  updatedAt: 9,
};
const stats = (hits: number, total: number): EngagementStats => ({
  totalEngagements: total,
  successfulHits: hits,
  currentStreak: 0,
  bestStreak: Math.min(hits, 1),
  lastEngagementAt: 7,
  lastResult: 'MISS',
});
const member = (droneId: string, hits: number, total: number): LeaderboardMember => ({
  droneId,
  callsign: `CS-${droneId.slice(0, 4)}`,
  stats: stats(hits, total),
});
const progress: WaypointProgress = {
  totalWaypoints: 25,
  currentWaypoint: 5,
  completedWaypoints: 4,
  progressPct: 16,
  etaFinal: null,
};

/** What the scripted cache does with a call: answer, reject, throw before returning, or stall. */
type Behaviour =
  | { kind: 'answer' }
  | { kind: 'reject'; message: string }
  | { kind: 'throw'; message: string }
  | { kind: 'hang' }
  | { kind: 'late'; afterMs: number };

/**
 * The inner cache: a MemoryCache for the data, and a script for how each call behaves. `next`
 * scripts single calls in order; `mode` covers every call after them.
 */
class ScriptedCache implements Cache {
  readonly kind = 'redis';
  readonly memory = new MemoryCache();
  readonly calls: string[] = [];
  mode: Behaviour = { kind: 'answer' };
  readonly next: Behaviour[] = [];
  reportedHealth: ComponentHealth = { kind: 'redis', state: 'up' };
  closeBehaviour: Behaviour = { kind: 'answer' };
  closes = 0;

  health(): ComponentHealth {
    return this.reportedHealth;
  }

  private run<T>(name: string, call: () => Promise<T>): Promise<T> {
    this.calls.push(name);
    return this.behave(this.next.shift() ?? this.mode, call);
  }

  private behave<T>(behaviour: Behaviour, call: () => Promise<T>): Promise<T> {
    switch (behaviour.kind) {
      case 'answer':
        return call();
      case 'reject':
        return Promise.reject(new Error(behaviour.message));
      case 'throw':
        throw new Error(behaviour.message);
      case 'hang':
        return new Promise<T>(() => undefined);
      case 'late':
        return new Promise<T>((resolve) => setTimeout(resolve, behaviour.afterMs)).then(call);
    }
  }

  putDroneStates(drones: readonly Drone[]) {
    return this.run('putDroneStates', () => this.memory.putDroneStates(drones));
  }
  getDroneState(droneId: string) {
    return this.run('getDroneState', () => this.memory.getDroneState(droneId));
  }
  putLatestTelemetry(rows: readonly Telemetry[]) {
    return this.run('putLatestTelemetry', () => this.memory.putLatestTelemetry(rows));
  }
  getLatestTelemetry(droneId: string) {
    return this.run('getLatestTelemetry', () => this.memory.getLatestTelemetry(droneId));
  }
  putRoster(convoyId: string, droneIds: readonly string[]) {
    return this.run('putRoster', () => this.memory.putRoster(convoyId, droneIds));
  }
  getRoster(convoyId: string) {
    return this.run('getRoster', () => this.memory.getRoster(convoyId));
  }
  putActiveConvoys(convoyIds: readonly string[]) {
    return this.run('putActiveConvoys', () => this.memory.putActiveConvoys(convoyIds));
  }
  getActiveConvoys() {
    return this.run('getActiveConvoys', () => this.memory.getActiveConvoys());
  }
  putConvoySummary(s: ConvoySummary) {
    return this.run('putConvoySummary', () => this.memory.putConvoySummary(s));
  }
  getConvoySummary(convoyId: string) {
    return this.run('getConvoySummary', () => this.memory.getConvoySummary(convoyId));
  }
  putMeshTopology(convoyId: string, neighbours: ReadonlyMap<string, readonly string[]>) {
    return this.run('putMeshTopology', () => this.memory.putMeshTopology(convoyId, neighbours));
  }
  getMeshNeighbours(convoyId: string, droneId: string) {
    return this.run('getMeshNeighbours', () => this.memory.getMeshNeighbours(convoyId, droneId));
  }
  putWaypointProgress(droneId: string, p: WaypointProgress) {
    return this.run('putWaypointProgress', () => this.memory.putWaypointProgress(droneId, p));
  }
  getWaypointProgress(droneId: string) {
    return this.run('getWaypointProgress', () => this.memory.getWaypointProgress(droneId));
  }
  putEngagementStats(droneId: string, s: EngagementStats) {
    return this.run('putEngagementStats', () => this.memory.putEngagementStats(droneId, s));
  }
  getEngagementStats(droneId: string) {
    return this.run('getEngagementStats', () => this.memory.getEngagementStats(droneId));
  }
  loadLeaderboard(convoyId: string, members: readonly LeaderboardMember[]) {
    return this.run('loadLeaderboard', () => this.memory.loadLeaderboard(convoyId, members));
  }
  updateLeaderboard(convoyId: string, m: LeaderboardMember) {
    return this.run('updateLeaderboard', () => this.memory.updateLeaderboard(convoyId, m));
  }
  leaderboardPage(convoyId: string, offset: number, limit: number) {
    return this.run('leaderboardPage', () => this.memory.leaderboardPage(convoyId, offset, limit));
  }
  countInWindow(scope: string, windowS: number) {
    return this.run('countInWindow', () => this.memory.countInWindow(scope, windowS));
  }
  addToMetric(name: string, amount: number, atMs: number) {
    return this.run('addToMetric', () => this.memory.addToMetric(name, amount, atMs));
  }
  metricPerMinute(name: string, fromMs: number, toMs: number) {
    return this.run('metricPerMinute', () => this.memory.metricPerMinute(name, fromMs, toMs));
  }
  tryLease(name: string, token: string, ttlS: number) {
    return this.run('tryLease', () => this.memory.tryLease(name, token, ttlS));
  }
  renewLease(name: string, token: string, ttlS: number) {
    return this.run('renewLease', () => this.memory.renewLease(name, token, ttlS));
  }
  releaseLease(name: string, token: string) {
    return this.run('releaseLease', () => this.memory.releaseLease(name, token));
  }
  invalidate(entity: CacheEntity, id: string) {
    return this.run('invalidate', () => this.memory.invalidate(entity, id));
  }
  invalidateConvoy(convoyId: string) {
    return this.run('invalidateConvoy', () => this.memory.invalidateConvoy(convoyId));
  }
  stats(): CacheStats {
    return this.memory.stats();
  }
  close(): Promise<void> {
    this.closes += 1;
    return this.behave(this.closeBehaviour, () => this.memory.close());
  }
}

/** Every read of the port, each with the miss it must fall back to. */
const reads = (c: Cache): Promise<unknown>[] => [
  c.getDroneState(DRONE_1),
  c.getLatestTelemetry(DRONE_1),
  c.getRoster(CONVOY),
  c.getActiveConvoys(),
  c.getConvoySummary(CONVOY),
  c.getMeshNeighbours(CONVOY, DRONE_1),
  c.getWaypointProgress(DRONE_1),
  c.getEngagementStats(DRONE_1),
  c.updateLeaderboard(CONVOY, member(DRONE_1, 1, 1)),
  c.leaderboardPage(CONVOY, 0, 10),
];
/** Every write of the port. */
const writes = (c: Cache): Promise<void>[] => [
  c.putDroneStates([drone(DRONE_1)]),
  c.putLatestTelemetry([telemetry(DRONE_1)]),
  c.putRoster(CONVOY, [DRONE_1]),
  c.putActiveConvoys([CONVOY]),
  c.putConvoySummary(summary),
  c.putMeshTopology(CONVOY, new Map([[DRONE_1, [DRONE_2]]])),
  c.putWaypointProgress(DRONE_1, progress),
  c.putEngagementStats(DRONE_1, stats(1, 1)),
  c.loadLeaderboard(CONVOY, [member(DRONE_1, 1, 1)]),
  c.invalidate('droneState', DRONE_1),
  c.invalidateConvoy(CONVOY),
];

interface LogLine {
  level: 'debug' | 'info' | 'warn';
  message: string;
}

function setup(options: Omit<ResilientCacheOptions, 'log'> = {}) {
  const inner = new ScriptedCache();
  const lines: LogLine[] = [];
  const at = (level: LogLine['level']) => (message: string, detail?: unknown) =>
    lines.push({ level, message: detail === undefined ? message : `${message} ${String(detail)}` });
  const cache = new ResilientCache(inner, {
    ...options,
    log: { debug: at('debug'), info: at('info'), warn: at('warn') },
  });
  const logged = (level: LogLine['level']) => lines.filter((l) => l.level === level);
  return { inner, cache, lines, logged };
}

/** Drives the circuit open with the default five failures. */
async function openCircuit(cache: ResilientCache, inner: ScriptedCache, message = 'ECONNREFUSED') {
  inner.mode = { kind: 'reject', message };
  for (let i = 0; i < 5; i++) await cache.getDroneState(DRONE_1);
  expect(cache.circuit().state).toBe('open');
}

/** Lets background work that waits on nothing but promises (the repair) run to its end. */
const settle = () => vi.advanceTimersByTimeAsync(0);

describe('ResilientCache', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('passes calls, answers, stats and health through while the inner cache works', async () => {
    const { inner, cache } = setup();
    expect(cache.kind).toBe('redis');
    await cache.putDroneStates([drone(DRONE_1)]);
    expect(await cache.getDroneState(DRONE_1)).toEqual(drone(DRONE_1));
    expect(await cache.getDroneState(DRONE_2)).toBeNull();
    await cache.loadLeaderboard(CONVOY, [member(DRONE_1, 1, 2), member(DRONE_2, 2, 2)]);
    expect(await cache.updateLeaderboard(CONVOY, member(DRONE_1, 3, 3))).toEqual({
      previousRank: 2,
      newRank: 1,
    });
    expect(inner.calls).toEqual([
      'putDroneStates',
      'getDroneState',
      'getDroneState',
      'loadLeaderboard',
      'updateLeaderboard',
    ]);
    expect(cache.stats()).toEqual(inner.stats());
    expect(cache.stats()).toEqual({ hits: { droneState: 1 }, misses: { droneState: 1 } });
    expect(cache.health()).toEqual({ kind: 'redis', state: 'up' });
    expect(cache.circuit()).toMatchObject({ state: 'closed', consecutiveFailures: 0 });
    expect(cache.fallbacks()).toEqual({
      open: 0,
      timeout: 0,
      error: 0,
      stale: 0,
      byOperation: {},
      suspectEntries: 0,
    });
  });

  it('opens after five consecutive failures, each answered with the fallback', async () => {
    const { inner, cache, logged } = setup();
    inner.mode = { kind: 'reject', message: 'ECONNREFUSED 10.0.0.5:6379' };
    for (let i = 0; i < 4; i++) expect(await cache.getDroneState(DRONE_1)).toBeNull();
    expect(cache.circuit().state).toBe('closed');
    expect(await cache.leaderboardPage(CONVOY, 0, 10)).toBeNull();
    expect(cache.circuit()).toMatchObject({
      state: 'open',
      consecutiveFailures: 5,
      lastError: 'ECONNREFUSED 10.0.0.5:6379',
    });
    expect(cache.health()).toEqual({
      kind: 'redis',
      state: 'degraded',
      detail: 'circuit open: ECONNREFUSED 10.0.0.5:6379',
    });
    expect(logged('warn')).toHaveLength(1);
    expect(logged('warn')[0]!.message).toContain('cache circuit opened (redis)');
    expect(cache.fallbacks()).toMatchObject({
      error: 5,
      byOperation: { getDroneState: 4, leaderboardPage: 1 },
    });
  });

  it('sends nothing to the inner cache while open, and serves every fallback at once', async () => {
    const { inner, cache, lines } = setup();
    await openCircuit(cache, inner);
    const callsBefore = inner.calls.length;
    const linesBefore = lines.length;
    inner.mode = { kind: 'hang' };
    // No timer is advanced: a call that reached the inner cache could not settle.
    expect(await Promise.all(reads(cache))).toEqual(reads(new MemoryCache()).map(() => null));
    expect(await Promise.all(writes(cache))).toEqual(
      writes(new MemoryCache()).map(() => undefined),
    );
    expect(inner.calls).toHaveLength(callsBefore);
    expect(cache.fallbacks().open).toBe(21);
    expect(lines).toHaveLength(linesBefore);
  });

  it('lets one probe through when half-open and refuses the rest until it answers', async () => {
    const { inner, cache } = setup();
    await openCircuit(cache, inner);
    await vi.advanceTimersByTimeAsync(2_000);
    expect(cache.health()).toEqual({
      kind: 'redis',
      state: 'degraded',
      detail: 'circuit half-open',
    });
    const callsBefore = inner.calls.length;
    inner.mode = { kind: 'late', afterMs: 50 };
    const probe = cache.getDroneState(DRONE_1);
    const others = await Promise.all([cache.getDroneState(DRONE_2), cache.getRoster(CONVOY)]);
    expect(others).toEqual([null, null]);
    expect(inner.calls.slice(callsBefore)).toEqual(['getDroneState']);
    await vi.advanceTimersByTimeAsync(50);
    expect(await probe).toBeNull(); // a genuine miss: nothing was cached
    expect(cache.circuit().state).toBe('closed');
  });

  it('closes when the probe succeeds: one warning and one recovery line per outage', async () => {
    const { inner, cache, logged } = setup();
    await inner.memory.putDroneStates([drone(DRONE_2)]);
    await openCircuit(cache, inner);
    for (let i = 0; i < 50; i++) await cache.getDroneState(DRONE_2);
    await vi.advanceTimersByTimeAsync(2_000);
    inner.mode = { kind: 'answer' };
    expect(await cache.getDroneState(DRONE_2)).toEqual(drone(DRONE_2));
    expect(cache.circuit()).toMatchObject({ state: 'closed', consecutiveFailures: 0 });
    expect(cache.health()).toEqual({ kind: 'redis', state: 'up' });
    expect(logged('warn')).toHaveLength(1);
    expect(logged('info')).toHaveLength(1);
    expect(logged('info')[0]!.message).toMatch(/^cache circuit closed \(redis\): .* after 2\.0 s/);
    expect(await cache.getDroneState(DRONE_2)).toEqual(drone(DRONE_2));
  });

  it('backs off after a failed probe: 2 s, then 4 s, before the next one', async () => {
    const { inner, cache, logged } = setup();
    await openCircuit(cache, inner);
    await vi.advanceTimersByTimeAsync(2_000);
    const probed = inner.calls.length;
    await cache.getRoster(CONVOY); // the probe, still refused
    expect(inner.calls).toHaveLength(probed + 1);
    const { openedAt, nextProbeAt } = cache.circuit();
    expect(nextProbeAt! - openedAt!).toBe(4_000);
    await vi.advanceTimersByTimeAsync(3_999);
    await cache.getRoster(CONVOY);
    expect(inner.calls).toHaveLength(probed + 1);
    await vi.advanceTimersByTimeAsync(1);
    inner.mode = { kind: 'answer' };
    await cache.getRoster(CONVOY);
    expect(inner.calls).toHaveLength(probed + 2);
    expect(cache.circuit().state).toBe('closed');
    // Probe churn within one outage is debug only.
    expect(logged('warn')).toHaveLength(1);
    expect(logged('debug').map((l) => l.message.split(':')[0])).toEqual([
      'cache circuit half-open (redis)',
      'cache circuit open (redis)',
      'cache circuit half-open (redis)',
    ]);
  });

  it('answers a call slower than the timeout with the fallback at the deadline', async () => {
    const { inner, cache } = setup({ timeoutMs: 40 });
    await inner.memory.putDroneStates([drone(DRONE_1)]);
    inner.mode = { kind: 'hang' };
    let answered = false;
    const read = cache.getDroneState(DRONE_1).then((value) => {
      answered = true;
      return value;
    });
    await vi.advanceTimersByTimeAsync(39);
    expect(answered).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    expect(answered).toBe(true);
    expect(await read).toBeNull();
    expect(cache.circuit()).toMatchObject({
      consecutiveFailures: 1,
      lastError: 'getDroneState timed out after 40 ms',
    });
    expect(cache.fallbacks()).toMatchObject({ timeout: 1, byOperation: { getDroneState: 1 } });
  });

  it('counts timeouts towards opening, with the default of 250 ms', async () => {
    const { inner, cache } = setup();
    inner.mode = { kind: 'hang' };
    const reads = Array.from({ length: 5 }, () => cache.getLatestTelemetry(DRONE_1));
    await vi.advanceTimersByTimeAsync(250);
    expect(await Promise.all(reads)).toEqual([null, null, null, null, null]);
    expect(cache.circuit().state).toBe('open');
  });

  it('ignores a result that arrives after the deadline', async () => {
    const { inner, cache } = setup({ timeoutMs: 20 });
    await inner.memory.putDroneStates([drone(DRONE_1)]);
    inner.next.push({ kind: 'late', afterMs: 30 });
    const read = cache.getDroneState(DRONE_1);
    await vi.advanceTimersByTimeAsync(20);
    expect(await read).toBeNull();
    await vi.advanceTimersByTimeAsync(10);
    // The late answer neither reached the caller nor counted as a success.
    expect(cache.circuit().consecutiveFailures).toBe(1);
  });

  it('never throws from a write, or from a read, whatever the inner cache does', async () => {
    const behaviours: Behaviour[] = [
      { kind: 'reject', message: 'READONLY' },
      { kind: 'throw', message: 'socket closed' },
      { kind: 'hang' },
    ];
    for (const behaviour of behaviours) {
      const { inner, cache } = setup({ timeoutMs: 20, breaker: { failureThreshold: 1_000 } });
      inner.mode = behaviour;
      // All at once, so each reaches the inner cache before any failure marks an entry stale.
      const all = Promise.all([...reads(cache), ...writes(cache)]);
      await vi.advanceTimersByTimeAsync(20);
      await expect(all).resolves.toEqual([...Array(10).fill(null), ...Array(11).fill(undefined)]);
      expect(inner.calls).toHaveLength(21);
      const reason = behaviour.kind === 'hang' ? 'timeout' : 'error';
      expect(cache.fallbacks()[reason]).toBe(21);
    }
  });

  it('never reports down: an inner cache that is unwell makes it degraded', async () => {
    const { inner, cache } = setup();
    inner.reportedHealth = {
      kind: 'redis',
      state: 'down',
      detail: `reconnecting to ${SECRET_URL}`,
    };
    expect(cache.health()).toEqual({
      kind: 'redis',
      state: 'degraded',
      detail: 'reconnecting to redis://cache.internal:6379/0',
    });
    inner.reportedHealth = { kind: 'redis', state: 'degraded' };
    expect(cache.health()).toEqual({ kind: 'redis', state: 'degraded', detail: 'redis degraded' });
    inner.reportedHealth = { kind: 'redis', state: 'up', detail: 'v7.2' };
    expect(cache.health()).toEqual({ kind: 'redis', state: 'up', detail: 'v7.2' });
  });

  it('strips credentials from everything it logs or reports', async () => {
    const { inner, cache, lines } = setup();
    await openCircuit(
      cache,
      inner,
      `connect ECONNREFUSED ${SECRET_URL} (rediss://cache:6380?password=s3cret&db=0)`,
    );
    const expected =
      'connect ECONNREFUSED redis://cache.internal:6379/0 (rediss://cache:6380?password=***&db=0)';
    expect(cache.circuit().lastError).toBe(expected);
    expect(cache.health().detail).toBe(`circuit open: ${expected}`);
    expect(lines[0]!.message).toContain(expected);
    inner.closeBehaviour = { kind: 'reject', message: `QUIT failed on ${SECRET_URL}` };
    await cache.close();
    const everything = JSON.stringify([lines, cache.circuit(), cache.health()]);
    expect(everything).not.toMatch(/hunter2|s3cret|default:/);
    expect(lines.at(-1)!.message).toBe(
      'cache close failed (redis): QUIT failed on redis://cache.internal:6379/0',
    );
  });

  it('holds an entry whose write was dropped as stale until it is written again', async () => {
    const { inner, cache } = setup();
    await cache.putDroneStates([drone(DRONE_1, 90), drone(DRONE_2, 90)]);
    await openCircuit(cache, inner);
    // The fuel moved on in the store, but the write could not reach the cache.
    await cache.putDroneStates([drone(DRONE_1, 40), drone(DRONE_2, 40)]);
    expect(cache.fallbacks().suspectEntries).toBe(2);
    await vi.advanceTimersByTimeAsync(2_000);
    inner.mode = { kind: 'answer' };
    inner.next.push({ kind: 'answer' }, { kind: 'hang' }); // the probe, then the repair stalls
    await cache.putDroneStates([drone(DRONE_1, 35)]);
    expect(cache.circuit().state).toBe('closed');
    // The inner cache still holds 90 % for DRONE_2; a miss sends the caller to the store instead.
    const callsBefore = inner.calls.length;
    expect(await cache.getDroneState(DRONE_2)).toBeNull();
    expect(await cache.getDroneState(DRONE_1)).toEqual(drone(DRONE_1, 35));
    expect(inner.calls.slice(callsBefore)).toEqual(['getDroneState']);
    expect(cache.fallbacks().stale).toBe(1);
  });

  it('invalidates the remaining stale entries in the background once calls succeed', async () => {
    const { inner, cache } = setup();
    await cache.putDroneStates([drone(DRONE_1)]);
    await cache.loadLeaderboard(CONVOY, [member(DRONE_1, 1, 1)]);
    await openCircuit(cache, inner);
    await cache.putDroneStates([drone(DRONE_1, 10)]);
    await cache.updateLeaderboard(CONVOY, member(DRONE_1, 1, 2));
    await cache.invalidateConvoy(CONVOY);
    // The drone's state and stats (the board update may write both), and the convoy's four entries.
    expect(cache.fallbacks().suspectEntries).toBe(6);
    // A suspect board reads as not cached, so the caller reloads it whole.
    expect(await cache.updateLeaderboard(CONVOY, member(DRONE_1, 1, 2))).toBeNull();
    await vi.advanceTimersByTimeAsync(2_000);
    inner.mode = { kind: 'answer' };
    await cache.getActiveConvoys();
    await settle();
    expect(cache.fallbacks().suspectEntries).toBe(0);
    expect(inner.calls.filter((c) => c === 'invalidate')).toHaveLength(6);
    expect(await inner.memory.getDroneState(DRONE_1)).toBeNull();
    expect(await inner.memory.leaderboardPage(CONVOY, 0, 10)).toBeNull();
    expect(await cache.leaderboardPage(CONVOY, 0, 10)).toBeNull();
    await cache.loadLeaderboard(CONVOY, [member(DRONE_1, 1, 2)]);
    expect(await cache.updateLeaderboard(CONVOY, member(DRONE_1, 2, 3))).toEqual({
      previousRank: 1,
      newRank: 1,
    });
  });

  it('repairs only what the write that brought it back did not already make current', async () => {
    const { inner, cache } = setup();
    await cache.putDroneStates([drone(DRONE_1, 90), drone(DRONE_2, 90)]);
    await openCircuit(cache, inner);
    await cache.putDroneStates([drone(DRONE_1, 40), drone(DRONE_2, 40)]);
    await vi.advanceTimersByTimeAsync(2_000);
    inner.mode = { kind: 'answer' };
    await cache.putDroneStates([drone(DRONE_1, 35)]);
    await settle();
    expect(cache.fallbacks().suspectEntries).toBe(0);
    expect(inner.calls.filter((c) => c === 'invalidate')).toHaveLength(1);
    expect(await cache.getDroneState(DRONE_1)).toEqual(drone(DRONE_1, 35));
    expect(await cache.getDroneState(DRONE_2)).toBeNull();
  });

  it('marks the members of a board that failed to load, but clears only the board on success', async () => {
    const { inner, cache } = setup({ breaker: { failureThreshold: 100 } });
    inner.next.push({ kind: 'reject', message: 'OOM' });
    await cache.loadLeaderboard(CONVOY, [member(DRONE_1, 1, 1), member(DRONE_2, 0, 1)]);
    expect(cache.fallbacks().suspectEntries).toBe(3);
    // Keep the repair out of it: a board load says nothing of the stats in every implementation.
    inner.next.push({ kind: 'answer' }, { kind: 'hang' });
    await cache.loadLeaderboard(CONVOY, [member(DRONE_1, 1, 1), member(DRONE_2, 0, 1)]);
    expect(await cache.getEngagementStats(DRONE_1)).toBeNull();
    expect(await cache.getEngagementStats(DRONE_2)).toBeNull();
    expect(await cache.leaderboardPage(CONVOY, 0, 1)).toMatchObject({ size: 2 });
    expect(cache.fallbacks()).toMatchObject({ stale: 2, suspectEntries: 2 });
  });

  it('keeps an entry stale when a write begun before the failure succeeds after it', async () => {
    const { inner, cache } = setup({ breaker: { failureThreshold: 100 } });
    inner.next.push({ kind: 'late', afterMs: 30 }, { kind: 'reject', message: 'OOM' });
    const older = cache.putEngagementStats(DRONE_1, stats(1, 1));
    await cache.putEngagementStats(DRONE_1, stats(2, 2)); // newer, and dropped
    inner.next.push({ kind: 'hang' }); // keep the repair from clearing it behind our back
    await vi.advanceTimersByTimeAsync(30);
    await older;
    const callsBefore = inner.calls.length;
    expect(await cache.getEngagementStats(DRONE_1)).toBeNull();
    expect(inner.calls).toHaveLength(callsBefore);
  });

  it('closes the inner cache once, even with the circuit open, and never throws', async () => {
    const { inner, cache, logged } = setup({ closeTimeoutMs: 30 });
    await openCircuit(cache, inner);
    await Promise.all([cache.close(), cache.close()]);
    expect(inner.closes).toBe(1);

    const hung = setup({ closeTimeoutMs: 30 });
    hung.inner.closeBehaviour = { kind: 'hang' };
    const closing = hung.cache.close();
    await vi.advanceTimersByTimeAsync(30);
    await expect(closing).resolves.toBeUndefined();
    expect(hung.logged('warn')[0]!.message).toBe(
      'cache close (redis) did not finish within 30 ms; shutdown goes on',
    );
    expect(logged('warn')).toHaveLength(1); // the opening only
  });

  it('refuses a timeout that is not shorter than the open period', () => {
    const inner = new ScriptedCache();
    expect(() => new ResilientCache(inner, { timeoutMs: 0 })).toThrow(RangeError);
    expect(() => new ResilientCache(inner, { timeoutMs: 2_000 })).toThrow(RangeError);
    expect(
      () => new ResilientCache(inner, { timeoutMs: 2_000, breaker: { openMs: 2_001 } }),
    ).not.toThrow();
  });
});
