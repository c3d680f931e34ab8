import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Core } from '../../src-main/core/createCore';
import {
  cassandraPort,
  cassandraScript,
  cqlSettings,
  testKeyspace,
} from '../support/cassandraServer';
import { startCore, tempDataDir, testConfig, waitFor } from '../support/coreHarness';
import { startEngagementRecorder } from '../support/engagementRecorder';

/**
 * Cassandra stops mid-mission while the simulator flies 200 drones and engagements keep being
 * recorded; a minute later it comes back. Everything acknowledged meanwhile waits in the local
 * spool, the console says "store offline, N rows spooled", and once the node is back the spool
 * drains: every telemetry row and every engagement is in the store exactly once.
 */
const port = cassandraPort();
const OUTAGE_MS = Number(process.env['GCS_FAULT_OUTAGE_MS'] ?? 60_000);

describe.runIf(port > 0)('Cassandra stopped mid-mission, then restarted', () => {
  let data: Awaited<ReturnType<typeof tempDataDir>>;
  let core: Core;

  beforeAll(async () => {
    data = await tempDataDir();
    core = await startCore({
      // Only this test's engagements (the simulator's are off), so each can be accounted for.
      ...testConfig(data.dir, { convoys: 4, dronesPerConvoy: 50, engagementsPerDroneHour: 0 }),
      store: { kind: 'cql', ...cqlSettings(port, testKeyspace('fault')) },
    });
    await core.simulator.start();
  }, 120_000);
  afterAll(async () => {
    await core?.close();
    await data?.remove();
    // Whatever happened, leave the shared node running for the suites after this one.
    await cassandraScript('start', port).catch(() => undefined);
  }, 300_000);

  it('spools while it is away, then drains: nothing lost, nothing doubled', async () => {
    const drones = core.registry.drones();
    expect(drones).toHaveLength(200);
    const recorder = startEngagementRecorder(core, 20);
    const { acknowledged, failures } = recorder;

    let spooledDuring = 0;
    try {
      await waitFor('engagements on a healthy store', () => acknowledged.length >= 100, 60_000);
      expect(core.health().store.state).toBe('up');

      await cassandraScript('kill', port);
      const killedAt = acknowledged.length;
      await waitFor(
        'the store to report itself offline',
        () =>
          /store offline, \d+ rows and \d+ engagements spooled/.test(
            core.health().store.detail ?? '',
          ),
        30_000,
      );
      expect(core.health().status).toBe('degraded');
      await new Promise((r) => setTimeout(r, OUTAGE_MS));
      const detail = core.health().store.detail ?? '';
      spooledDuring = Number(/store offline, (\d+) rows/.exec(detail)?.[1]);
      // 200 drones at 1 Hz for the outage: thousands of rows, all acknowledged, all spooled.
      expect(spooledDuring).toBeGreaterThan(200 * (OUTAGE_MS / 1000) * 0.8);
      expect(acknowledged.length).toBeGreaterThan(killedAt + 100);

      await cassandraScript('start', port);
      await waitFor('the spool to drain', () => core.health().store.state === 'up', 180_000);
    } finally {
      await recorder.stop();
    }
    await core.simulator.stop();
    await core.telemetry.flush();
    await waitFor('the last writes', () => core.health().store.state === 'up', 60_000);

    expect(failures).toEqual([]);
    // Engagements: exactly the acknowledged ones, each once.
    const stored = await core.store.listEngagements({});
    expect(stored).toHaveLength(acknowledged.length);
    expect(new Set(stored.map((e) => e.id))).toEqual(
      new Set(acknowledged.map((a) => a.engagementId)),
    );
    // Each drone's stats are the count of its engagements.
    const perDrone = new Map<string, number>();
    for (const e of stored) perDrone.set(e.droneId, (perDrone.get(e.droneId) ?? 0) + 1);
    for (const [droneId, count] of perDrone) {
      expect((await core.store.getStats(droneId))?.totalEngagements).toBe(count);
    }
    // Telemetry: every row the GCS took in, once (a key per drone and time: a replay overwrites).
    const ingested = core.telemetry.stats().rowsIngested;
    expect(await core.store.countTelemetry()).toBe(ingested);
    const sample = drones[17]!;
    const rows = await core.store.telemetryForDrone(sample.id, 0, Number.MAX_SAFE_INTEGER / 2);
    expect(rows.length).toBeGreaterThan(OUTAGE_MS / 1000);
    expect(new Set(rows.map((r) => r.recordedAt)).size).toBe(rows.length);
  }, 600_000);
});
