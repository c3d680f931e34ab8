import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Core } from '../../src-main/core/createCore';
import { applyEngagement, EMPTY_STATS, rankAll } from '../../src-main/domain/ranking';
import type { Store } from '../../src-main/store/Store';
import { ANALYTICS_REPORTS, type MissionExportStatus } from '../../src-shared/contract';
import { distanceM } from '../../src-main/domain/geo';
import type { EngagementStats, Telemetry } from '../../src-shared/model';
import { startCore, tempDataDir, testConfig, waitFor } from '../support/coreHarness';
import { prng } from '../support/prng';

/**
 * Simulate → export → replay on the embedded store: at any cursor the replay shows exactly what
 * the live store held at that time (each drone's last row at or before it, and the leaderboard
 * of the engagements up to it), before the seek index is built, after it, and while playing.
 */
describe('mission export and replay round trip', () => {
  let data: Awaited<ReturnType<typeof tempDataDir>>;
  let core: Core;
  let folder: string;
  let exported: MissionExportStatus;
  let missionStart = 0;
  let missionEnd = 0;

  beforeAll(async () => {
    data = await tempDataDir('gcs-replay-');
    core = await startCore(testConfig(data.dir, { timeScale: 64, engagementsPerDroneHour: 400 }));
    const t0 = core.simulator.now();
    await core.simulator.start();
    await waitFor('ten simulated minutes', () => core.simulator.now() - t0 >= 600_000, 60_000);
    await core.simulator.stop();
    folder = join(data.dir, 'mission-1');
    await core.missionExports.start({ folder });
    exported = await waitForExport(core);
  });

  afterAll(async () => {
    await core?.close();
    await data?.remove();
  });

  it('writes the manifest and one Parquet file per table, and nothing else', async () => {
    expect(exported.state).toBe('done');
    expect(exported.error).toBeNull();
    const files = (await readdir(folder)).sort();
    expect(files).toEqual([
      'convoys.parquet',
      'drones.parquet',
      'engagements.parquet',
      'manifest.json',
      'telemetry.parquet',
      'waypoints.parquet',
    ]);
    const manifest = JSON.parse(await readFile(join(folder, 'manifest.json'), 'utf8'));
    expect(manifest.format).toBe('dronegrid-mission');
    expect(manifest.formatVersion).toBe(1);
    expect(manifest.rowCounts.telemetry).toBe(await core.store.countTelemetry());
    expect(manifest.rowCounts.drones).toBe(36);
    expect(manifest.rowCounts.convoys).toBe(3);
    expect(manifest.rowCounts.waypoints).toBe(36 * 25);
    const engagements = (
      await Promise.all(
        core.registry.activeConvoys().map((c) => core.store.listEngagements({ convoyId: c.id })),
      )
    ).flat();
    expect(engagements.length).toBeGreaterThan(20);
    expect(manifest.rowCounts.engagements).toBe(engagements.length);
    missionStart = Date.parse(manifest.timeRange.start);
    missionEnd = Date.parse(manifest.timeRange.end);
    // From the first row (a second after the start) to the last.
    expect(missionEnd - missionStart).toBeGreaterThanOrEqual(599_000);
    // The siblings the writer used while it worked are gone.
    expect((await readdir(data.dir)).filter((f) => f.includes('partial'))).toEqual([]);
  });

  it('shows what the store held at the cursor, before and after the seek index is built', async () => {
    const status = await core.replay.open(folder);
    expect(status.active).toBe(true);
    expect(status.droneCount).toBe(36);
    expect(status.startMs).toBe(missionStart);
    expect(status.endMs).toBe(missionEnd);
    expect(status.warnings).toEqual([]);
    const rand = prng(11);
    const times = [
      missionStart,
      missionStart + 1,
      missionEnd,
      ...Array.from({ length: 3 }, () => missionStart + rand() * (missionEnd - missionStart)),
    ];
    // Straight after opening, before the index is there (or while it is built).
    await expectStateMatchesStore(core, core.store, times[3]!);
    await waitFor('the keyframes', () => core.replay.status().index.ready, 60_000);
    for (const t of times.slice(0, 3)) await expectStateMatchesStore(core, core.store, t);
    await waitFor('the whole index', () => core.replay.status().index.progress === 1, 60_000);
    for (const t of times) await expectStateMatchesStore(core, core.store, t);
    // The index keeps its copy of the telemetry in the data folder until the mission closes.
    const cache = join(data.dir, 'replay-cache');
    expect((await readdir(cache)).filter((f) => f.endsWith('.duckdb'))).toHaveLength(1);
  });

  it('plays forwards and backwards and lands on the store state wherever it stops', async () => {
    await core.replay.seek(missionStart + 60_000);
    core.replay.play({ speed: 64 });
    await new Promise((r) => setTimeout(r, 1500));
    let paused = core.replay.pause();
    await waitFor('the last playback step', () => !core.replay.status().playing);
    paused = core.replay.status();
    expect(paused.cursorMs).toBeGreaterThan(missionStart + 60_000 + 40_000);
    await expectStateMatchesStore(core, core.store, paused.cursorMs);

    core.replay.play({ speed: 32, reverse: true });
    await new Promise((r) => setTimeout(r, 800));
    core.replay.pause();
    await new Promise((r) => setTimeout(r, 200));
    const back = core.replay.status();
    expect(back.cursorMs).toBeLessThan(paused.cursorMs);
    await expectStateMatchesStore(core, core.store, back.cursorMs);

    const stepped = await core.replay.step(-10_000);
    expect(stepped.cursorMs).toBe(back.cursorMs - 10_000);
    await expectStateMatchesStore(core, core.store, stepped.cursorMs);
  });

  it('clamps seeks to the mission and stops playing at its end', async () => {
    expect((await core.replay.seek(0)).cursorMs).toBe(missionStart);
    expect((await core.replay.seek(missionEnd + 3_600_000)).cursorMs).toBe(missionEnd);
    await core.replay.seek(missionEnd - 2_000);
    core.replay.play({ speed: 8, reverse: false });
    await waitFor('the end of the mission', () => !core.replay.status().playing, 10_000);
    expect(core.replay.status().cursorMs).toBe(missionEnd);
  });

  it('marks the engagements on the timeline, hits and misses apart', async () => {
    const markers = core.replay.markers(50);
    const total =
      markers.hits.reduce((a, b) => a + b, 0) + markers.misses.reduce((a, b) => a + b, 0);
    expect(total).toBe(core.replay.status().engagementCount);
    expect(markers.hits).toHaveLength(50);
  });

  it('answers the analytics reports from the store and from the mission alike, and right', async () => {
    await core.replay.open(folder);
    const engagements = (
      await Promise.all(
        core.registry.activeConvoys().map((c) => core.store.listEngagements({ convoyId: c.id })),
      )
    ).flat();
    for (const report of ANALYTICS_REPORTS) {
      const live = await core.analytics.report({ report, source: 'live' });
      const mission = await core.analytics.report({ report, source: 'replay' });
      expect(live.rows.length, report).toBeGreaterThan(0);
      // Same numbers from the DuckDB file and from the Parquet files it was exported to.
      expect(mission.rows, report).toEqual(live.rows);
      expect(live.columns).toEqual(mission.columns);
    }
    // Hit rate by weapon, against the stored engagements.
    const byWeapon = await core.analytics.report({ report: 'hit_rate_by_weapon', source: 'live' });
    for (const [weapon, rate, n, hits] of byWeapon.rows) {
      const mine = engagements.filter((e) => e.weaponType === weapon);
      expect(n).toBe(mine.length);
      expect(hits).toBe(mine.filter((e) => e.hit).length);
      expect(rate).toBeCloseTo((100 * (hits as number)) / (n as number), 2);
    }
    // Accuracy over time ends where each convoy's record does.
    const accuracy = await core.analytics.report({ report: 'accuracy_over_time', source: 'live' });
    for (const convoy of core.registry.activeConvoys()) {
      const last = accuracy.rows.filter((r) => r[0] === convoy.callsign).at(-1)!;
      const mine = engagements.filter((e) => e.convoyId === convoy.id);
      expect(last[2]).toBeCloseTo((100 * mine.filter((e) => e.hit).length) / mine.length, 2);
    }
    // Distance flown by one drone, against its rows summed here.
    const drone = core.registry.drones()[0]!;
    const rows = await core.store.telemetryForDrone(drone.id, 0, Number.MAX_SAFE_INTEGER);
    let km = 0;
    for (let i = 1; i < rows.length; i++) {
      if (rows[i]!.recordedAt - rows[i - 1]!.recordedAt <= 60_000) {
        km += distanceM(rows[i - 1]!, rows[i]!) / 1000;
      }
    }
    const distance = await core.analytics.report({
      report: 'distance_per_drone',
      source: 'live',
      droneId: drone.id,
    });
    expect(distance.rows).toHaveLength(1);
    expect(distance.rows[0]![1]).toBeCloseTo(km, 1);
    // Kept five minutes, unless asked afresh.
    expect(
      (await core.analytics.report({ report: 'hit_rate_by_weapon', source: 'live' })).cached,
    ).toBe(true);
    expect(
      (await core.analytics.report({ report: 'hit_rate_by_weapon', source: 'live', refresh: true }))
        .cached,
    ).toBe(false);
  });

  it('refuses a second export into a folder that holds something, leaving it as it was', async () => {
    await expect(core.missionExports.start({ folder })).rejects.toThrow(/already exists/);
    await expect(core.missionExports.start({ folder: 'relative/path' })).rejects.toThrow(
      /absolute/,
    );
    const before = (await readdir(folder)).sort();
    expect(before).toContain('manifest.json');
  });

  it('exports through pages too (as the CQL store does) to the same rows', async () => {
    // The page path is what every store without a Parquet writer of its own takes.
    const paged = join(data.dir, 'mission-paged');
    const store = core.store as Store & { writeTelemetryParquet?: unknown };
    const own = store.writeTelemetryParquet;
    store.writeTelemetryParquet = undefined;
    try {
      await core.missionExports.start({ folder: paged });
      const status = await waitForExport(core);
      expect(status.state).toBe('done');
      expect(status.rowCounts).toEqual(exported.rowCounts);
    } finally {
      store.writeTelemetryParquet = own;
    }
    await core.replay.open(paged);
    await waitFor('the seek index', () => core.replay.status().index.progress === 1, 60_000);
    // The previous mission's copy went with it.
    expect(
      (await readdir(join(data.dir, 'replay-cache'))).filter((f) => f.endsWith('.duckdb')),
    ).toHaveLength(1);
    await expectStateMatchesStore(core, core.store, missionStart + 300_000);
  });

  it('cancels an export and leaves no folder behind', async () => {
    const target = join(data.dir, 'mission-cancelled');
    const started = await core.missionExports.start({ folder: target });
    core.missionExports.cancel(started.exportId);
    const status = await waitForExport(core);
    // A fast machine may finish first; either way the folder is whole or absent.
    if (status.state === 'cancelled') {
      expect((await readdir(data.dir)).filter((f) => f.includes('mission-cancelled'))).toEqual([]);
    } else {
      expect(status.state).toBe('done');
    }
  });
});

