import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ConvoySummary, Drone, EngagementStats, Telemetry } from '../../src-shared/model';
import type { Cache, LeaderboardMember, WaypointProgress } from '../../src-main/cache/Cache';
import { MemoryCache } from '../../src-main/cache/memory/MemoryCache';
import { RedisCache } from '../../src-main/cache/redis/RedisCache';
import { createLogger } from '../../src-main/core/logger';
import { applyEngagement, EMPTY_STATS, rankAll } from '../../src-main/domain/ranking';
import { prng } from '../support/prng';
import { redisServerAvailable, startRedisServer, type RedisServer } from '../support/redisServer';

/**
 * One suite for every implementation of the Cache port (DESIGN.md): the in-process cache and the
 * Redis one against a real redis-server on loopback. Whatever the services can observe through
 * the port must be the same on both, the leaderboard's order and rank changes above all.
 */

interface Backend {
  name: string;
  create(): Promise<Cache>;
}

let redis: RedisServer | null = null;
const withRedis = redisServerAvailable();
const backends: Backend[] = [
  { name: 'memory', create: async () => new MemoryCache() },
  ...(withRedis
    ? [
        {
          name: 'redis',
          // A prefix per cache: tests do not see each other's keys on the shared server.
          create: () =>
            RedisCache.connect(
              { url: redis!.url, poolSize: 2, keyPrefix: `t${randomUUID().slice(0, 8)}:` },
              createLogger('error'),
            ),
        },
      ]
    : []),
];

beforeAll(async () => {
  if (withRedis) redis = await startRedisServer();
}, 30_000);
afterAll(async () => {
  await redis?.stop();
});

const CONVOY_A = randomUUID();
const CONVOY_B = randomUUID();

const drone = (id: string, over: Partial<Drone> = {}): Drone => ({
  id,
  convoyId: CONVOY_A,
  callsign: `VIPER-${id.slice(0, 4)}`,
  platformType: 'MQ9_REAPER',
  status: 'AIRBORNE',
  lat: 34.555312345678,
  lon: 69.207512345678,
  altitudeM: 5000.25,
  headingDeg: 45.5,
  speedMps: 80.125,
  fuelPct: 75.5,
  currentWaypoint: 12,
  distanceToNextKm: 15.3,
  totalEngagements: 7,
  successfulHits: 5,
  accuracyPct: (5 / 7) * 100,
  currentStreak: 2,
  bestStreak: 4,
  meshConnectivity: 0.95,
  updatedAt: 1_795_000_000_123,
  ...over,
});

const telemetry = (droneId: string): Telemetry => ({
  droneId,
  recordedAt: 1_795_000_000_456,
  lat: 34.5553,
  lon: 69.2075,
  altitudeM: 5000,
  headingDeg: 45,
  speedMps: 80,
  fuelPct: 75.5,
  currentWaypoint: 12,
  distanceToNextKm: 15.3,
  meshConnectivity: 0.95,
  status: 'LOITER',
});

const summary = (convoyId: string): ConvoySummary => ({
  convoyId,
  callsign: 'VIPER',
  missionType: 'ISR',
  status: 'ACTIVE',
  droneCount: 12,
  airborneCount: 10,
  totalEngagements: 20,
  totalHits: 15,
  avgAccuracyPct: 75.123456789,
  avgFuelPct: 60.5,
  missionStart: 1_795_000_000_000,
  updatedAt: 1_795_000_100_000,
});

const stats = (over: Partial<EngagementStats> = {}): EngagementStats => ({
  totalEngagements: 3,
  successfulHits: 2,
  currentStreak: 1,
  bestStreak: 2,
  lastEngagementAt: 1_795_000_000_789,
  lastResult: 'HIT',
  ...over,
});

