import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Core } from '../../src-main/core/createCore';
import { cassandraPort, cqlSettings, testKeyspace } from '../support/cassandraServer';
import { startCore, tempDataDir, testConfig, waitFor } from '../support/coreHarness';

/**
 * A mission exported from the ScyllaDB/Cassandra store (telemetry read a drone-hour partition at
 * a time with paging, sorted by an embedded DuckDB) and replayed: the same rows as the cluster
 * holds, and at a cursor each drone's last row there. Analytics on a CQL store points at replay.
 */
const port = cassandraPort();

describe.runIf(port > 0)('mission export from the CQL store, then replay', () => {
  let data: Awaited<ReturnType<typeof tempDataDir>>;
  let core: Core;

  beforeAll(async () => {
    data = await tempDataDir('gcs-cql-mission-');
    core = await startCore({
      ...testConfig(data.dir, { timeScale: 64, engagementsPerDroneHour: 300 }),
      store: { kind: 'cql', ...cqlSettings(port, testKeyspace('mission')) },
    });
    const t0 = core.simulator.now();
    await core.simulator.start();
    await waitFor('five simulated minutes', () => core.simulator.now() - t0 >= 300_000, 60_000);
    await core.simulator.stop();
    await core.telemetry.flush();
  }, 180_000);

  afterAll(async () => {
    await core?.close();
    await data?.remove();
  });

  it('exports every row the cluster holds, and replays them', async () => {
    const folder = join(data.dir, 'mission');
    await core.missionExports.start({ folder });
    await waitFor('the export', () => core.missionExports.list()[0]?.state !== 'running', 120_000);
    const job = core.missionExports.list()[0]!;
    expect(job.error).toBeNull();
    expect(job.state).toBe('done');
    expect(job.rowCounts?.['telemetry']).toBe(await core.store.countTelemetry());

    const status = await core.replay.open(folder);
    expect(status.droneCount).toBe(36);
    await waitFor('the seek index', () => core.replay.status().index.progress === 1, 60_000);
    const at = status.startMs + 150_500;
    const { cursorMs } = await core.replay.seek(at);
    for (const drone of core.registry.drones()) {
      const rows = await core.store.telemetryForDrone(drone.id, 0, cursorMs);
      const shown = core.replay.drone(drone.id);
      if (rows.length === 0) continue;
      expect(shown.updatedAt).toBe(rows.at(-1)!.recordedAt);
      expect(shown.lat).toBeCloseTo(rows.at(-1)!.lat, 9);
    }
  });

  it('sends analytics of a CQL store to the replay of an export', async () => {
    await expect(
      core.analytics.report({ report: 'hit_rate_by_weapon', source: 'live' }),
    ).rejects.toThrow(/export the mission/);
    const report = await core.analytics.report({ report: 'hit_rate_by_weapon', source: 'replay' });
    expect(report.rows.length).toBeGreaterThan(0);
  });
});
