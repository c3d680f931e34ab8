import { rmSync } from 'node:fs';
import { mkdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { type DuckDBConnection, DuckDBInstance } from '@duckdb/node-api';
import {
  CONVOY_STATUSES,
  type Convoy,
  type ConvoyStatus,
  DRONE_STATUSES,
  PLATFORM_TYPES,
  type PlatformType,
  type Waypoint,
} from '../../src-shared/model';
import {
  type ColumnKind,
  type ColumnSpec,
  MANIFEST_FILE,
  MISSION_COLUMNS,
  MISSION_FORMAT_VERSION,
  MISSION_TABLES,
  MissionManifest,
  type MissionTable,
  missionFileName,
} from '../domain/missionFormat';
import { sqlStringLiteral } from '../domain/sqlText';
// The DuckDB store's queue: the same one-statement-at-a-time rule holds for this instance.
import { SerialQueue } from '../store/duckdb/serialQueue';
import {
  readTelemetryColumns,
  TELEMETRY_COLUMN_ORDER,
  type TelemetryColumns,
} from './telemetryColumns';

/** A frame's drone index is a Uint16: a mission can hold no more drones than that. */
export const MAX_MISSION_DRONES = 0xffff;
const MANIFEST_MAX_BYTES = 1024 * 1024;
/** Keyframes are spaced so that a mission never needs more than this many keyframe rows. */
const MAX_KEYFRAME_ROWS = 600_000;
/** …and at most this far apart, so a seek reads at most this much telemetry after its keyframe. */
const MIN_KEYFRAME_INTERVAL_MS = 20_000;
/** The reader's DuckDB keeps at most this much in memory; the index's copy lives on disk. */
const READER_MEMORY_LIMIT = '512MB';

/** What is wrong with a mission folder, naming the file (and column) at fault. */
export class MissionFileError extends Error {
  override readonly name = 'MissionFileError';
  constructor(
    message: string,
    readonly file: string | null = null,
    readonly column: string | null = null,
  ) {
    super(message);
  }
}

export interface MissionDrone {
  index: number;
  id: string;
  convoyId: string;
  callsign: string;
  platformType: PlatformType;
}

/** Every engagement of the mission in the order it happened, as columns. */
export interface MissionEngagements {
  count: number;
  droneIndex: Uint16Array;
  at: Float64Array;
  hit: Uint8Array;
}

export interface KeyframeIndexState {
  ready: boolean;
  /** 0..1 while it is built. */
  progress: number;
  intervalMs: number;
  error: string | null;
}

/**
 * A mission folder opened for replay and analytics in an embedded DuckDB of its own: the
 * manifest and every file checked against the format (missionFormat.ts) before anything is
 * shown, the small tables read whole, telemetry left in its Parquet file and read a time window
 * at a time. Nothing here needs a network, a server or the live store.
 */
export class MissionReader {
  readonly warnings: string[] = [];
  private keyframes: KeyframeIndexState = { ready: false, progress: 0, intervalMs: 0, error: null };
  private keyframeBase = 0;
  private closed = false;
  /**
   * One query at a time on each connection: DuckDB ends a connection's running result when the
   * next query starts on it. Seeks, the index build and analytics each get their own.
   */
  private readonly seeks = new SerialQueue();
  private readonly analytics = new SerialQueue();
  private indexConn: DuckDBConnection | null = null;
  private analyticsConn: DuckDBConnection | null = null;

  private constructor(
    readonly folder: string,
    readonly manifest: MissionManifest,
    private readonly instance: DuckDBInstance,
    private readonly conn: DuckDBConnection,
    readonly convoys: Convoy[],
    readonly drones: MissionDrone[],
    /** Where each drone's route starts (where it is shown before its first report). */
    readonly routeStarts: Map<string, { lat: number; lon: number }>,
    readonly engagements: MissionEngagements,
    readonly startMs: number,
    readonly endMs: number,
    /** Rows in telemetry.parquet (those of unlisted drones included, until the index counts them). */
    public telemetryRows: number,
    private readonly telemetrySorted: boolean,
    private readonly cacheDir: string | null,
  ) {}

  /** Where window queries read telemetry: the Parquet file, then the index's own copy. */
  private telemetrySource = 'tel';
  private cacheFile: string | null = null;

  /**
   * Opens and checks a mission folder. `cacheDir` is where the seek index may keep its working
   * copy of the telemetry (a DuckDB file, removed on close); without it, memory is used.
   */
  static async open(folder: string, options: { cacheDir?: string } = {}): Promise<MissionReader> {
    const info = await stat(folder).catch(() => null);
    if (!info) throw new MissionFileError(`no mission folder at ${folder}`);
    if (!info.isDirectory())
      throw new MissionFileError(`${folder} is a file, not a mission folder`);
    const manifest = await readManifest(folder);
    for (const table of MISSION_TABLES) {
      const file = join(folder, missionFileName(table));
      const found = await stat(file).catch(() => null);
      if (!found?.isFile()) {
        throw new MissionFileError(
          `${missionFileName(table)} is missing from the mission folder`,
          missionFileName(table),
        );
      }
    }

    const instance = await DuckDBInstance.create(':memory:');
    const conn = await instance.connect();
    try {
      // Timestamps with a time zone are read as UTC whatever the laptop's zone.
      await conn.run("SET TimeZone = 'UTC'");
      await conn.run(`SET memory_limit = '${READER_MEMORY_LIMIT}'`);
      // Row-group statistics are read once per file, not once per seek.
      await conn.run('SET parquet_metadata_cache = true');
      if (options.cacheDir) {
        await conn.run(`SET temp_directory = ${sqlStringLiteral(options.cacheDir)}`);
      }
      const types = new Map<MissionTable, Map<string, string>>();
      for (const table of MISSION_TABLES) {
        types.set(table, await checkColumns(conn, folder, table));
        await conn.run(normalisedView(folder, table, types.get(table)!));
      }
      await checkNulls(conn, folder);

      const convoys = await readConvoys(conn);
      const drones = await readDrones(conn, convoys);
      await conn.run('CREATE TABLE mission_drones (drone_id VARCHAR PRIMARY KEY, idx USMALLINT)');
      const appender = await conn.createAppender('mission_drones');
      for (const d of drones) {
        appender.appendVarchar(d.id);
        appender.appendUSmallInt(d.index);
        appender.endRow();
      }
      appender.closeSync();
      const routeStarts = await checkWaypoints(conn, drones);
      const warnings: string[] = [];
      await conn.run(telemetryView());
      // The views every analytics source provides (analytics/analyticsReports.ts).
      await conn.run(`
        CREATE VIEW a_convoys AS SELECT convoy_id, callsign FROM m_convoys;
        CREATE VIEW a_drones AS SELECT drone_id, convoy_id, callsign FROM m_drones;
        CREATE VIEW a_telemetry AS
          SELECT drone_id, recorded_at::TIMESTAMP AS ts, lat, lon, fuel_pct, status FROM m_telemetry;
        CREATE VIEW a_engagements AS
          SELECT drone_id, convoy_id, recorded_at::TIMESTAMP AS ts, hit, weapon_type FROM m_engagements;
        CREATE VIEW a_waypoints AS SELECT drone_id, seq, arrived_at::TIMESTAMP AS arrived_at FROM m_waypoints;`);
      const telemetry = await checkTelemetry(conn, folder, manifest, warnings);
      const engagements = await readEngagements(conn, warnings);
      const range = await timeRange(conn, engagements);
      const reader = new MissionReader(
        folder,
        manifest,
        instance,
        conn,
        convoys,
        drones,
        routeStarts,
        engagements,
        range.start,
        range.end,
        telemetry.rows,
        telemetry.sorted,
        options.cacheDir ?? null,
      );
      reader.warnings.push(...warnings);
      return reader;
    } catch (error) {
      conn.closeSync();
      instance.closeSync();
      throw asMissionError(error);
    }
  }

  keyframeIndex(): KeyframeIndexState {
    return { ...this.keyframes };
  }

  /**
   * Each drone's newest row in (fromMs, toMs], as columns (one row per drone that reported).
   * Row groups outside the window are skipped by their recorded_at statistics.
   */
  async latestIn(fromMs: number, toMs: number): Promise<TelemetryColumns> {
    return this.query(
      `SELECT idx, ${STRUCT_FIELDS.map((f) => `r.${f}`).join(', ')}
       FROM (
         SELECT idx, arg_max({${STRUCT_FIELDS.map((f) => `'${f}': ${f}`).join(', ')}}, ts) AS r
         FROM ${this.telemetrySource}
         WHERE ts > make_timestamp($1::BIGINT) AND ts <= make_timestamp($2::BIGINT)
         GROUP BY idx
       )`,
      [micros(fromMs), micros(toMs)],
    );
  }

  /**
   * Each drone's last row at or before `t`: the keyframe before it and the window from there,
   * or, until the keyframe index is built, one scan of everything before `t`.
   */
  async stateAt(t: number): Promise<{ base: TelemetryColumns | null; window: TelemetryColumns }> {
    if (!this.keyframes.ready) {
      return { base: null, window: await this.latestIn(Number.MIN_SAFE_INTEGER / 1000, t) };
    }
    const interval = this.keyframes.intervalMs;
    const k = Math.floor((t - this.keyframeBase) / interval);
    const boundary = this.keyframeBase + k * interval;
    const [base, window] = await Promise.all([
      this.query(`SELECT idx, ${STRUCT_FIELDS.join(', ')} FROM keyframes WHERE k = $1::BIGINT`, [
        BigInt(k),
      ]),
      this.latestIn(boundary, t),
    ]);
    return { base, window };
  }

  /**
   * Builds the seek index in the background, in two steps. First the keyframes: every drone's
   * last row at each boundary (every 20 s, wider for very long missions), so that a seek reads
   * one keyframe and at most one interval of telemetry instead of everything before the cursor;
   * seeks use them as soon as they exist. Then a copy of the telemetry in DuckDB's own format, in
   * time order, on disk: a window of it scans about four times faster than decoding the same rows
   * from Parquet, which is what keeps a seek under 100 ms on 10 million rows.
   */
  async buildIndex(onProgress: (progress: number) => void = () => undefined): Promise<void> {
    const span = Math.max(1, this.endMs - this.startMs);
    const steps20s = Math.ceil(
      (span * this.drones.length) / MAX_KEYFRAME_ROWS / MIN_KEYFRAME_INTERVAL_MS,
    );
    const interval = Math.max(1, steps20s) * MIN_KEYFRAME_INTERVAL_MS;
    const base = Math.floor(this.startMs / interval) * interval;
    const lastK = Math.ceil((this.endMs - base) / interval);
    this.keyframes = { ready: false, progress: 0, intervalMs: interval, error: null };
    const conn = (this.indexConn = await this.instance.connect());
    let copy = 'ix_tel';
    if (this.cacheDir) {
      this.cacheFile = join(
        this.cacheDir,
        `replay-${process.pid}-${Date.now().toString(36)}.duckdb`,
      );
      await mkdir(this.cacheDir, { recursive: true });
      await conn.run(`ATTACH ${sqlStringLiteral(this.cacheFile)} AS ix`);
      copy = 'ix.tel';
    }
    const run = async (weight: number, done: number, sql: string, params: bigint[] = []) => {
      const poll = setInterval(() => {
        const p = conn.progress.percentage;
        if (p >= 0) this.keyframes.progress = done + (weight * Math.min(100, p)) / 100;
        onProgress(this.keyframes.progress);
      }, 200);
      try {
        await conn.run(sql, params);
      } finally {
        clearInterval(poll);
      }
      this.keyframes.progress = done + weight;
      onProgress(this.keyframes.progress);
    };
    try {
      // The first boundary at or after each row: the row counts from that keyframe on.
      await run(
        0.15,
        0,
        `CREATE OR REPLACE TABLE kf_last AS
         SELECT idx, ceil((at_ms - $1::DOUBLE) / $2::DOUBLE)::BIGINT AS k, max(ts) AS ts
         FROM tel GROUP BY ALL`,
        [BigInt(base), BigInt(interval)],
      );
      await run(
        0.2,
        0.15,
        `CREATE OR REPLACE TABLE kf_rows AS
         SELECT l.k, t.* EXCLUDE (ts) FROM tel t JOIN kf_last l ON t.idx = l.idx AND t.ts = l.ts
         QUALIFY row_number() OVER (PARTITION BY l.idx, l.k ORDER BY t.at_ms) = 1`,
      );
      // Forward-filled: a drone that stopped reporting keeps its last row in every later one.
      await run(
        0.05,
        0.35,
        `CREATE OR REPLACE TABLE keyframes AS
         SELECT * FROM (
           SELECT g.k, g.idx, ${STRUCT_FIELDS.map(
             (f) => `last_value(r.${f} IGNORE NULLS) OVER w AS ${f}`,
           ).join(', ')}
           FROM (SELECT d.idx, s.k FROM mission_drones d CROSS JOIN range(0, $1::BIGINT + 1) s(k)) g
           LEFT JOIN kf_rows r ON r.idx = g.idx AND r.k = g.k
           WINDOW w AS (PARTITION BY g.idx ORDER BY g.k ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW)
         ) WHERE at_ms IS NOT NULL ORDER BY k, idx`,
        [BigInt(lastK)],
      );
      await conn.run('DROP TABLE kf_last; DROP TABLE kf_rows');
      this.keyframeBase = base;
      this.keyframes = { ...this.keyframes, ready: true };
      onProgress(this.keyframes.progress);
      // In time order, so each block's recorded_at range is narrow and a window skips the rest.
      // (Its share stops short of 1: the index is whole only once the rows are counted below.)
      await run(
        0.59,
        0.4,
        `CREATE OR REPLACE TABLE ${copy} AS SELECT * FROM tel${this.telemetrySorted ? '' : ' ORDER BY ts'}`,
      );
      const placed = Number(
        (await conn.runAndReadAll(`SELECT count(*)::BIGINT FROM ${copy}`)).getRows()[0]?.[0] ?? 0,
      );
      if (placed < this.telemetryRows) {
        this.warnings.push(
          `${this.telemetryRows - placed} telemetry rows name drones that drones.parquet does not list; they are not shown`,
        );
      }
      this.telemetryRows = placed;
      this.telemetrySource = copy;
      this.keyframes = { ready: true, progress: 1, intervalMs: interval, error: null };
      onProgress(1);
    } catch (error) {
      if (this.closed) return;
      this.keyframes = { ...this.keyframes, error: asMissionError(error).message };
      throw asMissionError(error);
    } finally {
      if (!this.closed) conn.closeSync();
      this.indexConn = null;
    }
  }

  /** A drone's route, read when asked for (a mission may hold 50,000 waypoints). */
  async waypointsOf(droneId: string): Promise<Waypoint[]> {
    const rows = await this.queryRows(
      `SELECT seq, lat, lon, altitude_m, epoch_ms(eta)::DOUBLE AS eta,
         epoch_ms(arrived_at)::DOUBLE AS arrived_at
       FROM m_waypoints WHERE drone_id = $1 ORDER BY seq`,
      [droneId],
    );
    return rows.map((r) => ({
      droneId,
      seq: Number(r['seq']),
      lat: Number(r['lat']),
      lon: Number(r['lon']),
      altitudeM: Number(r['altitude_m']),
      eta: r['eta'] === null ? null : Number(r['eta']),
      arrivedAt: r['arrived_at'] === null ? null : Number(r['arrived_at']),
    }));
  }

  /** Runs a read-only SQL query over the mission's normalised views (analytics). */
  queryRows(
    sql: string,
    params: (string | number | bigint | boolean | null)[] = [],
  ): Promise<Record<string, unknown>[]> {
    return this.analytics.run(async () => {
      if (this.closed) throw new MissionFileError('the mission is closed');
      this.analyticsConn ??= await this.instance.connect();
      const reader = await this.analyticsConn.runAndReadAll(sql, params);
      return reader.getRowObjectsJS() as Record<string, unknown>[];
    });
  }

  private query(sql: string, params: bigint[]): Promise<TelemetryColumns> {
    return this.seeks.run(async () => {
      if (this.closed) throw new MissionFileError('the mission is closed');
      try {
        return await readTelemetryColumns(await this.conn.run(sql, params));
      } catch (error) {
        throw asMissionError(error);
      }
    });
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    for (const conn of [this.conn, this.indexConn, this.analyticsConn]) {
      conn?.interrupt();
      conn?.closeSync();
    }
    this.instance.closeSync();
    if (this.cacheFile) {
      for (const file of [this.cacheFile, `${this.cacheFile}.wal`]) rmSync(file, { force: true });
    }
  }
}

/** The telemetry fields after `idx`, in the order readTelemetryColumns takes them. */
const STRUCT_FIELDS = TELEMETRY_COLUMN_ORDER.slice(1);

const micros = (ms: number): bigint => BigInt(Math.round(ms)) * 1000n;

function parquet(folder: string, table: MissionTable): string {
  return `read_parquet(${sqlStringLiteral(join(folder, missionFileName(table)))})`;
}

async function readManifest(folder: string): Promise<MissionManifest> {
  const path = join(folder, MANIFEST_FILE);
  const info = await stat(path).catch(() => null);
  if (!info?.isFile()) {
    throw new MissionFileError(`${MANIFEST_FILE} is missing: not a mission folder`, MANIFEST_FILE);
  }
  if (info.size > MANIFEST_MAX_BYTES) {
    throw new MissionFileError(`${MANIFEST_FILE} is too large to be a manifest`, MANIFEST_FILE);
  }
  let json: unknown;
  try {
    json = JSON.parse(await readFile(path, 'utf8'));
  } catch (error) {
    throw new MissionFileError(
      `${MANIFEST_FILE} is not valid JSON: ${(error as Error).message}`,
      MANIFEST_FILE,
    );
  }
  const parsed = MissionManifest.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue?.path.length ? ` at ${issue.path.join('.')}` : '';
    throw new MissionFileError(
      `${MANIFEST_FILE} is not a DroneGrid mission manifest${where}: ${issue?.message ?? 'invalid'}`,
      MANIFEST_FILE,
    );
  }
  if (parsed.data.formatVersion > MISSION_FORMAT_VERSION) {
    throw new MissionFileError(
      `the mission is format version ${parsed.data.formatVersion}; this DroneGrid GCS reads up to ${MISSION_FORMAT_VERSION}`,
      MANIFEST_FILE,
    );
  }
  return parsed.data;
}

