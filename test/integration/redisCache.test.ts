import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CACHE_TTL_SECONDS } from '../../src-shared/constants';
import { RedisCache } from '../../src-main/cache/redis/RedisCache';
import { RedisKeys } from '../../src-main/cache/redis/redisKeys';
import { createLogger, type Logger } from '../../src-main/core/logger';
import { EMPTY_STATS } from '../../src-main/domain/ranking';
import {
  freePort,
  redisServerAvailable,
  startRedisServer,
  type RedisServer,
} from '../support/redisServer';
import { waitFor } from '../support/coreHarness';

/**
 * The Redis cache against a real redis-server: the seed's keys, types, TTLs and fields as Redis
 * itself reports them, the Lua script surviving a flushed script cache, and what happens with a
 * wrong password, a server that is not there yet, and data some other program wrote wrongly.
 */
const withRedis = redisServerAvailable();

function recordingLogger(): Logger & { lines: string[] } {
  const lines: string[] = [];
  const record = (...args: unknown[]) => lines.push(args.map(String).join(' '));
  return { lines, debug: record, info: record, warn: record, error: record } as Logger & {
    lines: string[];
  };
}

describe.runIf(withRedis)('Redis cache on a real redis-server', () => {
  let server: RedisServer;
  let cache: RedisCache;
  let raw: Redis;
  const keys = new RedisKeys();

  beforeAll(async () => {
    server = await startRedisServer();
    // No prefix here: the keys must be exactly the seed's.
    cache = await RedisCache.connect(
      { url: server.url, poolSize: 2, keyPrefix: '' },
      createLogger('error'),
    );
    raw = new Redis(server.url);
  }, 30_000);
  afterAll(async () => {
    raw?.disconnect();
    await cache?.close();
    await server?.stop();
  });

  it('writes the seed’s nine structures with their keys, types and TTLs', async () => {
    const convoyId = randomUUID();
    const droneId = randomUUID();
    const now = 1_795_000_000_000;
    await cache.putDroneStates([
      {
        id: droneId,
        convoyId,
        callsign: 'VIPER-01',
        platformType: 'MQ9_REAPER',
        status: 'AIRBORNE',
        lat: 34.5,
        lon: 69.2,
        altitudeM: 5000,
        headingDeg: 45,
        speedMps: 80,
        fuelPct: 75.5,
        currentWaypoint: 12,
        distanceToNextKm: 15.3,
        totalEngagements: 2,
        successfulHits: 1,
        accuracyPct: 50,
        currentStreak: 0,
        bestStreak: 1,
        meshConnectivity: 0.95,
        updatedAt: now,
      },
    ]);
    await cache.putLatestTelemetry([
      {
        droneId,
        recordedAt: now,
        lat: 34.5553,
        lon: 69.2075,
        altitudeM: 5000,
        headingDeg: 45,
        speedMps: 80,
        fuelPct: 75.5,
        currentWaypoint: 12,
        distanceToNextKm: 15.3,
        meshConnectivity: 0.95,
        status: 'AIRBORNE',
      },
    ]);
    await cache.putRoster(convoyId, [droneId]);
    await cache.putActiveConvoys([convoyId]);
    await cache.putConvoySummary({
      convoyId,
      callsign: 'VIPER',
      missionType: 'ISR',
      status: 'ACTIVE',
      droneCount: 12,
      airborneCount: 10,
      totalEngagements: 20,
      totalHits: 15,
      avgAccuracyPct: 75,
      avgFuelPct: 60,
      missionStart: now,
      updatedAt: now,
    });
    await cache.putMeshTopology(convoyId, new Map([[droneId, [randomUUID()]]]));
    await cache.putWaypointProgress(droneId, {
      totalWaypoints: 25,
      currentWaypoint: 12,
      completedWaypoints: 11,
      progressPct: 44,
      etaFinal: now,
    });
    await cache.loadLeaderboard(convoyId, [{ droneId, callsign: 'VIPER-01', stats: EMPTY_STATS }]);

    const expected: [string, string, number][] = [
      [`convoy:leaderboard:${convoyId}`, 'zset', CACHE_TTL_SECONDS.leaderboard],
      [`drone:state:${droneId}`, 'hash', CACHE_TTL_SECONDS.droneState],
      [`convoy:roster:${convoyId}`, 'set', CACHE_TTL_SECONDS.convoyRoster],
      [`telemetry:latest:${droneId}`, 'string', CACHE_TTL_SECONDS.telemetryLatest],
      [`stats:engagements:${droneId}`, 'hash', CACHE_TTL_SECONDS.engagementStats],
      [`convoy:summary:${convoyId}`, 'hash', CACHE_TTL_SECONDS.convoySummary],
      ['convoys:active', 'list', CACHE_TTL_SECONDS.activeConvoys],
      [`mesh:topology:${convoyId}`, 'hash', CACHE_TTL_SECONDS.meshTopology],
      [`waypoints:progress:${droneId}`, 'hash', CACHE_TTL_SECONDS.waypointProgress],
    ];
    // The seed's own numbers, so a change to the constants cannot pass unnoticed.
    expect(expected.map(([, , ttl]) => ttl)).toEqual([300, 60, 3600, 10, 300, 120, 300, 30, 120]);
    for (const [key, type, ttl] of expected) {
      expect(await raw.type(key), key).toBe(type);
      const left = await raw.ttl(key);
      expect(left, key).toBeLessThanOrEqual(ttl);
      expect(left, key).toBeGreaterThan(ttl - 5);
    }

    expect(Object.keys(await raw.hgetall(`drone:state:${droneId}`))).toEqual(
      expect.arrayContaining([
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
      ]),
    );
    expect(await raw.hget(`drone:state:${droneId}`, 'updated_at')).toBe(
      new Date(now).toISOString(),
    );
    expect(JSON.parse((await raw.get(`telemetry:latest:${droneId}`))!)).toMatchObject({
      drone_id: droneId,
      recorded_at: new Date(now).toISOString(),
      position: {
        latitude: 34.5553,
        longitude: 69.2075,
        altitude_m: 5000,
        heading_deg: 45,
        speed_mps: 80,
      },
      fuel_remaining_pct: 75.5,
      current_waypoint: 12,
      distance_to_next_km: 15.3,
      mesh_connectivity: 0.95,
    });
    expect(Object.keys(await raw.hgetall(`stats:engagements:${droneId}`))).toEqual(
      expect.arrayContaining([
        'total_engagements',
        'successful_hits',
        'current_streak',
        'best_streak',
        'last_engagement',
        'last_result',
      ]),
    );
    expect(Object.keys(await raw.hgetall(`convoy:summary:${convoyId}`))).toEqual(
      expect.arrayContaining([
        'convoy_callsign',
        'mission_type',
        'status',
        'drone_count',
        'airborne_count',
        'total_engagements',
        'total_hits',
        'avg_accuracy_pct',
        'avg_fuel_pct',
        'mission_start',
        'updated_at',
      ]),
    );
    expect(Object.keys(await raw.hgetall(`waypoints:progress:${droneId}`)).sort()).toEqual([
      'completed_waypoints',
      'current_waypoint',
      'eta_final',
      'progress_pct',
      'total_waypoints',
    ]);
    expect(await raw.zscore(`convoy:leaderboard:${convoyId}`, droneId)).toBe('0');
  });

  it('keeps the score the seed names (accuracy_pct) and the drone’s state in step on an engagement', async () => {
    const convoyId = randomUUID();
    const droneId = randomUUID();
    await cache.loadLeaderboard(convoyId, [{ droneId, callsign: 'V', stats: EMPTY_STATS }]);
    await cache.putDroneStates([
      {
        id: droneId,
        convoyId,
        callsign: 'V',
        platformType: 'MQ9_REAPER',
        status: 'AIRBORNE',
        lat: 0,
        lon: 0,
        altitudeM: 0,
        headingDeg: 0,
        speedMps: 0,
        fuelPct: 50,
        currentWaypoint: 0,
        distanceToNextKm: 0,
        totalEngagements: 0,
        successfulHits: 0,
        accuracyPct: 0,
        currentStreak: 0,
        bestStreak: 0,
        meshConnectivity: 1,
        updatedAt: 1,
      },
    ]);
    const stats = {
      totalEngagements: 3,
      successfulHits: 2,
      currentStreak: 2,
      bestStreak: 2,
      lastEngagementAt: 5,
      lastResult: 'HIT' as const,
    };
    expect(await cache.updateLeaderboard(convoyId, { droneId, callsign: 'V', stats })).toEqual({
      previousRank: 1,
      newRank: 1,
    });
    expect(Number(await raw.zscore(keys.leaderboard(convoyId), droneId))).toBe((2 / 3) * 100);
    expect(
      await raw.hmget(keys.droneState(droneId), 'total_engagements', 'successful_hits'),
    ).toEqual(['3', '2']);
    expect((await cache.getDroneState(droneId))?.accuracyPct).toBe((2 / 3) * 100);
  });

  it('runs the engagement script by EVALSHA, and reloads it after SCRIPT FLUSH', async () => {
    const convoyId = randomUUID();
    const droneId = randomUUID();
    await cache.loadLeaderboard(convoyId, [{ droneId, callsign: 'V', stats: EMPTY_STATS }]);
    await raw.script('FLUSH');
    const stats = {
      ...EMPTY_STATS,
      totalEngagements: 1,
      successfulHits: 1,
      currentStreak: 1,
      bestStreak: 1,
    };
    // Every connection of the pool meets NOSCRIPT once.
    for (let i = 0; i < 4; i++) {
      expect(await cache.updateLeaderboard(convoyId, { droneId, callsign: 'V', stats })).toEqual({
        previousRank: 1,
        newRank: 1,
      });
    }
    expect((await cache.leaderboardPage(convoyId, 0, 1))?.rows[0]?.stats.successfulHits).toBe(1);
  });

  it('bulk-invalidates a convoy with SCAN, however many keys it has', async () => {
    const convoyId = randomUUID();
    const other = randomUUID();
    // More keys than one SCAN page, under the seed's pattern.
    const pipeline = raw.pipeline();
    for (let i = 0; i < 250; i++) pipeline.set(`convoy:extra${i}:${convoyId}`, 'x');
    await pipeline.exec();
    await cache.putConvoySummary({
      convoyId: other,
      callsign: 'O',
      missionType: 'ISR',
      status: 'ACTIVE',
      droneCount: 1,
      airborneCount: 1,
      totalEngagements: 0,
      totalHits: 0,
      avgAccuracyPct: 0,
      avgFuelPct: 0,
      missionStart: 1,
      updatedAt: 1,
    });
    await cache.invalidateConvoy(convoyId);
    const left = await raw.scan('0', 'MATCH', `convoy:*:${convoyId}*`, 'COUNT', 10_000);
    expect(left[1]).toEqual([]);
    expect(await raw.exists(keys.convoySummary(other))).toBe(1);
  });

  it('writes a 2,000-drone tick in one go, each hash whole, any callsign verbatim', async () => {
    const convoyId = randomUUID();
    const drones = Array.from({ length: 2000 }, (_, i) => ({
      id: randomUUID(),
      convoyId,
      // Bulk strings carry any bytes: control characters, CRLF, and multi-byte UTF-8.
      callsign: i === 7 ? 'ODD\x1fNA\x1eME\r\n*3 ÆGIR-Ω' : `D-${i}`,
      platformType: 'MQ9_REAPER' as const,
      status: 'AIRBORNE' as const,
      lat: 30 + i / 1000,
      lon: 65 + i / 1000,
      altitudeM: 4000 + i,
      headingDeg: i % 360,
      speedMps: 70.5,
      fuelPct: 88.25,
      currentWaypoint: i % 25,
      distanceToNextKm: 1.5,
      totalEngagements: i % 7,
      successfulHits: i % 5,
      accuracyPct: 12.5,
      currentStreak: 1,
      bestStreak: 3,
      meshConnectivity: 0.75,
      updatedAt: 1_795_000_000_000 + i,
    }));
    await cache.putDroneStates(drones);
    for (const i of [0, 7, 1234, 1999]) {
      const got = await cache.getDroneState(drones[i]!.id);
      expect(got).toEqual(drones[i]);
    }
    expect(await raw.ttl(keys.droneState(drones[1999]!.id))).toBeGreaterThan(55);
  });

  it('writes later ticks as deltas, each drone whole again within ten writes, with its TTL', async () => {
    const convoyId = randomUUID();
    const base = Array.from({ length: 50 }, (_, i) => ({
      id: randomUUID(),
      convoyId,
      callsign: `DELTA-${i}`,
      platformType: 'MQ9_REAPER' as const,
      status: 'AIRBORNE' as const,
      lat: 30,
      lon: 65,
      altitudeM: 4000,
      headingDeg: 10,
      speedMps: 70,
      fuelPct: 90,
      currentWaypoint: 3,
      distanceToNextKm: 2,
      totalEngagements: 0,
      successfulHits: 0,
      accuracyPct: 0,
      currentStreak: 0,
      bestStreak: 0,
      meshConnectivity: 1,
      updatedAt: 1_795_000_000_000,
    }));
    await cache.putDroneStates(base);
    // Another writer's field that a delta must not touch, and a TTL that only a keyframe resets.
    for (const d of base) {
      await raw.hset(keys.droneState(d.id), 'callsign', 'SET-BY-HAND');
      await raw.expire(keys.droneState(d.id), 30);
    }
    const moved = base.map((d) => ({
      ...d,
      lat: 30.001,
      fuelPct: 89.5,
      updatedAt: d.updatedAt + 1000,
    }));
    await cache.putDroneStates(moved);
    // First keyframes are spread over the interval, so a few drones are due one already; every
    // drone is either a delta (changed fields only, TTL untouched) or a keyframe (whole, TTL back).
    let deltas = 0;
    for (const d of moved) {
      const key = keys.droneState(d.id);
      const [lat, fuel, callsign] = await raw.hmget(key, 'lat', 'fuel_pct', 'callsign');
      expect([lat, fuel]).toEqual(['30.001', '89.5']);
      if (callsign === 'SET-BY-HAND') {
        deltas++;
        expect(await raw.ttl(key)).toBeLessThanOrEqual(30);
      } else {
        expect(await cache.getDroneState(d.id)).toEqual(d);
        expect(await raw.ttl(key)).toBeGreaterThan(55);
      }
    }
    expect(deltas).toBeGreaterThan(25);

    // Within ten more ticks every drone had a keyframe: whole, the hand-set field overwritten, TTL back.
    let tick = moved;
    for (let n = 2; n <= 11; n++) {
      tick = tick.map((d) => ({ ...d, updatedAt: d.updatedAt + 1000 }));
      await cache.putDroneStates(tick);
    }
    expect(await cache.getDroneState(base[0]!.id)).toEqual(tick[0]);
    for (const d of tick) expect(await raw.ttl(keys.droneState(d.id))).toBeGreaterThan(45);
  });

  it('never leaves a partial hash standing: a delta on a vanished key is a miss, and the next write is whole', async () => {
    const drone = {
      id: randomUUID(),
      convoyId: randomUUID(),
      callsign: 'GONE-1',
      platformType: 'MQ9_REAPER' as const,
      status: 'AIRBORNE' as const,
      lat: 30,
      lon: 65,
      altitudeM: 4000,
      headingDeg: 10,
      speedMps: 70,
      fuelPct: 90,
      currentWaypoint: 3,
      distanceToNextKm: 2,
      totalEngagements: 0,
      successfulHits: 0,
      accuracyPct: 0,
      currentStreak: 0,
      bestStreak: 0,
      meshConnectivity: 1,
      updatedAt: 1_795_000_000_000,
    };
    await cache.putDroneStates([drone]);
    // Evicted, or expired, behind the writer's back, before a delta. The drone's first keyframe
    // interval is spread by its (random) id, so the next write may be a keyframe: nine writes
    // in ten are deltas, so within ten tries one lands on the vanished key.
    let next = drone;
    let partial = false;
    for (let tries = 0; tries < 10 && !partial; tries++) {
      await raw.del(keys.droneState(drone.id));
      next = { ...next, lat: next.lat + 0.5, updatedAt: next.updatedAt + 1000 };
      await cache.putDroneStates([next]);
      partial = (await raw.hlen(keys.droneState(drone.id))) < 19;
    }
    expect(partial).toBe(true);
    expect(await cache.getDroneState(drone.id)).toBeNull();
    // The read-through fill after that miss writes the same values again: whole this time.
    await cache.putDroneStates([next]);
    expect(await cache.getDroneState(drone.id)).toEqual(next);
    expect(await raw.ttl(keys.droneState(drone.id))).toBeGreaterThan(55);

    // An invalidation is followed by a whole write too.
    await cache.invalidate('droneState', drone.id);
    const later = { ...next, fuelPct: 80, updatedAt: next.updatedAt + 1000 };
    await cache.putDroneStates([later]);
    expect(await cache.getDroneState(drone.id)).toEqual(later);
  });

  it('treats entries another program wrote wrongly as misses, not crashes', async () => {
    const droneId = randomUUID();
    await raw.hset(keys.droneState(droneId), { lat: 'north-ish', callsign: 'X' });
    await raw.set(keys.telemetryLatest(droneId), '{not json');
    await raw.hset(keys.engagementStats(droneId), { total_engagements: '-4' });
    await raw.hset(keys.meshTopology('c'), droneId, '{"a":1}');
    expect(await cache.getDroneState(droneId)).toBeNull();
    expect(await cache.getLatestTelemetry(droneId)).toBeNull();
    expect(await cache.getEngagementStats(droneId)).toBeNull();
    expect(await cache.getMeshNeighbours('c', droneId)).toBeNull();
  });

  it('keeps rate limits and metrics under the SDK seed’s keys, with their TTLs', async () => {
    const droneId = randomUUID();
    await cache.countInWindow(`${droneId}:engagement.record`, 60);
    const limitKey = `ratelimit:${droneId}:engagement.record:60`;
    expect(await raw.get(limitKey)).toBe('1');
    expect(await raw.ttl(limitKey)).toBeGreaterThan(55);
    const at = Date.UTC(2026, 10, 22, 8, 5, 0);
    await cache.addToMetric('ingest_telemetry_rows', 2000, at);
    const metricKey = 'metrics:ingest_telemetry_rows:202611220805';
    expect(await raw.get(metricKey)).toBe('2000');
    expect(await raw.ttl(metricKey)).toBeGreaterThan(3590);
  });

  it('adds its hit and miss counts to the seed’s cache:hits:{entity} keys', async () => {
    const droneId = randomUUID();
    const before = Number((await raw.get('cache:misses:drone_state')) ?? 0);
    await cache.getDroneState(droneId);
    await cache.getDroneState(droneId);
    await waitFor(
      'counters flushed',
      async () => Number((await raw.get('cache:misses:drone_state')) ?? 0) >= before + 2,
    );
    expect((await cache.sharedCounters()).misses['droneState']).toBeGreaterThanOrEqual(before + 2);
  });
});

