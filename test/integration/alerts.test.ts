import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Alert, Telemetry } from '../../src-shared/model';
import type { Core } from '../../src-main/core/createCore';
import { dispatch } from '../../src-main/hosts/dispatch';
import { createHandlers } from '../../src-main/hosts/handlers';
import { DuckDbStore } from '../../src-main/store/duckdb/DuckDbStore';
import { MIGRATIONS } from '../../src-main/store/duckdb/migrations';
import { startCore, tempDataDir, testConfig } from '../support/coreHarness';

/** Alerts on the real core and store: raised, cleared, acknowledged, and kept across a restart. */
describe('alerts', () => {
  let data: Awaited<ReturnType<typeof tempDataDir>>;
  let core: Core;
  const events: Alert[] = [];

  beforeAll(async () => {
    data = await tempDataDir();
    core = await startCore(testConfig(data.dir));
    // One simulated second gives every drone a position; the simulator then stays stopped.
    await core.simulator.start();
    while (core.telemetry.latestAll().size < 36) await new Promise((r) => setTimeout(r, 50));
    await core.simulator.stop();
    core.bus.on('alert.changed', (a) => events.push(a));
  });

  afterAll(async () => {
    await core?.close();
    await data?.remove();
  });

  const withFuel = (droneId: string, fuelPct: number): Telemetry => ({
    ...core.telemetry.latest(droneId)!,
    fuelPct,
    status: 'AIRBORNE',
    recordedAt: core.simulator.now(),
  });

  it('raises low fuel, escalates it, and clears it when the drone is refuelled', async () => {
    const drone = core.registry.drones()[3]!;
    core.telemetry.ingest([withFuel(drone.id, 20)]);
    const raised = await core.alerts.evaluate();
    const low = raised.find((a) => a.kind === 'LOW_FUEL' && a.droneIds[0] === drone.id);
    expect(low).toMatchObject({ severity: 'WARNING', clearedAt: null, convoyId: drone.convoyId });
    expect(events.some((e) => e.id === low!.id)).toBe(true);

    core.telemetry.ingest([withFuel(drone.id, 8)]);
    const escalated = await core.alerts.evaluate();
    expect(escalated).toEqual([expect.objectContaining({ id: low!.id, severity: 'CRITICAL' })]);
    expect(await core.alerts.evaluate()).toEqual([]); // nothing new: no event storm

    core.telemetry.ingest([withFuel(drone.id, 90)]);
    const cleared = await core.alerts.evaluate();
    expect(cleared).toEqual([
      expect.objectContaining({ id: low!.id, clearedAt: core.simulator.now() }),
    ]);
    const listed = core.alerts.list(true, 50).find((a) => a.id === low!.id);
    expect(listed?.clearedAt).not.toBeNull();
    expect(core.alerts.list(false, 50).some((a) => a.id === low!.id)).toBe(false);
  });

  it('follows live thresholds set through the contract and acknowledges through it', async () => {
    const handlers = createHandlers(core);
    const set = await dispatch(handlers, 'alerts.configure', { lowFuelPct: 101 }, core.log);
    expect(set).toEqual({ ok: true, value: { lowFuelPct: 101, proximityM: 300 } });
    await core.alerts.evaluate();
    const open = core.alerts.list(false, 1000).filter((a) => a.kind === 'LOW_FUEL');
    expect(open.length).toBe(36);

    const ack = await dispatch(handlers, 'alert.acknowledge', { alertId: open[0]!.id }, core.log);
    expect(ack).toMatchObject({
      ok: true,
      value: { id: open[0]!.id, acknowledgedAt: core.simulator.now() },
    });
    const missing = await dispatch(
      handlers,
      'alert.acknowledge',
      { alertId: '00000000-0000-4000-8000-000000000000' },
      core.log,
    );
    expect(missing).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });

    await dispatch(handlers, 'alerts.configure', { lowFuelPct: 25 }, core.log);
    await core.alerts.evaluate();
    expect(core.alerts.list(false, 1000).filter((a) => a.kind === 'LOW_FUEL')).toEqual([]);
  });

  it('keeps recent alerts across a restart, open ones still open', async () => {
    const drone = core.registry.drones()[7]!;
    core.telemetry.ingest([withFuel(drone.id, 15)]);
    await core.alerts.evaluate();
    const before = core.alerts.list(true, 1000);
    await core.close();
    core = await startCore(testConfig(data.dir));
    const after = core.alerts.list(true, 1000);
    expect(after).toEqual(before);
    expect(
      after.some(
        (a) => a.kind === 'LOW_FUEL' && a.droneIds[0] === drone.id && a.clearedAt === null,
      ),
    ).toBe(true);
    const viaContract = await dispatch(createHandlers(core), 'alerts.list', {}, core.log);
    expect(viaContract).toMatchObject({ ok: true });
  });

  it('answers the mesh topology of a convoy, each link once, within the convoy', async () => {
    const handlers = createHandlers(core);
    const convoy = core.registry.activeConvoys()[0]!;
    const result = await dispatch(handlers, 'mesh.topology', { convoyId: convoy.id }, core.log);
    expect(result.ok).toBe(true);
    const { links } = (result as { value: { links: [string, string][] } }).value;
    const members = new Set(convoy.droneIds);
    for (const [a, b] of links) {
      expect(members.has(a) && members.has(b)).toBe(true);
      expect(a < b).toBe(true);
    }
    expect(new Set(links.map((l) => l.join())).size).toBe(links.length);
    const missing = await dispatch(
      handlers,
      'mesh.topology',
      { convoyId: '00000000-0000-4000-8000-000000000000' },
      core.log,
    );
    expect(missing).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
  });
});

describe('migration 002_alerts', () => {
  it('moves a version-1 file with data to version 2 and keeps its rows', async () => {
    const data = await tempDataDir();
    try {
      const path = join(data.dir, 'v1.duckdb');
      const instance = await DuckDBInstance.create(path);
      const c = await instance.connect();
      await c.run(
        'CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, name VARCHAR NOT NULL, applied_at TIMESTAMP NOT NULL DEFAULT current_timestamp)',
      );
      await c.run(MIGRATIONS[0]!.sql);
      await c.run("INSERT INTO schema_migrations (version, name) VALUES (1, '001_core')");
      await c.run(
        `INSERT INTO engagement_stats VALUES ('00000000-0000-4000-8000-000000000001',
           '00000000-0000-4000-8000-000000000002', 4, 3, 2, 2, TIMESTAMP '2026-01-01 00:00:00', 'HIT')`,
      );
      c.closeSync();
      instance.closeSync();

      const store = await DuckDbStore.open(path);
      try {
        expect(await store.schemaVersion()).toBe(MIGRATIONS.at(-1)!.version);
        expect(await store.getStats('00000000-0000-4000-8000-000000000001')).toMatchObject({
          totalEngagements: 4,
          successfulHits: 3,
          bestStreak: 2,
        });
        expect(await store.recentAlerts(10)).toEqual([]);
      } finally {
        await store.close();
      }
    } finally {
      await data.remove();
    }
  });
});
