import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';

/**
 * A mission folder as "another tool" writes it: plain DuckDB SQL following
 * schema/parquet/README.md, with no project code, so tests check the documented format and not
 * our writer's habits. Each table can be replaced by other SQL to break one thing.
 *
 * The mission: convoy RAVEN-9 of four drones over five minutes at 1 Hz from T0. Drone 2 falls
 * silent after 59 s (a gap the cursor must not jump over). Engagements at fixed times (below).
 */
export const FIXTURE_CONVOY = '11111111-1111-4111-8111-111111111111';
export const FIXTURE_DRONES = [
  '22222222-2222-4222-8222-000000000001',
  '22222222-2222-4222-8222-000000000002',
  '22222222-2222-4222-8222-000000000003',
  '22222222-2222-4222-8222-000000000004',
] as const;
export const FIXTURE_T0 = Date.UTC(2026, 5, 1, 6, 0, 0);
export const FIXTURE_SECONDS = 300;

/** [drone index, seconds after T0, hit] */
export const FIXTURE_ENGAGEMENTS: readonly (readonly [number, number, boolean])[] = [
  [1, 20, false],
  [1, 40, true],
  [0, 60, true],
  [0, 90, true],
  [2, 100, false],
  [0, 120, false],
  [2, 150, true],
  [3, 200, true],
  [3, 230, true],
  [3, 260, true],
];

export function fixtureTables(over: Partial<Record<string, string>> = {}): Record<string, string> {
  const drones = FIXTURE_DRONES.map(
    (id, i) =>
      `('${id}', '${FIXTURE_CONVOY}', ${i}, 'RAVEN-9-0${i + 1}', '${i % 2 === 0 ? 'MQ9_REAPER' : 'SCAN_EAGLE'}')`,
  ).join(', ');
  const droneKeys = FIXTURE_DRONES.map((id, k) => `('${id}', ${k})`).join(', ');
  const engagements = FIXTURE_ENGAGEMENTS.map(
    ([d, s, hit], i) =>
      `('33333333-3333-4333-8333-${String(i + 1).padStart(12, '0')}', '${FIXTURE_CONVOY}', '${FIXTURE_DRONES[d]}',
        TIMESTAMP '2026-06-01 06:00:00' + to_seconds(${s}), ${hit}, 'GBU38_JDAM')`,
  ).join(', ');
  return {
    convoys: `SELECT '${FIXTURE_CONVOY}' AS convoy_id, 'RAVEN-9' AS callsign, 'RECON' AS mission_type,
      'ACTIVE' AS status, 'Kandahar' AS aor_name, 30.0 AS aor_min_lat, 32.0 AS aor_max_lat,
      64.0 AS aor_min_lon, 67.0 AS aor_max_lon, TIMESTAMP '2026-06-01 06:00:00' AS mission_start`,
    drones: `SELECT * FROM (VALUES ${drones}) t(drone_id, convoy_id, ordinal, callsign, platform_type)`,
    waypoints: `SELECT d.drone_id, s.seq::INTEGER AS seq, 31.0 + s.seq * 0.01 AS lat, 65.0 AS lon,
      1500.0 AS altitude_m FROM (VALUES ${droneKeys}) d(drone_id, k), range(0, 3) s(seq)`,
    // Times with a UTC adjustment, as pyarrow writes them.
    telemetry: `SELECT d.drone_id,
      (TIMESTAMPTZ '2026-06-01 06:00:00+00' + to_seconds(s.i)) AS recorded_at,
      31.0 + s.i * 0.0001 AS lat, 65.0 + d.k * 0.05 AS lon, 1500.0 + s.i AS altitude_m,
      90.0 AS heading_deg, 40.0 AS speed_mps, 100.0 - s.i / 100.0 AS fuel_pct,
      (s.i // 100)::INTEGER AS current_waypoint, 2.0 AS distance_to_next_km,
      1.0 AS mesh_connectivity, 'AIRBORNE' AS status
      FROM (VALUES ${droneKeys}) d(drone_id, k), range(0, ${FIXTURE_SECONDS}) s(i)
      WHERE d.k <> 1 OR s.i < 60
      ORDER BY recorded_at`,
    engagements: `SELECT * FROM (VALUES ${engagements})
      t(engagement_id, convoy_id, drone_id, recorded_at, hit, weapon_type)`,
    ...over,
  } as Record<string, string>;
}

export const FIXTURE_TELEMETRY_ROWS = 3 * FIXTURE_SECONDS + 60;

export const FIXTURE_MANIFEST = {
  format: 'dronegrid-mission',
  formatVersion: 1,
  mission: { name: 'Foreign tool mission', convoyIds: [FIXTURE_CONVOY] },
  timeRange: { start: '2026-06-01T06:00:00Z', end: '2026-06-01T06:04:59Z' },
  rowCounts: {
    convoys: 1,
    drones: FIXTURE_DRONES.length,
    waypoints: FIXTURE_DRONES.length * 3,
    telemetry: FIXTURE_TELEMETRY_ROWS,
    engagements: FIXTURE_ENGAGEMENTS.length,
  },
};

/** Writes the fixture (with any tables replaced) into a new folder `folder`. */
export async function writeMissionFixture(
  folder: string,
  over: Partial<Record<string, string>> = {},
  manifest: unknown = FIXTURE_MANIFEST,
): Promise<string> {
  await mkdir(folder, { recursive: true });
  const duck = await DuckDBInstance.create(':memory:');
  const conn = await duck.connect();
  try {
    await conn.run("SET TimeZone = 'UTC'");
    for (const [table, sql] of Object.entries(fixtureTables(over))) {
      await conn.run(`COPY (${sql}) TO '${join(folder, `${table}.parquet`)}' (FORMAT parquet)`);
    }
  } finally {
    conn.closeSync();
    duck.closeSync();
  }
  await writeFile(join(folder, 'manifest.json'), JSON.stringify(manifest));
  return folder;
}
