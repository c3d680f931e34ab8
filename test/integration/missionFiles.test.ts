import { copyFile, readFile, truncate, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ReplayService } from '../../src-main/services/replayService';
import { EventBus } from '../../src-main/core/eventBus';
import { createLogger } from '../../src-main/core/logger';
import { GcsError } from '../../src-shared/errors';
import { tempDataDir, waitFor } from '../support/coreHarness';
import {
  FIXTURE_CONVOY,
  FIXTURE_DRONES,
  FIXTURE_MANIFEST,
  FIXTURE_T0,
  FIXTURE_TELEMETRY_ROWS,
  fixtureTables,
  writeMissionFixture,
} from '../support/missionFixture';

/**
 * Mission folders written by "another tool" (test/support/missionFixture.ts: plain DuckDB SQL
 * following schema/parquet/README.md, no project code), replayed; then the same folder broken
 * every way a file on a field laptop gets broken.
 */
const CONVOY = FIXTURE_CONVOY;
const DRONES = FIXTURE_DRONES;
const T0 = FIXTURE_T0;
const MANIFEST = FIXTURE_MANIFEST;
const tables = fixtureTables;

describe('mission folders from other tools, and broken ones', () => {
  let data: Awaited<ReturnType<typeof tempDataDir>>;
  let replay: ReplayService;

  const writeFolder = (
    name: string,
    over: Partial<Record<string, string>> = {},
    manifest: unknown = MANIFEST,
  ): Promise<string> => writeMissionFixture(join(data.dir, name), over, manifest);

  async function refusal(folder: string): Promise<GcsError> {
    const error = await replay.open(folder).then(
      () => null,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(GcsError);
    expect((error as GcsError).code).toBe('INVALID_INPUT');
    return error as GcsError;
  }

  beforeAll(async () => {
    data = await tempDataDir('gcs-mission-files-');
    replay = new ReplayService(new EventBus(), createLogger('silent'), 10);
  });

  afterAll(async () => {
    await replay?.shutdown();
    await data?.remove();
  });

  it('replays a mission another tool wrote by the documented format', async () => {
    const folder = await writeFolder('foreign');
    const status = await replay.open(folder);
    expect(status).toMatchObject({
      active: true,
      name: 'Foreign tool mission',
      droneCount: 4,
      convoyCount: 1,
      telemetryRows: FIXTURE_TELEMETRY_ROWS,
      engagementCount: 10,
      startMs: T0,
      endMs: T0 + 299_000,
      warnings: [],
    });
    // Mid-gap: drone 2 stopped at 59 s and stays where it was; drone 1 is at 150 s.
    await replay.seek(T0 + 150_500);
    const one = replay.drone(DRONES[0]!);
    const two = replay.drone(DRONES[1]!);
    expect(one.updatedAt).toBe(T0 + 150_000);
    expect(one.lat).toBeCloseTo(31.015, 9);
    expect(one.lon).toBeCloseTo(65.0, 9);
    expect(one.platformType).toBe('MQ9_REAPER');
    expect(two.updatedAt).toBe(T0 + 59_000);
    expect(two.altitudeM).toBe(1559);
    // The board from the engagements up to the cursor (the hit at 150 s included): 2/3, then two
    // drones at 1/2 tied on accuracy, hits and best streak (the smaller drone id first), then
    // RAVEN-9-04, whose engagements are still to come.
    const board = replay.leaderboard(CONVOY, 10, 0);
    expect(board.entries.map((e) => [e.callsign, e.totalEngagements, e.successfulHits])).toEqual([
      ['RAVEN-9-01', 3, 2],
      ['RAVEN-9-02', 2, 1],
      ['RAVEN-9-03', 2, 1],
      ['RAVEN-9-04', 0, 0],
    ]);
    await replay.seek(T0 + 45_000);
    expect(replay.leaderboard(CONVOY, 10, 0).entries[0]).toMatchObject({
      callsign: 'RAVEN-9-02',
      totalEngagements: 2,
    });
    await replay.seek(T0 + 299_000);
    expect(replay.leaderboard(CONVOY, 1, 0).entries[0]).toMatchObject({
      callsign: 'RAVEN-9-04',
      successfulHits: 3,
      currentStreak: 3,
    });
    // Routes are shown as they stood: no arrivals recorded, none shown.
    expect((await replay.waypoints(DRONES[0]!)).map((w) => w.seq)).toEqual([0, 1, 2]);
  });

  it('plays through a gap in the data at the chosen speed, without jumping', async () => {
    const folder = await writeFolder('gap');
    await replay.open(folder);
    // Both drones silent after 299 s and drone 2 after 59 s: play 60 s → 70 s at 8x.
    await replay.seek(T0 + 60_000);
    const cursors: number[] = [];
    const bus = (replay as unknown as { bus: EventBus }).bus;
    const off = bus.on('replay.state', (s) => cursors.push(s.cursorMs));
    replay.play({ speed: 8, reverse: false });
    await new Promise((r) => setTimeout(r, 1000));
    replay.pause();
    off();
    const moves = cursors
      .slice(1)
      .map((c, i) => c - cursors[i]!)
      .filter((d) => d > 0);
    expect(moves.length).toBeGreaterThan(3);
    // At 8x and 10 frames a second each move is ~0.8 s of mission time, never a leap.
    for (const d of moves) expect(d).toBeLessThan(3_000);
  });

  it('warns of rows of drones the mission does not list, and shows the rest', async () => {
    const stray = '44444444-4444-4444-8444-000000000009';
    const folder = await writeFolder('stray-rows', {
      telemetry: `SELECT * FROM (${tables().telemetry}) UNION ALL
        (SELECT * REPLACE ('${stray}' AS drone_id) FROM (${tables().telemetry}) LIMIT 10)`,
    });
    const opened = await replay.open(folder);
    expect(opened.droneCount).toBe(4);
    await waitFor('the seek index', () => replay.status().index.progress === 1);
    const status = replay.status();
    expect(status.warnings.join(' ')).toMatch(
      /10 telemetry rows name drones that drones\.parquet does not list/,
    );
    expect(status.telemetryRows).toBe(FIXTURE_TELEMETRY_ROWS);
    await replay.seek(T0 + 10_000);
    expect(replay.index().drones.map((d) => d.droneId)).not.toContain(stray);
  });

  it('names the file and the column that is missing', async () => {
    const folder = await writeFolder('missing-column', {
      telemetry: `SELECT * EXCLUDE (fuel_pct) FROM (${tables().telemetry})`,
    });
    const error = await refusal(folder);
    expect(error.message).toMatch(/telemetry\.parquet: column "fuel_pct" is missing/);
    expect(error.issues?.[0]?.path).toBe('telemetry.parquet:fuel_pct');
  });

  it('names the file, the column and the type when a column has the wrong type', async () => {
    const folder = await writeFolder('wrong-type', {
      telemetry: `SELECT * REPLACE (fuel_pct::VARCHAR AS fuel_pct) FROM (${tables().telemetry})`,
    });
    const error = await refusal(folder);
    expect(error.message).toMatch(/telemetry\.parquet: column "fuel_pct" has type VARCHAR/);
    const times = await writeFolder('wrong-time', {
      engagements: `SELECT * REPLACE ('yesterday' AS recorded_at) FROM (${tables().engagements})`,
    });
    expect((await refusal(times)).message).toMatch(
      /engagements\.parquet: column "recorded_at" has type VARCHAR; expected a timestamp/,
    );
  });

  it('refuses values outside the format, naming them', async () => {
    const status = await writeFolder('bad-status', {
      telemetry: `SELECT * REPLACE ('FLYING' AS status) FROM (${tables().telemetry})`,
    });
    expect((await refusal(status)).message).toMatch(
      /telemetry\.parquet: column "status" holds "FLYING"/,
    );
    const platform = await writeFolder('bad-platform', {
      drones: `SELECT * REPLACE ('F16' AS platform_type) FROM (${tables().drones})`,
    });
    expect((await refusal(platform)).message).toMatch(/drones\.parquet: column "platform_type"/);
    const ids = await writeFolder('bad-id', {
      drones: `SELECT * REPLACE ('drone-1' AS drone_id) FROM (${tables().drones}) LIMIT 1`,
    });
    expect((await refusal(ids)).message).toMatch(
      /drones\.parquet: column "drone_id" holds "drone-1"/,
    );
    const nulls = await writeFolder('null-lat', {
      telemetry: `SELECT * REPLACE (CASE WHEN lat > 31.01 THEN NULL ELSE lat END AS lat) FROM (${tables().telemetry})`,
    });
    expect((await refusal(nulls)).message).toMatch(
      /telemetry\.parquet: column "lat" has \d+ empty/,
    );
  });

  it('gives a clear error for a corrupt or a truncated file, and for no Parquet at all', async () => {
    const corrupt = await writeFolder('corrupt');
    await writeFile(join(corrupt, 'telemetry.parquet'), Buffer.from('PAR1 this is not parquet'));
    expect((await refusal(corrupt)).message).toMatch(
      /telemetry\.parquet is not a readable Parquet file \(corrupt or truncated\)/,
    );
    const truncated = await writeFolder('truncated');
    const file = join(truncated, 'engagements.parquet');
    const size = (await readFile(file)).length;
    await truncate(file, Math.floor(size / 2));
    expect((await refusal(truncated)).message).toMatch(
      /engagements\.parquet is not a readable Parquet file/,
    );
    const csv = await writeFolder('csv');
    await writeFile(join(csv, 'drones.parquet'), 'drone_id,convoy_id\n1,2\n');
    expect((await refusal(csv)).message).toMatch(/drones\.parquet is not a readable Parquet file/);
  });

  it('refuses a folder that is not a mission, and says why', async () => {
    expect((await refusal(join(data.dir, 'nowhere'))).message).toMatch(/no mission folder/);
    const noManifest = await writeFolder('no-manifest');
    await writeFile(join(noManifest, 'manifest.json'), '{"format": "dronegrid-mission",');
    expect((await refusal(noManifest)).message).toMatch(/manifest\.json is not valid JSON/);
    const wrong = await writeFolder('wrong-format', {}, { ...MANIFEST, format: 'qgc-log' });
    expect((await refusal(wrong)).message).toMatch(/not a DroneGrid mission manifest at format/);
    const newer = await writeFolder('newer', {}, { ...MANIFEST, formatVersion: 2 });
    expect((await refusal(newer)).message).toMatch(
      /format version 2; this DroneGrid GCS reads up to 1/,
    );
    const missing = await writeFolder('missing-file');
    await copyFile(join(missing, 'drones.parquet'), join(missing, 'drones.bak'));
    await writeFile(join(missing, 'drones.parquet'), '');
    expect((await refusal(missing)).message).toMatch(/drones\.parquet/);
  });

  it('keeps the mission on screen when another fails to open', async () => {
    const good = await writeFolder('kept');
    const opened = await replay.open(good);
    await replay.seek(T0 + 100_000);
    const broken = await writeFolder('broken-after');
    await writeFile(join(broken, 'waypoints.parquet'), Buffer.from('not parquet'));
    await refusal(broken);
    const status = replay.status();
    expect(status.active).toBe(true);
    expect(status.sessionId).toBe(opened.sessionId);
    expect(status.cursorMs).toBe(T0 + 100_000);
  });
});