const KIND_NAMES: Record<ColumnKind, string> = {
  uuid: 'a UUID (UUID, or VARCHAR holding one)',
  string: 'text (VARCHAR)',
  timestamp: 'a timestamp (TIMESTAMP, with or without time zone)',
  double: 'a number (DOUBLE, FLOAT, DECIMAL or an integer)',
  integer: 'an integer',
  boolean: 'a BOOLEAN',
};

function accepts(kind: ColumnKind, type: string): boolean {
  const t = type.toUpperCase();
  const integer = /^(U?(TINYINT|SMALLINT|INTEGER|BIGINT|HUGEINT))$/.test(t);
  switch (kind) {
    case 'uuid':
      return t === 'UUID' || t === 'VARCHAR';
    case 'string':
      return t === 'VARCHAR';
    case 'timestamp':
      return /^TIMESTAMP(_S|_MS|_NS| WITH TIME ZONE)?$/.test(t);
    case 'double':
      return integer || /^(FLOAT|DOUBLE|DECIMAL\(\d+,\d+\))$/.test(t);
    case 'integer':
      return integer;
    case 'boolean':
      return t === 'BOOLEAN';
  }
}

/** Each column's DuckDB type, after checking the file reads and has the format's columns. */
async function checkColumns(
  conn: DuckDBConnection,
  folder: string,
  table: MissionTable,
): Promise<Map<string, string>> {
  const file = missionFileName(table);
  let rows: Record<string, unknown>[];
  try {
    const reader = await conn.runAndReadAll(`DESCRIBE SELECT * FROM ${parquet(folder, table)}`);
    rows = reader.getRowObjectsJS() as Record<string, unknown>[];
  } catch (error) {
    throw new MissionFileError(
      `${file} is not a readable Parquet file (corrupt or truncated): ${duckDbMessage(error)}`,
      file,
    );
  }
  const types = new Map(rows.map((r) => [String(r['column_name']), String(r['column_type'])]));
  for (const spec of MISSION_COLUMNS[table]) {
    const type = types.get(spec.name);
    if (type === undefined) {
      if (spec.optional) continue;
      throw new MissionFileError(
        `${file}: column "${spec.name}" is missing (${spec.description}; ${KIND_NAMES[spec.kind]})`,
        file,
        spec.name,
      );
    }
    if (!accepts(spec.kind, type)) {
      throw new MissionFileError(
        `${file}: column "${spec.name}" has type ${type}; expected ${KIND_NAMES[spec.kind]}`,
        file,
        spec.name,
      );
    }
  }
  return types;
}

