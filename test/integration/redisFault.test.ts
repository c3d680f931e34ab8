import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Core } from '../../src-main/core/createCore';
import { rankAll } from '../../src-main/domain/ranking';
import { startCore, tempDataDir, testConfig, waitFor } from '../support/coreHarness';
import { startEngagementRecorder } from '../support/engagementRecorder';
import { redisServerAvailable, startRedisServer, type RedisServer } from '../support/redisServer';

/**
 * Redis dies mid-mission and comes back: the GCS keeps recording engagements and telemetry on
 * the store, reports itself degraded (never down), loses nothing it acknowledged, and its
 * leaderboards are right once Redis is back.
 */
const withRedis = redisServerAvailable();

describe.runIf(withRedis)('Redis killed mid-run, then restarted', () => {
  let server: RedisServer;
  let data: Awaited<ReturnType<typeof tempDataDir>>;
  let core: Core;

  beforeAll(async () => {
    server = await startRedisServer();
    data = await tempDataDir();
    core = await startCore({
      // Only this test's engagements, so every one can be accounted for.
      ...testConfig(data.dir, { timeScale: 16, engagementsPerDroneHour: 0 }),
      cache: { kind: 'redis', url: server.url, poolSize: 2, keyPrefix: '' },
    });
    await core.simulator.start();
  }, 60_000);
  afterAll(async () => {
    await core?.close();
    await server?.stop();
    await data?.remove();
  });

  it('keeps working on the store, loses nothing, and recovers by itself', async () => {
    const recorder = startEngagementRecorder(core, 10);
    const { acknowledged, failures } = recorder;

    try {
      await waitFor('engagements on a healthy cache', () => acknowledged.length >= 50);
      expect(core.health().cache).toMatchObject({ state: 'up', circuit: 'closed' });
      const telemetryBefore = await core.store.countTelemetry();

      await server.kill();
      const killedAt = acknowledged.length;
      await waitFor('the circuit to open', () => core.health().cache.circuit === 'open', 15_000);
      // Degraded, not down: the console keeps running and says the cache is out.
      expect(core.health().status).toBe('degraded');
      expect(core.health().cache.state).toBe('degraded');
      const during = await core.cacheStats();
      expect(during).toMatchObject({ state: 'degraded', circuit: 'open', connections: null });
      await waitFor('calls answered without Redis', async () => {
        const report = await core.cacheStats();
        return (report.fallbacks?.open ?? 0) > 10;
      });
      await waitFor('engagements with Redis down', () => acknowledged.length >= killedAt + 100);
      // Telemetry kept going to the store.
      await waitFor(
        'telemetry stored with Redis down',
        async () => (await core.store.countTelemetry()) > telemetryBefore,
      );

      await server.start();
      await waitFor('the circuit to close', () => core.health().cache.circuit === 'closed', 30_000);
      const backAt = acknowledged.length;
      await waitFor('engagements after recovery', () => acknowledged.length >= backAt + 50);
      expect(core.health().cache.state).toBe('up');
    } finally {
      await recorder.stop();
    }

    // Nothing was refused, and everything acknowledged is in the store.
    expect(failures).toEqual([]);
    expect(acknowledged.every((a) => a.success)).toBe(true);
    const stored = await core.store.listEngagements({});
    expect(stored).toHaveLength(acknowledged.length);
    expect(new Set(stored.map((e) => e.id))).toEqual(
      new Set(acknowledged.map((a) => a.engagementId)),
    );

    // Each board, read through the recovered cache, is the domain's ranking of the store.
    for (const convoy of core.registry.activeConvoys()) {
      const stats = await core.store.listStats(convoy.id);
      const expected = rankAll(
        core.registry.dronesOf(convoy.id).map((d) => ({
          droneId: d.id,
          successfulHits: stats.get(d.id)?.successfulHits ?? 0,
          totalEngagements: stats.get(d.id)?.totalEngagements ?? 0,
          bestStreak: stats.get(d.id)?.bestStreak ?? 0,
        })),
      );
      const board = await core.leaderboards.get(convoy.id, 100, 0);
      expect(board.entries.map((e) => e.droneId)).toEqual(expected.map((e) => e.droneId));
      for (const e of board.entries) {
        expect(e.totalEngagements).toBe(stats.get(e.droneId)?.totalEngagements ?? 0);
      }
    }
  }, 120_000);
});
