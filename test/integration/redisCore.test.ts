import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Core } from '../../src-main/core/createCore';
import { applyEngagement, EMPTY_STATS, rankAll } from '../../src-main/domain/ranking';
import type { EngagementStats } from '../../src-shared/model';
import { startCore, tempDataDir, testConfig } from '../support/coreHarness';
import { prng } from '../support/prng';
import { redisServerAvailable, startRedisServer, type RedisServer } from '../support/redisServer';

/** The whole core on a real redis-server (GCS_CACHE=redis), under concurrent engagements. */
const withRedis = redisServerAvailable();

describe.runIf(withRedis)('core on Redis', () => {
  let server: RedisServer;
  let data: Awaited<ReturnType<typeof tempDataDir>>;
  let core: Core;

  beforeAll(async () => {
    server = await startRedisServer();
    data = await tempDataDir();
    core = await startCore({
      ...testConfig(data.dir, { convoys: 2, dronesPerConvoy: 25 }),
      cache: { kind: 'redis', url: server.url, poolSize: 4, keyPrefix: '' },
    });
  }, 60_000);
  afterAll(async () => {
    await core?.close();
    await server?.stop();
    await data?.remove();
  });

  it('1,000 concurrent engagements across 50 drones: exact counts, and the domain’s ranking', async () => {
    expect(core.health().cache).toMatchObject({ kind: 'redis', state: 'up' });
    const convoys = core.registry.activeConvoys();
    const drones = convoys.flatMap((c) => core.registry.dronesOf(c.id));
    expect(drones).toHaveLength(50);

    const random = prng(1000);
    const requests = Array.from({ length: 1000 }, (_, i) => {
      const drone = drones[Math.floor(random() * drones.length)]!;
      return { convoyId: drone.convoyId, droneId: drone.id, hit: random() < 0.55, i };
    });
    const results = await Promise.all(
      requests.map((r) =>
        core.engagements.record({
          convoyId: r.convoyId,
          droneId: r.droneId,
          hit: r.hit,
          weaponType: 'AGM114_HELLFIRE',
          targetId: `T-${r.i}`,
        }),
      ),
    );
    expect(results.every((r) => r.success)).toBe(true);

    // What the requests add up to, drone by drone (a drone's own engagements are serialised, in
    // the order they were issued, so its streaks follow that order).
    const expected = new Map<string, EngagementStats>(drones.map((d) => [d.id, EMPTY_STATS]));
    for (const r of requests) {
      expected.set(r.droneId, applyEngagement(expected.get(r.droneId)!, r.hit, 0));
    }
    for (const convoy of convoys) {
      const board = await core.leaderboards.get(convoy.id, 100, 0);
      const ranked = rankAll(
        core.registry.dronesOf(convoy.id).map((d) => ({ droneId: d.id, ...expected.get(d.id)! })),
      );
      expect(board.entries.map((e) => e.droneId)).toEqual(ranked.map((r) => r.droneId));
      for (const e of board.entries) {
        const want = expected.get(e.droneId)!;
        expect([e.totalEngagements, e.successfulHits, e.currentStreak, e.bestStreak]).toEqual([
          want.totalEngagements,
          want.successfulHits,
          want.currentStreak,
          want.bestStreak,
        ]);
      }
      // The store agrees: the cache was never the only copy.
      const stored = await core.store.listStats(convoy.id);
      for (const d of core.registry.dronesOf(convoy.id)) {
        expect(stored.get(d.id)?.totalEngagements ?? 0).toBe(expected.get(d.id)!.totalEngagements);
      }
    }
    const total = [...expected.values()].reduce((n, s) => n + s.totalEngagements, 0);
    expect(total).toBe(1000);
  }, 60_000);

  it('each result’s rank is the drone’s place on the board the moment it was recorded', async () => {
    const convoy = core.registry.activeConvoys()[0]!;
    const drones = core.registry.dronesOf(convoy.id);
    const placeOf = async (droneId: string) =>
      (await core.leaderboards.get(convoy.id, 100, 0)).entries.findIndex(
        (e) => e.droneId === droneId,
      ) + 1;
    let moves = 0;
    for (let i = 0; i < 60; i++) {
      const drone = drones[(i * 7) % drones.length]!;
      const before = await placeOf(drone.id);
      const result = await core.engagements.record({
        convoyId: convoy.id,
        droneId: drone.id,
        hit: i % 3 !== 0,
        weaponType: 'GUN_30MM',
      });
      const after = await placeOf(drone.id);
      expect(result.newRank).toBe(after);
      expect(result.rankChange).toBe(before - after);
      if (before !== after) moves++;
    }
    // Not a vacuous run: drones did move.
    expect(moves).toBeGreaterThan(10);
  }, 60_000);

  it('reports cache.stats: kind, circuit, per-entity counters, latency, memory, connections', async () => {
    const report = await core.cacheStats();
    expect(report).toMatchObject({
      kind: 'redis',
      state: 'up',
      circuit: 'closed',
      connections: { total: 4, ready: 4 },
      fallbacks: { open: 0, timeout: 0, error: 0, stale: 0 },
    });
    expect(report.memoryUsedBytes).toBeGreaterThan(100_000);
    expect(report.latencyMs!.samples).toBeGreaterThan(1000);
    expect(report.latencyMs!.p50).toBeLessThanOrEqual(report.latencyMs!.p95);
    expect(report.latencyMs!.p95).toBeLessThanOrEqual(report.latencyMs!.p99);
    const board = report.entities.find((e) => e.entity === 'leaderboard')!;
    // Every leaderboard read above was answered by Redis, after at most one rebuild per convoy.
    expect(board.hits).toBeGreaterThan(100);
    expect(board.misses).toBeLessThanOrEqual(4);
    expect(report.entities.map((e) => e.entity)).toContain('telemetryLatest');
    // The 1,060 engagements above, counted per minute in Redis.
    const engaged = report.ingestPerMinute.engagements.reduce((a, b) => a + b, 0);
    expect(engaged).toBe(1060);
    expect(report.ingestPerMinute.engagements).toHaveLength(10);
  });

  it('drone.get reads drone:state cache-aside, and an engagement invalidates it', async () => {
    const drone = core.registry.drones()[3]!;
    const hitsOf = async () =>
      (await core.cacheStats()).entities.find((e) => e.entity === 'droneState')!.hits;
    const first = await core.drones.get(drone.id);
    const hitsBefore = await hitsOf();
    expect(await core.drones.get(drone.id)).toEqual(first);
    expect(await hitsOf()).toBe(hitsBefore + 1);

    await core.engagements.record({
      convoyId: drone.convoyId,
      droneId: drone.id,
      hit: true,
      weaponType: 'GUN_30MM',
    });
    const after = await core.drones.get(drone.id);
    expect(after.totalEngagements).toBe(first.totalEngagements + 1);
    expect(after.successfulHits).toBe(first.successfulHits + 1);
  });
});