const CANONICAL_TYPE: Record<ColumnKind, string> = {
  uuid: 'VARCHAR',
  string: 'VARCHAR',
  timestamp: 'TIMESTAMP',
  double: 'DOUBLE',
  integer: 'BIGINT',
  boolean: 'BOOLEAN',
};

/** The expression that yields a column in its canonical type (NULL for a missing optional one). */
function canonical(spec: ColumnSpec, present: boolean): string {
  const c = `"${spec.name}"`;
  if (!present) return `NULL::${CANONICAL_TYPE[spec.kind]} AS ${c}`;
  switch (spec.kind) {
    case 'uuid':
      return `lower(${c}::VARCHAR) AS ${c}`;
    case 'timestamp':
    case 'boolean':
      // Timestamps are kept as read: a filter on the raw column is what skips row groups.
      return c;
    default:
      return `${c}::${CANONICAL_TYPE[spec.kind]} AS ${c}`;
  }
}

function normalisedView(folder: string, table: MissionTable, types: Map<string, string>): string {
  const columns = MISSION_COLUMNS[table].map((s) => canonical(s, types.has(s.name)));
  return `CREATE VIEW m_${table} AS SELECT ${columns.join(', ')} FROM ${parquet(folder, table)}`;
}

/** Required columns hold no nulls, as the files' own statistics say (no scan of the data). */
async function checkNulls(conn: DuckDBConnection, folder: string): Promise<void> {
  for (const table of MISSION_TABLES) {
    const file = missionFileName(table);
    const reader = await conn.runAndReadAll(
      `SELECT path_in_schema AS name, sum(stats_null_count)::BIGINT AS nulls
       FROM parquet_metadata(${sqlStringLiteral(join(folder, file))}) GROUP BY ALL`,
    );
    for (const row of reader.getRowObjectsJS()) {
      const spec = MISSION_COLUMNS[table].find((s) => s.name === row['name']);
      if (spec && !spec.nullable && Number(row['nulls'] ?? 0) > 0) {
        throw new MissionFileError(
          `${file}: column "${spec.name}" has ${Number(row['nulls'])} empty (null) values; it must have none`,
          file,
          spec.name,
        );
      }
    }
  }
}