describe.runIf(withRedis)('Redis cache: connection trouble', () => {
  it('refuses wrong credentials with a clear error that does not show the password', async () => {
    const server = await startRedisServer({ password: 'right-password-123' });
    try {
      const wrong = server.url.replace('right-password-123', 'wrong-secret-456');
      const attempt = RedisCache.connect(
        { url: wrong, poolSize: 1, keyPrefix: '' },
        createLogger('silent'),
      );
      await expect(attempt).rejects.toThrow(/credentials/);
      await expect(attempt).rejects.not.toThrow(/wrong-secret-456/);
      // The right one works.
      const cache = await RedisCache.connect(
        { url: server.url, poolSize: 1, keyPrefix: '' },
        createLogger('silent'),
      );
      expect(cache.health().state).toBe('up');
      await cache.close();
    } finally {
      await server.stop();
    }
  }, 30_000);

  it('starts without a server (health down, reads miss, writes fail), and recovers when it comes', async () => {
    const port = await freePort();
    const log = recordingLogger();
    const cache = await RedisCache.connect(
      { url: `redis://:pw-not-logged@127.0.0.1:${port}`, poolSize: 1, keyPrefix: '' },
      log,
    );
    try {
      expect(cache.health().state).toBe('down');
      await expect(cache.getDroneState(randomUUID())).rejects.toThrow();
      expect(log.lines.join('\n')).not.toContain('pw-not-logged');
      expect(log.lines.length).toBeGreaterThan(0);

      // A server appears on that port: the client reconnects by itself.
      const { spawn } = await import('node:child_process');
      const child = spawn(
        'redis-server',
        [
          '--port',
          String(port),
          '--bind',
          '127.0.0.1',
          '--save',
          '',
          '--appendonly',
          'no',
          '--requirepass',
          'pw-not-logged',
        ],
        { stdio: 'ignore' },
      );
      try {
        await waitFor('reconnected', () => cache.health().state === 'up', 15_000);
        await cache.putActiveConvoys(['x']);
        expect(await cache.getActiveConvoys()).toEqual(['x']);
      } finally {
        child.kill('SIGKILL');
      }
    } finally {
      await cache.close();
    }
  }, 30_000);
});
