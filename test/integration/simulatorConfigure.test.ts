import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Core } from '../../src-main/core/createCore';
import { dispatch } from '../../src-main/hosts/dispatch';
import { createHandlers } from '../../src-main/hosts/handlers';
import { startCore, tempDataDir, testConfig } from '../support/coreHarness';

/** Re-planning the simulated fleet through the contract, on the real store. */
describe('simulator.configure', () => {
  let data: Awaited<ReturnType<typeof tempDataDir>>;
  let core: Core;

  beforeAll(async () => {
    data = await tempDataDir();
    core = await startCore(testConfig(data.dir));
  });

  afterAll(async () => {
    await core?.close();
    await data?.remove();
  });

  it('re-plans the fleet with a new shape: store, registry and index all follow', async () => {
    const handlers = createHandlers(core);
    const before = core.registry.index().version;
    const result = await dispatch(
      handlers,
      'simulator.configure',
      { dronesPerConvoy: 20 },
      core.log,
    );
    expect(result).toMatchObject({
      ok: true,
      value: { convoys: 3, dronesPerConvoy: 20, droneCount: 60 },
    });
    expect(core.registry.drones()).toHaveLength(60);
    expect(core.registry.index().version).toBeGreaterThan(before);
    const stored = await core.store.listDrones();
    const active = new Set(core.registry.activeConvoys().map((c) => c.id));
    expect(stored.filter((d) => active.has(d.convoyId))).toHaveLength(60);
    for (const c of core.registry.activeConvoys()) expect(c.droneIds).toHaveLength(20);
    const drone = core.registry.drones()[59]!;
    expect(await core.store.getWaypoints(drone.id)).toHaveLength(25);
    const board = await core.leaderboards.get(core.registry.activeConvoys()[0]!.id, 500, 0);
    expect(board.totalDrones).toBe(20);
  });

  it('holds the fleet limit across separate requests, changing nothing', async () => {
    const handlers = createHandlers(core);
    const ok = await dispatch(handlers, 'simulator.configure', { dronesPerConvoy: 1000 }, core.log);
    expect(ok).toMatchObject({ ok: true, value: { droneCount: 3000 } });
    const over = await dispatch(handlers, 'simulator.configure', { convoys: 11 }, core.log);
    expect(over).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    expect(core.simulator.status()).toMatchObject({ convoys: 3, dronesPerConvoy: 1000 });
    expect(core.registry.drones()).toHaveLength(3000);
  });

  it('resumes the re-planned fleet after a restart', async () => {
    const ids = core.registry.drones().map((d) => d.id);
    await core.close();
    core = await startCore(testConfig(data.dir));
    expect(core.simulator.status()).toMatchObject({ convoys: 3, dronesPerConvoy: 1000 });
    expect(core.registry.drones().map((d) => d.id)).toEqual(ids);
  });
});