async function rowsOf(conn: DuckDBConnection, sql: string): Promise<Record<string, unknown>[]> {
  return (await conn.runAndReadAll(sql)).getRowObjectsJS() as Record<string, unknown>[];
}

function badValue(table: MissionTable, column: string, value: unknown, allowed: string): never {
  const file = missionFileName(table);
  throw new MissionFileError(
    `${file}: column "${column}" holds ${JSON.stringify(value)}, expected ${allowed}`,
    file,
    column,
  );
}

const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
function uuidOf(table: MissionTable, column: string, value: unknown): string {
  if (typeof value !== 'string' || !UUID_RE.test(value)) badValue(table, column, value, 'a UUID');
  return value;
}

const ms = (v: unknown): number => Number(v);

async function readConvoys(conn: DuckDBConnection): Promise<Convoy[]> {
  const rows = await rowsOf(
    conn,
    `SELECT * REPLACE (epoch_ms(mission_start)::DOUBLE AS mission_start) FROM m_convoys`,
  );
  const seen = new Set<string>();
  return rows.map((r) => {
    const id = uuidOf('convoys', 'convoy_id', r['convoy_id']);
    if (seen.has(id)) badValue('convoys', 'convoy_id', id, 'each convoy once');
    seen.add(id);
    const status = r['status'];
    if (!CONVOY_STATUSES.includes(status as ConvoyStatus)) {
      badValue('convoys', 'status', status, CONVOY_STATUSES.join(', '));
    }
    return {
      id,
      callsign: String(r['callsign']),
      missionType: String(r['mission_type']),
      status: status as ConvoyStatus,
      aor: {
        name: String(r['aor_name']),
        bbox: {
          minLat: Number(r['aor_min_lat']),
          maxLat: Number(r['aor_max_lat']),
          minLon: Number(r['aor_min_lon']),
          maxLon: Number(r['aor_max_lon']),
        },
      },
      rulesOfEngagement: (r['rules_of_engagement'] as string | null) ?? '',
      commandingUnit: (r['commanding_unit'] as string | null) ?? '',
      missionStart: ms(r['mission_start']),
      droneIds: [],
    };
  });
}