async function waitForExport(core: Core): Promise<MissionExportStatus> {
  await waitFor('the export', () => core.missionExports.list()[0]?.state !== 'running', 60_000);
  return core.missionExports.list()[0]!;
}

/** Each drone's row and each board at `t` in the replay, against the live store's own rows. */
async function expectStateMatchesStore(core: Core, store: Store, t: number): Promise<void> {
  const status = await core.replay.seek(t);
  const cursor = status.cursorMs;
  const index = core.replay.index();
  let compared = 0;
  for (const { droneId } of index.drones) {
    const rows: Telemetry[] = await store.telemetryForDrone(droneId, 0, cursor);
    const last = rows.at(-1);
    const shown = core.replay.drone(droneId);
    if (!last) {
      expect(shown.status).toBe('GROUNDED');
      continue;
    }
    compared++;
    expect(shown.updatedAt, `${droneId} at ${cursor}`).toBe(last.recordedAt);
    expect(shown.lat).toBeCloseTo(last.lat, 9);
    expect(shown.lon).toBeCloseTo(last.lon, 9);
    expect(shown.altitudeM).toBeCloseTo(last.altitudeM, 2);
    expect(shown.fuelPct).toBeCloseTo(last.fuelPct, 3);
    expect(shown.status).toBe(last.status);
    expect(shown.currentWaypoint).toBe(last.currentWaypoint);
  }
  if (cursor > status.startMs) expect(compared).toBeGreaterThan(0);

  for (const convoy of core.replay.convoys()) {
    const byDrone = new Map<string, EngagementStats>(
      index.drones
        .filter((d) => d.convoyId === convoy.convoyId)
        .map((d) => [d.droneId, EMPTY_STATS]),
    );
    for (const e of await store.listEngagements({ convoyId: convoy.convoyId })) {
      if (e.recordedAt > cursor) continue;
      byDrone.set(e.droneId, applyEngagement(byDrone.get(e.droneId)!, e.hit, e.recordedAt));
    }
    const expected = rankAll([...byDrone].map(([droneId, s]) => ({ droneId, ...s })));
    const board = core.replay.leaderboard(convoy.convoyId, 500, 0);
    expect(
      board.entries.map((e) => [e.rank, e.droneId, e.totalEngagements, e.successfulHits]),
    ).toEqual(expected.map((e) => [e.rank, e.droneId, e.totalEngagements, e.successfulHits]));
  }
}
