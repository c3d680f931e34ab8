import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Core } from '../../src-main/core/createCore';
import { createLogger } from '../../src-main/core/logger';
import { distanceM } from '../../src-main/domain/geo';
import { RetentionService } from '../../src-main/services/retentionService';
import type { DuckDbStore } from '../../src-main/store/duckdb/DuckDbStore';
import type { Telemetry } from '../../src-shared/model';
import { startCore, tempDataDir, testConfig, waitFor } from '../support/coreHarness';

/**
 * The seed's retention on the embedded store: complete minutes rolled up (one row per drone and
 * minute, the figures of its raw rows), then raw rows past the hot window dropped, never before
 * their minute is kept.
 */
describe('telemetry retention on the embedded store', () => {
  let data: Awaited<ReturnType<typeof tempDataDir>>;
  let core: Core;
  let store: DuckDbStore;
  let t0 = 0;

  beforeAll(async () => {
    data = await tempDataDir('gcs-retention-');
    core = await startCore(testConfig(data.dir, { timeScale: 64, engagementsPerDroneHour: 300 }));
    store = core.store as DuckDbStore;
    t0 = core.simulator.now();
    await core.simulator.start();
    await waitFor('eight simulated minutes', () => core.simulator.now() - t0 >= 480_000, 60_000);
    await core.simulator.stop();
    await core.telemetry.flush();
  });

  afterAll(async () => {
    await core?.close();
    await data?.remove();
  });

  it('rolls each complete minute up into the figures of its raw rows', async () => {
    await core.retention.runOnce();
    const { rolledUp } = core.retention.stats();
    expect(rolledUp).toBeGreaterThanOrEqual(36 * 6);
    const drone = core.registry.drones()[5]!;
    const rows: Telemetry[] = await store.telemetryForDrone(drone.id, 0, Number.MAX_SAFE_INTEGER);
    const minutes = await store.telemetryMinutes(drone.id, 0, Number.MAX_SAFE_INTEGER);
    expect(minutes.length).toBeGreaterThanOrEqual(6);
    for (const m of minutes) {
      const mine = rows.filter((r) => r.recordedAt >= m.minute && r.recordedAt < m.minute + 60_000);
      expect(m.samples).toBe(mine.length);
      const avgLat = mine.reduce((s, r) => s + r.lat, 0) / mine.length;
      expect(m.avgLat).toBeCloseTo(avgLat, 9);
      expect(m.minFuelPct).toBeCloseTo(Math.min(...mine.map((r) => r.fuelPct)), 3);
      // The legs ending in this minute, the one from the minute before included.
      let km = 0;
      for (const r of mine) {
        const prev = rows[rows.indexOf(r) - 1];
        if (prev && r.recordedAt - prev.recordedAt <= 60_000) km += distanceM(prev, r) / 1000;
      }
      expect(m.distanceKm).toBeCloseTo(km, 3);
    }
    // The minute still under way when the pass ran is not rolled up yet.
    const newest = rows.at(-1)!.recordedAt;
    expect(minutes.at(-1)!.minute + 60_000).toBeLessThanOrEqual(newest);
    // A second pass adds nothing that is already there.
    await core.retention.runOnce();
    expect(core.retention.stats().rolledUp).toBe(0);
  });

  it('drops raw rows past the hot window, only once their minutes are kept', async () => {
    const before = await core.store.countTelemetry();
    const drone = core.registry.drones()[3]!;
    const minutesBefore = await store.telemetryMinutes(drone.id, 0, Number.MAX_SAFE_INTEGER);
    // A hot window of three simulated minutes.
    const hot = new RetentionService(
      core.store,
      createLogger('silent'),
      () => core.simulator.now(),
      {
        hotHours: 3 / 60,
        intervalMs: 3_600_000,
      },
    );
    await hot.runOnce();
    const { pruned } = hot.stats();
    expect(pruned).toBeGreaterThan(36 * 60 * 3);
    expect(await core.store.countTelemetry()).toBe(before - pruned);
    const cutoff = core.simulator.now() - 3 * 60_000;
    const rows = await store.telemetryForDrone(drone.id, 0, Number.MAX_SAFE_INTEGER);
    expect(rows[0]!.recordedAt).toBeGreaterThanOrEqual(cutoff);
    // The minutes stay, all of them.
    expect(await store.telemetryMinutes(drone.id, 0, Number.MAX_SAFE_INTEGER)).toEqual(
      minutesBefore,
    );
    // Nothing newer than the roll-up is ever dropped, whatever the window says.
    const all = new RetentionService(
      core.store,
      createLogger('silent'),
      () => core.simulator.now() + 365 * 86_400_000,
      {
        hotHours: 1 / 3600,
        intervalMs: 3_600_000,
      },
    );
    await all.runOnce();
    const left = await store.telemetryForDrone(drone.id, 0, Number.MAX_SAFE_INTEGER);
    const lastMinute = (await store.telemetryMinutes(drone.id, 0, Number.MAX_SAFE_INTEGER)).at(-1)!;
    expect(left.length).toBeGreaterThan(0);
    expect(left[0]!.recordedAt).toBeGreaterThanOrEqual(lastMinute.minute + 60_000);
  });
});