async function readDrones(conn: DuckDBConnection, convoys: Convoy[]): Promise<MissionDrone[]> {
  const rows = await rowsOf(conn, 'SELECT * FROM m_drones ORDER BY convoy_id, ordinal, callsign');
  if (rows.length > MAX_MISSION_DRONES) {
    throw new MissionFileError(
      `drones.parquet lists ${rows.length} drones; a mission holds at most ${MAX_MISSION_DRONES}`,
      'drones.parquet',
    );
  }
  const byId = new Map(convoys.map((c) => [c.id, c]));
  const seen = new Set<string>();
  return rows.map((r, index) => {
    const id = uuidOf('drones', 'drone_id', r['drone_id']);
    if (seen.has(id)) badValue('drones', 'drone_id', id, 'each drone once');
    seen.add(id);
    const convoyId = uuidOf('drones', 'convoy_id', r['convoy_id']);
    const convoy = byId.get(convoyId);
    if (!convoy) badValue('drones', 'convoy_id', convoyId, 'a convoy of convoys.parquet');
    convoy.droneIds.push(id);
    const platformType = r['platform_type'];
    if (!PLATFORM_TYPES.includes(platformType as PlatformType)) {
      badValue('drones', 'platform_type', platformType, PLATFORM_TYPES.join(', '));
    }
    return {
      index,
      id,
      convoyId,
      callsign: String(r['callsign']),
      platformType: platformType as PlatformType,
    };
  });
}

