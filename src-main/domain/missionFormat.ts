import { z } from 'zod';
import { DRONE_STATUSES } from '../../src-shared/model';

/**
 * The mission folder: what an export writes and what replay reads, whoever wrote it. This module
 * is the format's single definition; schema/parquet/README.md documents the same thing for other
 * tools and must change with it.
 *
 * A folder holds `manifest.json` and one Parquet file per table. Ids are canonical UUID strings,
 * times are Parquet timestamps (UTC), distances metres unless a column's name says otherwise.
 */

export const MISSION_FORMAT = 'dronegrid-mission';
export const MISSION_FORMAT_VERSION = 1;
export const MANIFEST_FILE = 'manifest.json';

/** How a reader accepts a column: a family of Parquet/DuckDB types, not one exact type. */
export type ColumnKind = 'uuid' | 'string' | 'timestamp' | 'double' | 'integer' | 'boolean';

export interface ColumnSpec {
  name: string;
  kind: ColumnKind;
  /** The Parquet column type this project writes (as DuckDB names it); readers accept `kind`. */
  writtenAs: WrittenType;
  /** A required column may hold no nulls; an optional one may be missing from the file. */
  nullable: boolean;
  optional?: boolean;
  description: string;
}

export type WrittenType =
  'VARCHAR' | 'TIMESTAMP' | 'DOUBLE' | 'FLOAT' | 'INTEGER' | 'SMALLINT' | 'BOOLEAN';

const DEFAULT_WRITTEN: Record<ColumnKind, WrittenType> = {
  uuid: 'VARCHAR',
  string: 'VARCHAR',
  timestamp: 'TIMESTAMP',
  double: 'DOUBLE',
  integer: 'INTEGER',
  boolean: 'BOOLEAN',
};

const col = (
  name: string,
  kind: ColumnKind,
  description: string,
  extra: Partial<Pick<ColumnSpec, 'nullable' | 'optional' | 'writtenAs'>> = {},
): ColumnSpec => ({
  name,
  kind,
  description,
  nullable: false,
  writtenAs: DEFAULT_WRITTEN[kind],
  ...extra,
});

// Telemetry is most of a mission: single precision where the sensor is no finer (a heading to
// 1e-7 of a degree, fuel to 1e-5 %), double for positions (a float is ~1 m at these longitudes).
const F32 = { writtenAs: 'FLOAT' } as const;

export const MISSION_TABLES = [
  'convoys',
  'drones',
  'waypoints',
  'telemetry',
  'engagements',
] as const;
export type MissionTable = (typeof MISSION_TABLES)[number];

