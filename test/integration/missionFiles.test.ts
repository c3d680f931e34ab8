import { copyFile, mkdir, readFile, truncate, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ReplayService } from '../../src-main/services/replayService';
import { EventBus } from '../../src-main/core/eventBus';
import { createLogger } from '../../src-main/core/logger';
import { GcsError } from '../../src-shared/errors';
import { tempDataDir } from '../support/coreHarness';

/**
 * Mission folders written by "another tool": plain DuckDB SQL following schema/parquet/README.md,
 * with no project code, so the test checks the documented format and not our writer's habits.
 * Then the same folder broken every way a file on a field laptop gets broken.
 */
const CONVOY = '11111111-1111-4111-8111-111111111111';
const DRONES = ['22222222-2222-4222-8222-000000000001', '22222222-2222-4222-8222-000000000002'];
const T0 = Date.UTC(2026, 5, 1, 6, 0, 0);

/** The documented tables as SQL, each overridable to break one thing. */
function tables(over: Partial<Record<string, string>> = {}): Record<string, string> {
  return {
    convoys: `SELECT '${CONVOY}' AS convoy_id, 'RAVEN-9' AS callsign, 'RECON' AS mission_type,
      'ACTIVE' AS status, 'Kandahar' AS aor_name, 30.0 AS aor_min_lat, 32.0 AS aor_max_lat,
      64.0 AS aor_min_lon, 67.0 AS aor_max_lon, TIMESTAMP '2026-06-01 06:00:00' AS mission_start`,
    drones: `SELECT * FROM (VALUES
      ('${DRONES[0]}', '${CONVOY}', 0, 'RAVEN-9-01', 'MQ9_REAPER'),
      ('${DRONES[1]}', '${CONVOY}', 1, 'RAVEN-9-02', 'SCAN_EAGLE'))
      t(drone_id, convoy_id, ordinal, callsign, platform_type)`,
    waypoints: `SELECT d.drone_id, s.seq::INTEGER AS seq, 31.0 + s.seq * 0.01 AS lat, 65.0 AS lon,
      1500.0 AS altitude_m FROM (VALUES ('${DRONES[0]}'), ('${DRONES[1]}')) d(drone_id),
      range(0, 3) s(seq)`,
    // Drone 2 reports for 60 s, then falls silent: a gap the cursor must not jump over.
    telemetry: `SELECT d.drone_id,
      (TIMESTAMPTZ '2026-06-01 06:00:00+00' + to_seconds(s.i)) AS recorded_at,
      31.0 + s.i * 0.0001 AS lat, 65.0 + d.k * 0.01 AS lon, 1500.0 + s.i AS altitude_m,
      90.0 AS heading_deg, 40.0 AS speed_mps, 100.0 - s.i / 100.0 AS fuel_pct,
      (s.i // 100)::INTEGER AS current_waypoint, 2.0 AS distance_to_next_km,
      1.0 AS mesh_connectivity, 'AIRBORNE' AS status
      FROM (VALUES ('${DRONES[0]}', 0), ('${DRONES[1]}', 1)) d(drone_id, k), range(0, 300) s(i)
      WHERE d.k = 0 OR s.i < 60
      ORDER BY recorded_at`,
    engagements: `SELECT * FROM (VALUES
      ('33333333-3333-4333-8333-000000000001', '${CONVOY}', '${DRONES[0]}',
        TIMESTAMP '2026-06-01 06:01:00', true, 'GBU38_JDAM'),
      ('33333333-3333-4333-8333-000000000002', '${CONVOY}', '${DRONES[1]}',
        TIMESTAMP '2026-06-01 06:00:30', false, 'GUN_30MM'),
      ('33333333-3333-4333-8333-000000000003', '${CONVOY}', '${DRONES[1]}',
        TIMESTAMP '2026-06-01 06:00:40', true, 'GUN_30MM'))
      t(engagement_id, convoy_id, drone_id, recorded_at, hit, weapon_type)`,
    ...over,
  } as Record<string, string>;
}

const MANIFEST = {
  format: 'dronegrid-mission',
  formatVersion: 1,
  mission: { name: 'Foreign tool mission', convoyIds: [CONVOY] },
  timeRange: { start: '2026-06-01T06:00:00Z', end: '2026-06-01T06:04:59Z' },
  rowCounts: { convoys: 1, drones: 2, waypoints: 6, telemetry: 360, engagements: 3 },
};

describe('mission folders from other tools, and broken ones', () => {
  let data: Awaited<ReturnType<typeof tempDataDir>>;
  let duck: DuckDBInstance;
  let conn: DuckDBConnection;
  let replay: ReplayService;

  async function writeFolder(
    name: string,
    over: Partial<Record<string, string>> = {},
    manifest: unknown = MANIFEST,
  ): Promise<string> {
    const folder = join(data.dir, name);
    await mkdir(folder);
    await conn.run("SET TimeZone = 'UTC'");
    for (const [table, sql] of Object.entries(tables(over))) {
      await conn.run(`COPY (${sql}) TO '${join(folder, `${table}.parquet`)}' (FORMAT parquet)`);
    }
    await writeFile(join(folder, 'manifest.json'), JSON.stringify(manifest));
    return folder;
  }

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
    duck = await DuckDBInstance.create(':memory:');
    conn = await duck.connect();
    replay = new ReplayService(new EventBus(), createLogger('silent'), 10);
  });

  afterAll(async () => {
    await replay?.shutdown();
    conn?.closeSync();
    duck?.closeSync();
    await data?.remove();
  });

  it('replays a mission another tool wrote by the documented format', async () => {
    const folder = await writeFolder('foreign');
    const status = await replay.open(folder);
    expect(status).toMatchObject({
      active: true,
      name: 'Foreign tool mission',
      droneCount: 2,
      convoyCount: 1,
      telemetryRows: 360,
      engagementCount: 3,
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
    expect(one.platformType).toBe('MQ9_REAPER');
    expect(two.updatedAt).toBe(T0 + 59_000);
    expect(two.altitudeM).toBe(1559);
    // The board from the engagements up to the cursor: 1/1 beats 1/2.
    const board = replay.leaderboard(CONVOY, 10, 0);
    expect(board.entries.map((e) => [e.callsign, e.totalEngagements, e.successfulHits])).toEqual([
      ['RAVEN-9-01', 1, 1],
      ['RAVEN-9-02', 2, 1],
    ]);
    await replay.seek(T0 + 45_000);
    expect(replay.leaderboard(CONVOY, 10, 0).entries[0]).toMatchObject({
      callsign: 'RAVEN-9-02',
      totalEngagements: 2,
    });
    // Routes are shown as they stood: no arrivals recorded, none shown.
    expect(replay.waypoints(DRONES[0]!).map((w) => w.seq)).toEqual([0, 1, 2]);
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
