import { randomBytes } from 'node:crypto';
import { mkdir, readdir, rename, rm, rmdir, stat, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import {
  type DuckDBAppender,
  type DuckDBConnection,
  DuckDBInstance,
  DuckDBTimestampValue,
} from '@duckdb/node-api';
import type { Convoy, Engagement, PlatformType, Telemetry, Waypoint } from '../../src-shared/model';
import {
  MANIFEST_FILE,
  MISSION_COLUMNS,
  MISSION_FORMAT,
  MISSION_FORMAT_VERSION,
  MISSION_TABLES,
  type MissionManifest,
  type MissionTable,
  missionFileName,
  parquetCopyOptions,
  parquetSelectList,
} from '../domain/missionFormat';
import { sqlStringLiteral } from '../domain/sqlText';

export interface MissionDroneRow {
  id: string;
  convoyId: string;
  ordinal: number;
  callsign: string;
  platformType: PlatformType;
}

/** An engagement and the drone's engagement count after it (orders a drone's engagements). */
export type MissionEngagementRow = Engagement & { droneSeq: number };

/**
 * Where the telemetry comes from: pages of rows (any store; they pass through this process and an
 * embedded DuckDB that sorts them), or a store that writes the Parquet file itself (the DuckDB
 * store: the rows never leave DuckDB). Both write the columns of missionFormat.ts, sorted by time.
 */
export type TelemetrySource =
  | { kind: 'pages'; pages: AsyncIterable<readonly Telemetry[]>; expectedRows: number | null }
  | {
      kind: 'parquet';
      write(file: string, onProgress: (fraction: number) => void): Promise<number>;
      /** Stops a write under way (it then rejects). */
      interrupt(): void;
    };

export interface MissionWriteRequest {
  folder: string;
  name: string;
  exportedBy: string;
  convoys: readonly Convoy[];
  drones: readonly MissionDroneRow[];
  waypoints: readonly Waypoint[];
  engagements: readonly MissionEngagementRow[];
  telemetry: TelemetrySource;
}

export type MissionWritePhase = 'tables' | 'telemetry' | 'finishing';

export interface MissionWriteProgress {
  phase: MissionWritePhase;
  /** 0..1 over the whole export. */
  fraction: number;
  telemetryRows: number;
}

export class MissionExportCancelled extends Error {
  override readonly name = 'MissionExportCancelled';
  constructor() {
    super('the export was cancelled');
  }
}

/** Telemetry's share of an export's progress; the small tables and the finish share the rest. */
const TELEMETRY_SHARE = 0.9;

const ts = (ms: number): DuckDBTimestampValue =>
  new DuckDBTimestampValue(BigInt(Math.round(ms)) * 1000n);

/**
 * Writes a mission folder (manifest.json and one Parquet file per table) with an embedded DuckDB.
 * Everything goes to a hidden sibling folder first and is renamed into place at the end, so a
 * folder with the mission's name is always whole: a failed or cancelled export leaves nothing.
 */
export async function writeMission(
  request: MissionWriteRequest,
  signal: AbortSignal,
  onProgress: (progress: MissionWriteProgress) => void,
): Promise<MissionManifest> {
  await assertWritableTarget(request.folder);
  const partial = join(
    dirname(request.folder),
    `.${basename(request.folder)}.partial-${randomBytes(4).toString('hex')}`,
  );
  await mkdir(partial);
  const instance = await DuckDBInstance.create(':memory:');
  const conn = await instance.connect();
  const onAbort = (): void => {
    conn.interrupt();
    if (request.telemetry.kind === 'parquet') request.telemetry.interrupt();
  };
  signal.addEventListener('abort', onAbort);
  try {
    // Sorting a large mission spills to disk beside it rather than filling the laptop's memory.
    await conn.run(`SET temp_directory = ${sqlStringLiteral(join(partial, '.spill'))}`);
    await conn.run("SET memory_limit = '1GB'");
    await conn.run('SET preserve_insertion_order = false');
    const check = (): void => {
      if (signal.aborted) throw new MissionExportCancelled();
    };
    onProgress({ phase: 'tables', fraction: 0, telemetryRows: 0 });
    await writeSmallTables(conn, partial, request);
    check();
    const rows = await writeTelemetry(conn, partial, request.telemetry, check, (done, fraction) =>
      onProgress({
        phase: 'telemetry',
        fraction: 0.05 + TELEMETRY_SHARE * fraction,
        telemetryRows: done,
      }),
    );
    check();
    onProgress({ phase: 'finishing', fraction: 0.96, telemetryRows: rows });
    const manifest = await manifestOf(conn, partial, request, rows);
    await writeFile(join(partial, MANIFEST_FILE), JSON.stringify(manifest, null, 2) + '\n');
    await rm(join(partial, '.spill'), { recursive: true, force: true });
    check();
    // An empty folder the operator picked (a dialog may create it) is replaced by the mission.
    await rmdir(request.folder).catch(() => undefined);
    await rename(partial, request.folder);
    return manifest;
  } catch (error) {
    await rm(partial, { recursive: true, force: true }).catch(() => undefined);
    if (signal.aborted) throw new MissionExportCancelled();
    throw error;
  } finally {
    signal.removeEventListener('abort', onAbort);
    conn.closeSync();
    instance.closeSync();
  }
}

/** The folder must not exist yet (or be empty) and its parent must. */
export async function assertWritableTarget(folder: string): Promise<void> {
  const parent = await stat(dirname(folder)).catch(() => null);
  if (!parent?.isDirectory()) {
    throw new Error(`cannot export to ${folder}: the folder ${dirname(folder)} does not exist`);
  }
  const existing = await stat(folder).catch(() => null);
  if (!existing) return;
  if (!existing.isDirectory() || (await readdir(folder)).length > 0) {
    throw new Error(`cannot export to ${folder}: it already exists and is not an empty folder`);
  }
}

type Cell = string | number | boolean | null | { ms: number };

/** Appends rows to a table created with the format's written types, then copies it to Parquet. */
async function writeTable(
  conn: DuckDBConnection,
  folder: string,
  table: MissionTable,
  rows: Iterable<Cell[]>,
  orderBy: string,
): Promise<void> {
  const columns = MISSION_COLUMNS[table];
  const staging = `staging_${table}`;
  await conn.run(
    `CREATE OR REPLACE TABLE ${staging} (${columns.map((c) => `${c.name} ${c.writtenAs}`).join(', ')})`,
  );
  const appender = await conn.createAppender(staging);
  for (const row of rows) appendRow(appender, row);
  appender.closeSync();
  await copyToParquet(conn, `SELECT * FROM ${staging} ORDER BY ${orderBy}`, folder, table);
  await conn.run(`DROP TABLE ${staging}`);
}

function appendRow(appender: DuckDBAppender, row: readonly Cell[]): void {
  for (const cell of row) {
    if (cell === null) appender.appendNull();
    else if (typeof cell === 'string') appender.appendVarchar(cell);
    else if (typeof cell === 'boolean') appender.appendBoolean(cell);
    else if (typeof cell === 'number') appender.appendDouble(cell);
    else appender.appendTimestamp(ts(cell.ms));
  }
  appender.endRow();
}

async function copyToParquet(
  conn: DuckDBConnection,
  query: string,
  folder: string,
  table: MissionTable,
): Promise<number> {
  const file = sqlStringLiteral(join(folder, missionFileName(table)));
  const result = await conn.runAndReadAll(
    `COPY (SELECT ${parquetSelectList(table)} FROM (${query})) TO ${file} ${parquetCopyOptions(table)}`,
  );
  return Number(result.getRows()[0]?.[0] ?? 0);
}

const time = (ms: number | null): Cell => (ms === null ? null : { ms });

async function writeSmallTables(
  conn: DuckDBConnection,
  folder: string,
  r: MissionWriteRequest,
): Promise<void> {
  await writeTable(
    conn,
    folder,
    'convoys',
    r.convoys.map((c) => [
      c.id,
      c.callsign,
      c.missionType,
      c.status,
      c.aor.name,
      c.aor.bbox.minLat,
      c.aor.bbox.maxLat,
      c.aor.bbox.minLon,
      c.aor.bbox.maxLon,
      c.rulesOfEngagement,
      c.commandingUnit,
      time(c.missionStart),
    ]),
    'mission_start, callsign',
  );
  await writeTable(
    conn,
    folder,
    'drones',
    r.drones.map((d) => [d.id, d.convoyId, d.ordinal, d.callsign, d.platformType]),
    'convoy_id, ordinal',
  );
  await writeTable(
    conn,
    folder,
    'waypoints',
    r.waypoints.map((w) => [
      w.droneId,
      w.seq,
      w.lat,
      w.lon,
      w.altitudeM,
      time(w.eta),
      time(w.arrivedAt),
    ]),
    'drone_id, seq',
  );
  await writeTable(
    conn,
    folder,
    'engagements',
    r.engagements.map((e) => [
      e.id,
      e.convoyId,
      e.droneId,
      time(e.recordedAt),
      e.droneSeq,
      e.hit,
      e.weaponType,
      e.targetId,
      e.targetLat,
      e.targetLon,
      e.damageAssessment,
    ]),
    'recorded_at, drone_id, drone_seq',
  );
}

async function writeTelemetry(
  conn: DuckDBConnection,
  folder: string,
  source: TelemetrySource,
  check: () => void,
  progress: (rows: number, fraction: number) => void,
): Promise<number> {
  const file = join(folder, missionFileName('telemetry'));
  if (source.kind === 'parquet') {
    return source.write(file, (fraction) => progress(0, fraction));
  }
  const columns = MISSION_COLUMNS.telemetry;
  await conn.run(
    `CREATE TABLE staging_telemetry (${columns.map((c) => `${c.name} ${c.writtenAs}`).join(', ')})`,
  );
  let rows = 0;
  // Reading pages is most of the work; the sort and the write are the last fifth.
  const readShare = 0.8;
  for await (const page of source.pages) {
    check();
    const appender = await conn.createAppender('staging_telemetry');
    for (const t of page) {
      appender.appendVarchar(t.droneId);
      appender.appendTimestamp(ts(t.recordedAt));
      appender.appendDouble(t.lat);
      appender.appendDouble(t.lon);
      appender.appendFloat(t.altitudeM);
      appender.appendFloat(t.headingDeg);
      appender.appendFloat(t.speedMps);
      appender.appendFloat(t.fuelPct);
      appender.appendSmallInt(t.currentWaypoint);
      appender.appendFloat(t.distanceToNextKm);
      appender.appendFloat(t.meshConnectivity);
      appender.appendVarchar(t.status);
      appender.endRow();
    }
    appender.closeSync();
    rows += page.length;
    const expected = source.expectedRows;
    progress(rows, expected ? readShare * Math.min(1, rows / expected) : 0);
  }
  check();
  const written = await copyToParquet(
    conn,
    'SELECT * FROM staging_telemetry ORDER BY recorded_at, drone_id',
    folder,
    'telemetry',
  );
  await conn.run('DROP TABLE staging_telemetry');
  progress(written, 1);
  return written;
}

/** Row counts and the time range as read back from the files just written. */
async function manifestOf(
  conn: DuckDBConnection,
  folder: string,
  r: MissionWriteRequest,
  telemetryRows: number,
): Promise<MissionManifest> {
  const counts = {} as Record<MissionTable, number>;
  for (const table of MISSION_TABLES) {
    const file = sqlStringLiteral(join(folder, missionFileName(table)));
    const result = await conn.runAndReadAll(`SELECT count(*)::BIGINT FROM read_parquet(${file})`);
    counts[table] = Number(result.getRows()[0]?.[0] ?? 0);
  }
  if (counts.telemetry !== telemetryRows) {
    throw new Error(
      `telemetry: wrote ${telemetryRows} rows but the file holds ${counts.telemetry}`,
    );
  }
  const range = await conn.runAndReadAll(
    `SELECT epoch_ms(min(t))::DOUBLE, epoch_ms(max(t))::DOUBLE FROM (
       SELECT recorded_at AS t FROM read_parquet(${sqlStringLiteral(join(folder, missionFileName('telemetry')))})
       UNION ALL
       SELECT recorded_at FROM read_parquet(${sqlStringLiteral(join(folder, missionFileName('engagements')))})
     )`,
  );
  const [lo, hi] = range.getRows()[0] ?? [null, null];
  const start = lo === null || lo === undefined ? null : Number(lo);
  const end = hi === null || hi === undefined ? null : Number(hi);
  if (start === null || end === null) {
    throw new Error(
      'nothing to export: the convoys have no telemetry and no engagements in that time',
    );
  }
  return {
    format: MISSION_FORMAT,
    formatVersion: MISSION_FORMAT_VERSION,
    mission: {
      name: r.name,
      convoyIds: r.convoys.map((c) => c.id),
      exportedAt: new Date().toISOString(),
      exportedBy: r.exportedBy,
    },
    timeRange: { start: new Date(start).toISOString(), end: new Date(end).toISOString() },
    rowCounts: counts,
  };
}