export const MISSION_COLUMNS: Record<MissionTable, readonly ColumnSpec[]> = {
  convoys: [
    col('convoy_id', 'uuid', 'convoy id'),
    col('callsign', 'string', 'convoy callsign, e.g. HAWK-3'),
    col('mission_type', 'string', 'e.g. INTERDICTION'),
    col('status', 'string', 'PLANNED, ACTIVE or COMPLETE'),
    col('aor_name', 'string', 'area of responsibility'),
    col('aor_min_lat', 'double', 'AOR bounding box, degrees'),
    col('aor_max_lat', 'double', 'AOR bounding box, degrees'),
    col('aor_min_lon', 'double', 'AOR bounding box, degrees'),
    col('aor_max_lon', 'double', 'AOR bounding box, degrees'),
    col('rules_of_engagement', 'string', 'free text', { optional: true, nullable: true }),
    col('commanding_unit', 'string', 'free text', { optional: true, nullable: true }),
    col('mission_start', 'timestamp', 'when the convoy launched'),
  ],
  drones: [
    col('drone_id', 'uuid', 'drone id'),
    col('convoy_id', 'uuid', 'its convoy'),
    col('ordinal', 'integer', 'place in the convoy roster, from 0', { optional: true }),
    col('callsign', 'string', 'drone callsign, e.g. HAWK-3-07'),
    col('platform_type', 'string', 'MQ9_REAPER, MQ1C_GRAY_EAGLE, RQ7_SHADOW or SCAN_EAGLE'),
  ],
  waypoints: [
    col('drone_id', 'uuid', 'drone id'),
    col('seq', 'integer', 'order along the route, from 0', { writtenAs: 'SMALLINT' }),
    col('lat', 'double', 'degrees'),
    col('lon', 'double', 'degrees'),
    col('altitude_m', 'double', 'metres above mean sea level'),
    col('eta', 'timestamp', 'planned arrival', { nullable: true, optional: true }),
    col('arrived_at', 'timestamp', 'actual arrival', { nullable: true, optional: true }),
  ],
  telemetry: [
    col('drone_id', 'uuid', 'drone id'),
    col('recorded_at', 'timestamp', 'when the drone reported (simulation clock when simulated)'),
    col('lat', 'double', 'degrees, WGS 84'),
    col('lon', 'double', 'degrees, WGS 84'),
    col('altitude_m', 'double', 'metres above mean sea level', F32),
    col('heading_deg', 'double', 'degrees clockwise from true north, 0-360', F32),
    col('speed_mps', 'double', 'ground speed, metres per second', F32),
    col('fuel_pct', 'double', 'fuel left, 0-100', F32),
    col('current_waypoint', 'integer', 'seq of the waypoint flown to', { writtenAs: 'SMALLINT' }),
    col('distance_to_next_km', 'double', 'kilometres to that waypoint', F32),
    col('mesh_connectivity', 'double', 'share of the convoy in radio reach, 0-1', F32),
    col('status', 'string', DRONE_STATUSES.join(', ')),
  ],
  engagements: [
    col('engagement_id', 'uuid', 'engagement id'),
    col('convoy_id', 'uuid', 'convoy of the drone'),
    col('drone_id', 'uuid', 'drone that engaged'),
    col('recorded_at', 'timestamp', 'when it happened'),
    col('drone_seq', 'integer', "the drone's engagement count after this one", {
      optional: true,
    }),
    col('hit', 'boolean', 'true for a hit'),
    col('weapon_type', 'string', 'e.g. AGM114_HELLFIRE'),
    col('target_id', 'string', 'target designation', { nullable: true, optional: true }),
    col('target_lat', 'double', 'degrees', { nullable: true, optional: true }),
    col('target_lon', 'double', 'degrees', { nullable: true, optional: true }),
    col('damage_assessment', 'string', 'e.g. DESTROYED', { nullable: true, optional: true }),
  ],
};

/**
 * Telemetry row groups: about 15 s of a 2,000-drone fleet at 1 Hz, so a seek reads a few groups
 * rather than a whole file (readers prune by each group's recorded_at min/max).
 */
export const TELEMETRY_ROW_GROUP_ROWS = 30_720;

export const missionFileName = (table: MissionTable): string => `${table}.parquet`;

const IsoTime = z.iso.datetime({ offset: true });

export const MissionManifest = z.object({
  format: z.literal(MISSION_FORMAT),
  /** Readers accept their own version and older; a newer file says which version it needs. */
  formatVersion: z.number().int().min(1),
  mission: z.object({
    name: z.string().min(1).max(200),
    convoyIds: z.array(z.uuid()),
    exportedAt: IsoTime.optional(),
    exportedBy: z.string().max(200).optional(),
  }),
  timeRange: z.object({ start: IsoTime, end: IsoTime }),
  /** Row counts as written; a reader checks them against the files. */
  rowCounts: z.object(
    Object.fromEntries(MISSION_TABLES.map((t) => [t, z.number().int().nonnegative()])) as Record<
      MissionTable,
      z.ZodNumber
    >,
  ),
});
export type MissionManifest = z.infer<typeof MissionManifest>;

/** The spec of column `name` of `table`, or undefined when the format has no such column. */
export function columnSpec(table: MissionTable, name: string): ColumnSpec | undefined {
  return MISSION_COLUMNS[table].find((c) => c.name === name);
}

/**
 * `CAST(col AS type) AS col, ...` for every column of `table`, in the documented order: what a
 * writer puts in its COPY ... TO (FORMAT parquet), so that every export path writes one format.
 * `source` maps a column to the expression that yields it (its own name by default).
 */
export function parquetSelectList(
  table: MissionTable,
  source: (name: string) => string = (name) => name,
): string {
  return MISSION_COLUMNS[table]
    .map((c) => `CAST(${source(c.name)} AS ${c.writtenAs}) AS ${c.name}`)
    .join(', ');
}

/** COPY options of every table; telemetry also gets its row-group size. */
export function parquetCopyOptions(table: MissionTable): string {
  const rowGroups = table === 'telemetry' ? `, ROW_GROUP_SIZE ${TELEMETRY_ROW_GROUP_ROWS}` : '';
  return `(FORMAT parquet, COMPRESSION zstd${rowGroups})`;
}