/** Waypoint values are checked in DuckDB; only where each route starts is read into memory. */
async function checkWaypoints(
  conn: DuckDBConnection,
  drones: MissionDrone[],
): Promise<Map<string, { lat: number; lon: number }>> {
  const [bad] = await rowsOf(
    conn,
    'SELECT seq FROM m_waypoints WHERE seq < 0 OR seq > 65535 LIMIT 1',
  );
  if (bad) badValue('waypoints', 'seq', Number(bad['seq']), 'a whole number from 0');
  const [badId] = await rowsOf(
    conn,
    `SELECT drone_id FROM m_waypoints WHERE NOT regexp_full_match(drone_id, '${UUID_RE.source.slice(1, -1)}') LIMIT 1`,
  );
  if (badId) badValue('waypoints', 'drone_id', badId['drone_id'], 'a UUID');
  const known = new Set(drones.map((d) => d.id));
  const starts = new Map<string, { lat: number; lon: number }>();
  for (const r of await rowsOf(
    conn,
    'SELECT drone_id, arg_min(lat, seq) AS lat, arg_min(lon, seq) AS lon FROM m_waypoints GROUP BY drone_id',
  )) {
    const id = String(r['drone_id']);
    if (known.has(id)) starts.set(id, { lat: Number(r['lat']), lon: Number(r['lon']) });
  }
  return starts;
}

