import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Telemetry } from '../../src-shared/model';
import type { Core } from '../../src-main/core/createCore';
import { DEFAULT_CACHE_STRATEGIES } from '../../src-main/strategies/strategyConfig';
import { startCore, tempDataDir, testConfig, waitFor } from '../support/coreHarness';

/** The core with the non-default strategies: write-around telemetry, read-through drone state. */
describe('core with GCS_CACHE_STRATEGIES overrides', () => {
  let data: Awaited<ReturnType<typeof tempDataDir>>;
  let core: Core;

  beforeAll(async () => {
    data = await tempDataDir();
    core = await startCore({
      ...testConfig(data.dir, { timeScale: 64 }),
      cacheStrategies: {
        ...DEFAULT_CACHE_STRATEGIES,
        telemetryLatest: 'write-around',
        droneState: 'read-through',
      },
    });
    const start = core.simulator.now();
    await core.simulator.start();
    await waitFor('5 simulated seconds', () => core.simulator.now() - start >= 5_000);
    await core.simulator.stop();
    await core.telemetry.flush();
  });

  afterAll(async () => {
    await core?.close();
    await data?.remove();
  });

  it('stores every ingested row, and leaves telemetry:latest uncached (write-around)', async () => {
    const stats = core.telemetry.stats();
    expect(stats.pendingRows).toBe(0);
    expect(await core.store.countTelemetry()).toBe(stats.rowsIngested);
    const drone = core.registry.drones()[0]!;
    expect(await core.cache.getLatestTelemetry(drone.id)).toBeNull();
  });

  it('drone.get reads through, shares concurrent misses and follows new telemetry', async () => {
    const drone = core.registry.drones()[1]!;
    const [a, b] = await Promise.all([core.drones.get(drone.id), core.drones.get(drone.id)]);
    expect(a).toEqual(b);
    expect(a.updatedAt).toBe(core.telemetry.latest(drone.id)!.recordedAt);
    const newer: Telemetry = {
      ...core.telemetry.latest(drone.id)!,
      fuelPct: 3,
      recordedAt: a.updatedAt + 1000,
    };
    core.telemetry.ingest([newer]);
    const fresh = await core.drones.get(drone.id);
    expect(fresh).toMatchObject({ fuelPct: 3, updatedAt: newer.recordedAt });
  });
});