describe.each(backends)('Cache contract: $name', ({ create }) => {
  let cache: Cache;
  beforeAll(async () => {
    cache = await create();
  });
  afterAll(async () => {
    await cache.close();
  });

  it('is up', () => {
    expect(cache.health().state).toBe('up');
  });

  it('round-trips drone state, exactly', async () => {
    const d = drone(randomUUID());
    await cache.putDroneStates([d, drone(randomUUID())]);
    expect(await cache.getDroneState(d.id)).toEqual(d);
  });

  it('round-trips latest telemetry, and the newest write wins', async () => {
    const t = telemetry(randomUUID());
    await cache.putLatestTelemetry([t]);
    await cache.putLatestTelemetry([{ ...t, fuelPct: 70, recordedAt: t.recordedAt + 1000 }]);
    expect(await cache.getLatestTelemetry(t.droneId)).toEqual({
      ...t,
      fuelPct: 70,
      recordedAt: t.recordedAt + 1000,
    });
  });

  it('round-trips a roster (as a set) and replaces it on put', async () => {
    const convoyId = randomUUID();
    const ids = [randomUUID(), randomUUID(), randomUUID()];
    await cache.putRoster(convoyId, ids);
    expect(new Set(await cache.getRoster(convoyId))).toEqual(new Set(ids));
    await cache.putRoster(convoyId, ids.slice(1));
    expect(new Set(await cache.getRoster(convoyId))).toEqual(new Set(ids.slice(1)));
  });

  it('round-trips the active convoys in order', async () => {
    await cache.putActiveConvoys([CONVOY_B, CONVOY_A]);
    expect(await cache.getActiveConvoys()).toEqual([CONVOY_B, CONVOY_A]);
  });

  it('round-trips a convoy summary, exactly', async () => {
    const s = summary(randomUUID());
    await cache.putConvoySummary(s);
    expect(await cache.getConvoySummary(s.convoyId)).toEqual(s);
  });

  it('round-trips mesh neighbours per drone and replaces the topology on put', async () => {
    const convoyId = randomUUID();
    const [a, b, c] = [randomUUID(), randomUUID(), randomUUID()];
    await cache.putMeshTopology(
      convoyId,
      new Map([
        [a, [b, c]],
        [b, [a]],
        [c, [a]],
      ]),
    );
    expect(await cache.getMeshNeighbours(convoyId, a)).toEqual([b, c]);
    await cache.putMeshTopology(
      convoyId,
      new Map([
        [b, [c]],
        [c, [b]],
      ]),
    );
    expect(await cache.getMeshNeighbours(convoyId, a)).toBeNull();
    expect(await cache.getMeshNeighbours(convoyId, b)).toEqual([c]);
  });

  it('round-trips waypoint progress, with and without a final ETA', async () => {
    const [a, b] = [randomUUID(), randomUUID()];
    const progress: WaypointProgress = {
      totalWaypoints: 25,
      currentWaypoint: 13,
      completedWaypoints: 12,
      progressPct: 48,
      etaFinal: 1_795_003_600_000,
    };
    await cache.putWaypointProgress(a, progress);
    await cache.putWaypointProgress(b, { ...progress, etaFinal: null });
    expect(await cache.getWaypointProgress(a)).toEqual(progress);
    expect(await cache.getWaypointProgress(b)).toEqual({ ...progress, etaFinal: null });
  });

  it('round-trips engagement stats, including a drone that never engaged', async () => {
    const [a, b] = [randomUUID(), randomUUID()];
    await cache.putEngagementStats(a, stats());
    await cache.putEngagementStats(b, EMPTY_STATS);
    expect(await cache.getEngagementStats(a)).toEqual(stats());
    expect(await cache.getEngagementStats(b)).toEqual(EMPTY_STATS);
  });

  it('answers null for what it does not hold, and counts hits and misses per entity', async () => {
    const before = cache.stats();
    const id = randomUUID();
    expect(await cache.getDroneState(id)).toBeNull();
    expect(await cache.getLatestTelemetry(id)).toBeNull();
    expect(await cache.getRoster(id)).toBeNull();
    expect(await cache.getConvoySummary(id)).toBeNull();
    expect(await cache.getMeshNeighbours(id, id)).toBeNull();
    expect(await cache.getWaypointProgress(id)).toBeNull();
    expect(await cache.getEngagementStats(id)).toBeNull();
    expect(await cache.leaderboardPage(id, 0, 10)).toBeNull();
    await cache.putDroneStates([drone(id)]);
    await cache.getDroneState(id);
    const after = cache.stats();
    for (const entity of [
      'droneState',
      'telemetryLatest',
      'convoyRoster',
      'convoySummary',
      'meshTopology',
      'waypointProgress',
      'engagementStats',
      'leaderboard',
    ]) {
      expect((after.misses[entity] ?? 0) - (before.misses[entity] ?? 0), entity).toBe(1);
    }
    expect((after.hits['droneState'] ?? 0) - (before.hits['droneState'] ?? 0)).toBe(1);
  });

  it('invalidate drops one entry and leaves others', async () => {
    const [a, b] = [randomUUID(), randomUUID()];
    await cache.putDroneStates([drone(a), drone(b)]);
    await cache.putEngagementStats(a, stats());
    await cache.invalidate('droneState', a);
    expect(await cache.getDroneState(a)).toBeNull();
    expect(await cache.getDroneState(b)).not.toBeNull();
    expect(await cache.getEngagementStats(a)).not.toBeNull();
  });

  it('invalidateConvoy drops that convoy’s board, summary, roster and mesh, and nothing else', async () => {
    const [convoy, other] = [randomUUID(), randomUUID()];
    const d = randomUUID();
    for (const c of [convoy, other]) {
      await cache.loadLeaderboard(c, [{ droneId: randomUUID(), callsign: 'A', stats: stats() }]);
      await cache.putConvoySummary(summary(c));
      await cache.putRoster(c, [d]);
      await cache.putMeshTopology(c, new Map([[d, [d]]]));
    }
    await cache.putDroneStates([drone(d)]);
    await cache.invalidateConvoy(convoy);
    expect(await cache.leaderboardPage(convoy, 0, 10)).toBeNull();
    expect(await cache.getConvoySummary(convoy)).toBeNull();
    expect(await cache.getRoster(convoy)).toBeNull();
    expect(await cache.getMeshNeighbours(convoy, d)).toBeNull();
    expect(await cache.leaderboardPage(other, 0, 10)).not.toBeNull();
    expect(await cache.getConvoySummary(other)).not.toBeNull();
    expect(await cache.getRoster(other)).toEqual([d]);
    expect(await cache.getMeshNeighbours(other, d)).toEqual([d]);
    expect(await cache.getDroneState(d)).not.toBeNull();
  });

  it('counts uses in a fixed window, per scope', async () => {
    const scope = `${randomUUID()}:engagement.record`;
    const first = await cache.countInWindow(scope, 60);
    expect(first?.count).toBe(1);
    expect(first?.resetInS).toBeGreaterThan(0);
    expect(first?.resetInS).toBeLessThanOrEqual(60);
    expect((await cache.countInWindow(scope, 60))?.count).toBe(2);
    expect((await cache.countInWindow(scope, 60))?.count).toBe(3);
    expect((await cache.countInWindow(`${randomUUID()}:engagement.record`, 60))?.count).toBe(1);
  });

  it('adds to per-minute metrics and reads them back minute by minute', async () => {
    const name = `m${randomUUID().slice(0, 8)}`;
    const t0 = Date.UTC(2026, 10, 22, 8, 0, 30);
    await cache.addToMetric(name, 5, t0);
    await cache.addToMetric(name, 7, t0 + 20_000);
    await cache.addToMetric(name, 1, t0 + 60_000);
    expect(await cache.metricPerMinute(name, t0, t0 + 120_000)).toEqual([12, 1, 0]);
  });

  it('grants a lease to one holder at a time, renewed and released only by it', async () => {
    const name = `simulator:lock:${randomUUID()}`;
    expect(await cache.tryLease(name, 'tok-a', 30)).toBe('acquired');
    expect(await cache.tryLease(name, 'tok-b', 30)).toBe('held');
    // Asking again with the same token keeps it.
    expect(await cache.tryLease(name, 'tok-a', 30)).toBe('acquired');
    expect(await cache.renewLease(name, 'tok-a', 30)).toBe('renewed');
    expect(await cache.renewLease(name, 'tok-b', 30)).toBe('lost');
    await cache.releaseLease(name, 'tok-b');
    expect(await cache.tryLease(name, 'tok-b', 30)).toBe('held');
    await cache.releaseLease(name, 'tok-a');
    expect(await cache.renewLease(name, 'tok-a', 30)).toBe('lost');
    expect(await cache.tryLease(name, 'tok-b', 30)).toBe('acquired');
  });

  describe('leaderboard', () => {
    it('updateLeaderboard answers null when the convoy’s board is not loaded', async () => {
      const member = { droneId: randomUUID(), callsign: 'X', stats: stats() };
      expect(await cache.updateLeaderboard(randomUUID(), member)).toBeNull();
    });

    it('orders by the domain’s rules, tie-breaks included, and pages', async () => {
      const convoyId = randomUUID();
      const members: LeaderboardMember[] = [
        // 1/3 and 2/6 tie on accuracy: more hits first.
        {
          droneId: 'a0000000-0000-4000-8000-000000000001',
          callsign: 'A',
          stats: stats({ totalEngagements: 3, successfulHits: 1 }),
        },
        {
          droneId: 'a0000000-0000-4000-8000-000000000002',
          callsign: 'B',
          stats: stats({ totalEngagements: 6, successfulHits: 2 }),
        },
        // Same accuracy and hits: the longer best streak first.
        {
          droneId: 'a0000000-0000-4000-8000-000000000003',
          callsign: 'C',
          stats: stats({ totalEngagements: 4, successfulHits: 2, bestStreak: 1 }),
        },
        {
          droneId: 'a0000000-0000-4000-8000-000000000004',
          callsign: 'D',
          stats: stats({ totalEngagements: 4, successfulHits: 2, bestStreak: 2 }),
        },
        // All equal: the smaller drone id first.
        { droneId: 'a0000000-0000-4000-8000-000000000006', callsign: 'F', stats: EMPTY_STATS },
        { droneId: 'a0000000-0000-4000-8000-000000000005', callsign: 'E', stats: EMPTY_STATS },
        // No engagements ties with all misses on accuracy 0; more hits (0 = 0), streak, id.
        {
          droneId: 'a0000000-0000-4000-8000-000000000000',
          callsign: 'Z',
          stats: stats({ totalEngagements: 5, successfulHits: 0, currentStreak: 0, bestStreak: 0 }),
        },
      ];
      await cache.loadLeaderboard(convoyId, members);
      const page = await cache.leaderboardPage(convoyId, 0, 100);
      expect(page?.size).toBe(members.length);
      expect(page?.rows.map((r) => r.callsign)).toEqual(['D', 'C', 'B', 'A', 'Z', 'E', 'F']);
      expect(page?.rows.map((r) => r.rank)).toEqual([1, 2, 3, 4, 5, 6, 7]);
      const expected = rankAll(members.map((m) => ({ ...m, ...m.stats }))).map((m) => m.droneId);
      expect(page?.rows.map((r) => r.droneId)).toEqual(expected);
      expect(page?.rows[0]?.stats).toEqual(members[3]!.stats);

      const second = await cache.leaderboardPage(convoyId, 2, 3);
      expect(second?.rows.map((r) => [r.rank, r.callsign])).toEqual([
        [3, 'B'],
        [4, 'A'],
        [5, 'Z'],
      ]);
      expect((await cache.leaderboardPage(convoyId, 0, 0))?.size).toBe(members.length);
    });

    it('loadLeaderboard replaces a board', async () => {
      const convoyId = randomUUID();
      await cache.loadLeaderboard(convoyId, [
        { droneId: randomUUID(), callsign: 'OLD', stats: stats() },
      ]);
      const fresh = { droneId: randomUUID(), callsign: 'NEW', stats: stats() };
      await cache.loadLeaderboard(convoyId, [fresh]);
      const page = await cache.leaderboardPage(convoyId, 0, 10);
      expect(page?.rows.map((r) => r.callsign)).toEqual(['NEW']);
    });

    it('random engagements: ranks, order and rank changes follow the domain at every step', async () => {
      const random = prng(42);
      const convoyId = randomUUID();
      const ids = Array.from(
        { length: 40 },
        (_, i) => `b0000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
      );
      const model = new Map(ids.map((id) => [id, EMPTY_STATS]));
      await cache.loadLeaderboard(
        convoyId,
        ids.map((id) => ({ droneId: id, callsign: `D${id.slice(-2)}`, stats: EMPTY_STATS })),
      );
      const order = () =>
        rankAll(ids.map((id) => ({ droneId: id, ...model.get(id)! }))).map((r) => r.droneId);
      for (let step = 0; step < 300; step++) {
        const id = ids[Math.floor(random() * ids.length)]!;
        const before = order().indexOf(id) + 1;
        model.set(id, applyEngagement(model.get(id)!, random() < 0.6, 1_795_000_000_000 + step));
        const after = order().indexOf(id) + 1;
        const result = await cache.updateLeaderboard(convoyId, {
          droneId: id,
          callsign: `D${id.slice(-2)}`,
          stats: model.get(id)!,
        });
        expect(result, `step ${step}`).toEqual({ previousRank: before, newRank: after });
      }
      const page = await cache.leaderboardPage(convoyId, 0, 100);
      expect(page?.rows.map((r) => r.droneId)).toEqual(order());
      for (const row of page!.rows) expect(row.stats).toEqual(model.get(row.droneId));
    });
  });
});

// The two implementations side by side: the same updates give the same rank changes.
describe.runIf(withRedis)('memory and redis agree on rank changes', () => {
  it('shows the same rank-change arrows after the same sequence of updates', async () => {
    const memory = new MemoryCache();
    const onRedis = await RedisCache.connect(
      { url: redis!.url, poolSize: 1, keyPrefix: `cmp${randomUUID().slice(0, 8)}:` },
      createLogger('error'),
    );
    try {
      const random = prng(7);
      const convoyId = randomUUID();
      const ids = Array.from({ length: 25 }, () => randomUUID());
      const model = new Map(ids.map((id) => [id, EMPTY_STATS]));
      const members = ids.map((id) => ({
        droneId: id,
        callsign: id.slice(0, 6),
        stats: EMPTY_STATS,
      }));
      await memory.loadLeaderboard(convoyId, members);
      await onRedis.loadLeaderboard(convoyId, members);
      for (let step = 0; step < 200; step++) {
        const id = ids[Math.floor(random() * ids.length)]!;
        model.set(id, applyEngagement(model.get(id)!, random() < 0.5, step));
        const member = { droneId: id, callsign: id.slice(0, 6), stats: model.get(id)! };
        expect(await onRedis.updateLeaderboard(convoyId, member)).toEqual(
          await memory.updateLeaderboard(convoyId, member),
        );
        if (step % 20 === 19) {
          const m = await memory.leaderboardPage(convoyId, 0, 100);
          const r = await onRedis.leaderboardPage(convoyId, 0, 100);
          expect(r?.rows.map((x) => [x.droneId, x.rankChange])).toEqual(
            m?.rows.map((x) => [x.droneId, x.rankChange]),
          );
        }
      }
    } finally {
      await memory.close();
      await onRedis.close();
    }
  });
});