/** Telemetry with the drone's index and every value in the type the replay reads. */
function telemetryView(): string {
  const statuses = DRONE_STATUSES.map((s) => `'${s}'`).join(', ');
  return `CREATE VIEW tel AS
    SELECT d.idx, t.recorded_at AS ts, epoch_ms(t.recorded_at)::DOUBLE AS at_ms, t.lat, t.lon,
      t.altitude_m, t.heading_deg, t.speed_mps, t.fuel_pct, t.current_waypoint,
      t.distance_to_next_km, t.mesh_connectivity,
      (list_position([${statuses}], t.status) - 1)::UTINYINT AS status
    FROM m_telemetry t JOIN mission_drones d ON d.drone_id = t.drone_id`;
}

/**
 * Statuses, the row count and the sort order, cheaply: one scan of the (dictionary-encoded)
 * status column, the rest from the row groups' statistics. Rows of unlisted drones are counted
 * by the seek index, in the background.
 */
async function checkTelemetry(
  conn: DuckDBConnection,
  folder: string,
  manifest: MissionManifest,
  warnings: string[],
): Promise<{ rows: number; sorted: boolean }> {
  const statuses = await rowsOf(conn, 'SELECT DISTINCT status FROM m_telemetry');
  for (const r of statuses) {
    if (!DRONE_STATUSES.includes(r['status'] as (typeof DRONE_STATUSES)[number])) {
      badValue('telemetry', 'status', r['status'], DRONE_STATUSES.join(', '));
    }
  }
  const groups = await rowsOf(
    conn,
    `SELECT row_group_id, row_group_num_rows AS n, stats_min AS lo, stats_max AS hi
     FROM parquet_metadata(${sqlStringLiteral(join(folder, missionFileName('telemetry')))})
     WHERE path_in_schema = 'recorded_at' ORDER BY row_group_id`,
  );
  const total = groups.reduce((sum, g) => sum + Number(g['n']), 0);
  // Statistics are ISO-like text of one type within a file, so they compare as strings.
  let sorted = groups.every((g) => g['lo'] !== null && g['hi'] !== null);
  for (let i = 1; sorted && i < groups.length; i++) {
    if (String(groups[i]!['lo']) < String(groups[i - 1]!['hi'])) sorted = false;
  }
  if (!sorted && total > 0) {
    warnings.push('telemetry.parquet is not sorted by recorded_at: seeking reads more of it');
  }
  if (total !== manifest.rowCounts.telemetry) {
    warnings.push(
      `telemetry.parquet holds ${total} rows; the manifest says ${manifest.rowCounts.telemetry}`,
    );
  }
  return { rows: total, sorted };
}

