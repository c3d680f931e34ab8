import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Core } from '../../src-main/core/createCore';
import type { EventPayload } from '../../src-shared/contract';
import { startCore, tempDataDir, testConfig, waitFor } from '../support/coreHarness';
import { redisServerAvailable, startRedisServer, type RedisServer } from '../support/redisServer';

/** Two GCS instances on one Redis: each sees the other's engagements and boards, live. */
const withRedis = redisServerAvailable();

describe.runIf(withRedis)('two instances on one Redis', () => {
  let server: RedisServer;
  const dirs: Awaited<ReturnType<typeof tempDataDir>>[] = [];
  let a: Core;
  let b: Core;

  beforeAll(async () => {
    server = await startRedisServer();
    const start = async () => {
      const data = await tempDataDir();
      dirs.push(data);
      // The same seed: the same fleet, so the same drone ids on both.
      return startCore({
        ...testConfig(data.dir),
        cache: { kind: 'redis', url: server.url, poolSize: 1, keyPrefix: '' },
      });
    };
    a = await start();
    b = await start();
  }, 60_000);
  afterAll(async () => {
    await a?.close();
    await b?.close();
    await server?.stop();
    for (const d of dirs) await d.remove();
  });

  it('relays engagements and leaderboards to the other instance, once, and not back', async () => {
    const onA: EventPayload<'engagement.recorded'>[] = [];
    const onB: EventPayload<'engagement.recorded'>[] = [];
    const boardsOnB: EventPayload<'leaderboard.changed'>[] = [];
    a.bus.on('engagement.recorded', (e) => onA.push(e));
    b.bus.on('engagement.recorded', (e) => onB.push(e));
    b.bus.on('leaderboard.changed', (e) => boardsOnB.push(e));

    const drone = a.registry.drones()[5]!;
    expect(b.registry.drone(drone.id)).toBeDefined();
    const result = await a.engagements.record({
      convoyId: drone.convoyId,
      droneId: drone.id,
      hit: true,
      weaponType: 'AGM114_HELLFIRE',
      targetId: 'T-RELAY',
    });

    await waitFor('the engagement on instance B', () => onB.length > 0, 10_000);
    expect(onB[0]).toMatchObject({
      engagement: { id: result.engagementId, droneId: drone.id, hit: true },
      newRank: result.newRank,
    });
    await waitFor(
      'the board on instance B',
      () => boardsOnB.some((e) => e.entries[0]?.droneId === drone.id),
      10_000,
    );
    // Give an echo time to arrive, if there were one.
    await new Promise((r) => setTimeout(r, 300));
    expect(onA).toHaveLength(1);
    expect(onB).toHaveLength(1);
  });

  it('ignores a forged or malformed message on the channel', async () => {
    const seen: unknown[] = [];
    b.bus.on('engagement.recorded', (e) => seen.push(e));
    const { Redis } = await import('ioredis');
    const raw = new Redis(server.url);
    try {
      await raw.publish('gcs:events', 'not json');
      await raw.publish(
        'gcs:events',
        JSON.stringify({ origin: 'x', name: 'engagement.recorded', payload: { engagement: 1 } }),
      );
      await raw.publish(
        'gcs:events',
        JSON.stringify({ origin: 'x', name: 'telemetry.frame', payload: {} }),
      );
      await new Promise((r) => setTimeout(r, 300));
      expect(seen).toEqual([]);
    } finally {
      raw.disconnect();
    }
  });

  it('lets one instance alone fly the simulation, and the other take over when it stops', async () => {
    await a.simulator.start();
    await expect(b.simulator.start()).rejects.toThrow(/already flown by another GCS instance/);
    expect(b.simulator.status().running).toBe(false);
    const { Redis } = await import('ioredis');
    const raw = new Redis(server.url);
    try {
      const convoyId = a.registry.activeConvoys()[0]!.id;
      const ttl = await raw.ttl(`simulator:lock:${convoyId}`);
      expect(ttl).toBeGreaterThan(20);
      expect(ttl).toBeLessThanOrEqual(30);
    } finally {
      raw.disconnect();
    }
    await a.simulator.stop();
    await b.simulator.start();
    expect(b.simulator.status().running).toBe(true);
    await expect(a.simulator.start()).rejects.toThrow(/already flown/);
    await b.simulator.stop();
  });
});
