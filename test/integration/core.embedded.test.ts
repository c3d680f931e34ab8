import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { requests } from '../../src-shared/contract';
import type { Engagement } from '../../src-shared/model';
import type { Core } from '../../src-main/core/createCore';
import { applyEngagement, EMPTY_STATS, rankAll } from '../../src-main/domain/ranking';
import { dispatch } from '../../src-main/hosts/dispatch';
import { createHandlers } from '../../src-main/hosts/handlers';
import { startCore, tempDataDir, testConfig, waitFor } from '../support/coreHarness';

/**
 * The core on the embedded default (a real DuckDB file on disk, the in-process cache): a
 * simulated minute, the leaderboard against the stored engagements, and a restart on the file.
 */
describe('core on the embedded store', () => {
  let data: Awaited<ReturnType<typeof tempDataDir>>;
  let core: Core;
  let startSimTime = 0;

  beforeAll(async () => {
    data = await tempDataDir();
    // 64x: a simulated minute in about a second; a high engagement rate so the board has content.
    core = await startCore(testConfig(data.dir, { timeScale: 64, engagementsPerDroneHour: 600 }));
    startSimTime = core.simulator.now();
    await core.simulator.start();
    await waitFor('60 simulated seconds', () => core.simulator.now() - startSimTime >= 60_000);
    await core.simulator.stop();
    await core.telemetry.flush();
  });

  afterAll(async () => {
    await core?.close();
    await data?.remove();
  });

  it('stores one telemetry row per reporting drone per simulated second', async () => {
    const stats = core.telemetry.stats();
    const ticks = core.simulator.status().ticks;
    expect(ticks).toBeGreaterThanOrEqual(60);
    expect(stats.pendingRows).toBe(0);
    expect(await core.store.countTelemetry()).toBe(stats.rowsIngested);
    // Only a drone the simulator has lost stops reporting; 36 drones over a minute lose few if any.
    expect(stats.rowsIngested).toBeGreaterThanOrEqual(ticks * 36 * 0.9);
    expect(stats.rowsIngested).toBeLessThanOrEqual(ticks * 36);

    const drone = core.registry.drones()[0]!;
    const rows = await core.store.telemetryForDrone(drone.id, startSimTime, core.simulator.now());
    expect(rows.length).toBeGreaterThanOrEqual(60);
    for (let i = 1; i < rows.length; i++)
      expect(rows[i]!.recordedAt - rows[i - 1]!.recordedAt).toBe(1000);
  });

  it('keeps each leaderboard equal to the ranking of the stored engagements', async () => {
    let engagementsSeen = 0;
    for (const convoy of core.registry.activeConvoys()) {
      const stored: Engagement[] = await core.store.listEngagements({ convoyId: convoy.id });
      engagementsSeen += stored.length;
      const byDrone = new Map(core.registry.dronesOf(convoy.id).map((d) => [d.id, EMPTY_STATS]));
      for (const e of stored)
        byDrone.set(e.droneId, applyEngagement(byDrone.get(e.droneId)!, e.hit, e.recordedAt));
      const expected = rankAll(
        [...byDrone].map(([droneId, s]) => ({
          droneId,
          successfulHits: s.successfulHits,
          totalEngagements: s.totalEngagements,
          bestStreak: s.bestStreak,
          currentStreak: s.currentStreak,
        })),
      );
      const board = await core.leaderboards.get(convoy.id, 500, 0);
      expect(board.entries.map((e) => e.droneId)).toEqual(expected.map((e) => e.droneId));
      for (const [i, entry] of board.entries.entries()) {
        expect(entry.rank).toBe(i + 1);
        expect(entry.totalEngagements).toBe(expected[i]!.totalEngagements);
        expect(entry.successfulHits).toBe(expected[i]!.successfulHits);
        expect(entry.currentStreak).toBe(expected[i]!.currentStreak);
        expect(entry.bestStreak).toBe(expected[i]!.bestStreak);
      }
      expect(requests['leaderboard.get'].output.safeParse(board).success).toBe(true);
    }
    expect(engagementsSeen).toBeGreaterThan(0);
  });

  it('answers unknown ids with NOT_FOUND and bad input with INVALID_INPUT, changing nothing', async () => {
    const handlers = createHandlers(core);
    const before = (await core.store.listEngagements({})).length;
    const missing = '00000000-0000-4000-8000-000000000000';
    const drone = core.registry.drones()[0]!;

    const unknownDrone = await dispatch(handlers, 'drone.get', { droneId: missing }, core.log);
    expect(unknownDrone).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    const unknownConvoy = await dispatch(
      handlers,
      'leaderboard.get',
      { convoyId: missing },
      core.log,
    );
    expect(unknownConvoy).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    const engageUnknown = await dispatch(
      handlers,
      'engagement.record',
      { convoyId: missing, droneId: drone.id, hit: true, weaponType: 'AGM114_HELLFIRE' },
      core.log,
    );
    expect(engageUnknown).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    const bad = await dispatch(
      handlers,
      'engagement.record',
      { convoyId: drone.convoyId, droneId: drone.id, hit: 'yes', weaponType: 'LASER' },
      core.log,
    );
    expect(bad).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    const otherConvoy = core.registry.activeConvoys().find((c) => c.id !== drone.convoyId)!;
    const wrongConvoy = await dispatch(
      handlers,
      'engagement.record',
      { convoyId: otherConvoy.id, droneId: drone.id, hit: true, weaponType: 'AGM114_HELLFIRE' },
      core.log,
    );
    expect(wrongConvoy).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    expect((await core.store.listEngagements({})).length).toBe(before);
  });

  it('records concurrent engagements exactly, with streaks in the order they were stored', async () => {
    const convoy = core.registry.activeConvoys()[0]!;
    const drones = core.registry.dronesOf(convoy.id).slice(0, 4);
    const before = new Map(
      await Promise.all(
        drones.map(async (d) => [d.id, await core.engagements.currentStats(d.id)] as const),
      ),
    );
    const calls = Array.from({ length: 200 }, (_, i) => ({
      convoyId: convoy.id,
      droneId: drones[i % drones.length]!.id,
      hit: (i * 7) % 3 !== 0,
      weaponType: 'GBU12_PAVEWAY' as const,
    }));
    const results = await Promise.all(calls.map((c) => core.engagements.record(c)));
    expect(results.every((r) => r.success)).toBe(true);
    for (const d of drones) {
      const mine = calls.filter((c) => c.droneId === d.id);
      const stats = await core.store.getStats(d.id);
      expect(stats!.totalEngagements).toBe(before.get(d.id)!.totalEngagements + mine.length);
      expect(stats!.successfulHits).toBe(
        before.get(d.id)!.successfulHits + mine.filter((c) => c.hit).length,
      );
      const stored = await core.store.listEngagements({ droneId: d.id });
      const replayed = stored.reduce(
        (s, e) => applyEngagement(s, e.hit, e.recordedAt),
        EMPTY_STATS,
      );
      expect(replayed.totalEngagements).toBe(stats!.totalEngagements);
      expect(replayed.bestStreak).toBe(stats!.bestStreak);
    }
    const last = results.at(-1)!;
    expect(last.newRank).toBeGreaterThanOrEqual(1);
  });

  it('keeps everything across a restart on the same file', async () => {
    const telemetryRows = await core.store.countTelemetry();
    const engagements = (await core.store.listEngagements({})).length;
    const boards = await Promise.all(
      core.registry.activeConvoys().map((c) => core.leaderboards.get(c.id, 500, 0)),
    );
    const drone = core.registry.drones()[5]!;
    const position = await core.drones.get(drone.id);
    const simTime = core.simulator.now();
    const ids = core.registry.drones().map((d) => d.id);
    await core.close();

    core = await startCore(testConfig(data.dir, { timeScale: 64, engagementsPerDroneHour: 600 }));
    expect(core.registry.drones().map((d) => d.id)).toEqual(ids);
    expect(await core.store.countTelemetry()).toBe(telemetryRows);
    expect((await core.store.listEngagements({})).length).toBe(engagements);
    const after = await Promise.all(
      core.registry.activeConvoys().map((c) => core.leaderboards.get(c.id, 500, 0)),
    );
    expect(after.map((b) => b.entries.map(({ rankChange: _r, ...rest }) => rest))).toEqual(
      boards.map((b) => b.entries.map(({ rankChange: _r, ...rest }) => rest)),
    );
    const again = await core.drones.get(drone.id);
    expect(again.lat).toBeCloseTo(position.lat, 9);
    expect(again.lon).toBeCloseTo(position.lon, 9);
    expect(again.totalEngagements).toBe(position.totalEngagements);
    expect(core.simulator.now()).toBe(simTime);
    expect(core.simulator.status().running).toBe(false);
  });
});

describe('DuckDB migrations', () => {
  it('apply once on a new file, record their versions, and apply nothing on reopen', async () => {
    const { DuckDbStore } = await import('../../src-main/store/duckdb/DuckDbStore');
    const { MIGRATIONS } = await import('../../src-main/store/duckdb/migrations');
    const data = await tempDataDir();
    try {
      const path = `${data.dir}/m.duckdb`;
      const store = await DuckDbStore.open(path);
      expect(await store.schemaVersion()).toBe(MIGRATIONS.at(-1)!.version);
      await store.close();
      const again = await DuckDbStore.open(path);
      expect(await again.migrate()).toEqual([]);
      await again.close();
    } finally {
      await data.remove();
    }
  });
});