async function readEngagements(
  conn: DuckDBConnection,
  warnings: string[],
): Promise<MissionEngagements> {
  const result = await conn.run(
    `SELECT d.idx, epoch_ms(e.recorded_at)::DOUBLE AS at_ms, e.hit
     FROM m_engagements e JOIN mission_drones d ON d.drone_id = e.drone_id
     ORDER BY e.recorded_at, e.drone_id, e.drone_seq NULLS LAST, e.engagement_id`,
  );
  const columns = await result.getColumnsJS();
  const count = columns[0]?.length ?? 0;
  const out: MissionEngagements = {
    count,
    droneIndex: Uint16Array.from(columns[0] as number[]),
    at: Float64Array.from(columns[1] as number[]),
    hit: Uint8Array.from((columns[2] as boolean[]).map((h) => (h ? 1 : 0))),
  };
  const [all] = await rowsOf(conn, 'SELECT count(*)::BIGINT AS n FROM m_engagements');
  const total = Number(all?.['n'] ?? 0);
  if (total > count) {
    warnings.push(`${total - count} engagements name drones that drones.parquet does not list`);
  }
  return out;
}

async function timeRange(
  conn: DuckDBConnection,
  engagements: MissionEngagements,
): Promise<{ start: number; end: number }> {
  // min/max come from the row groups' statistics: no scan.
  const [r] = await rowsOf(
    conn,
    'SELECT epoch_ms(min(recorded_at))::DOUBLE AS lo, epoch_ms(max(recorded_at))::DOUBLE AS hi FROM m_telemetry',
  );
  let start = r?.['lo'] === null || r?.['lo'] === undefined ? Infinity : Number(r['lo']);
  let end = r?.['hi'] === null || r?.['hi'] === undefined ? -Infinity : Number(r['hi']);
  if (engagements.count > 0) {
    start = Math.min(start, engagements.at[0]!);
    end = Math.max(end, engagements.at[engagements.count - 1]!);
  }
  if (!Number.isFinite(start)) {
    throw new MissionFileError(
      'the mission has no telemetry and no engagements: nothing to replay',
    );
  }
  return { start, end };
}

function duckDbMessage(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.replace(/^[A-Za-z ]+Error: /, '');
}

/** A DuckDB error on a mission file becomes a MissionFileError; ours pass through. */
function asMissionError(error: unknown): Error {
  if (error instanceof MissionFileError) return error;
  return new MissionFileError(`cannot read the mission: ${duckDbMessage(error)}`);
}
