import type { DuckDBResult } from '@duckdb/node-api';

/**
 * Telemetry rows as a struct of arrays, one slot per drone of a mission's drone index: what a seek
 * or a playback step reads from DuckDB. Typed arrays, because 2,000 drones ten times a second as
 * objects would keep the garbage collector busy for nothing.
 */
export interface TelemetryColumns {
  count: number;
  /** The drone's place in the mission's drone index. */
  index: Uint16Array;
  recordedAt: Float64Array;
  lat: Float64Array;
  lon: Float64Array;
  altitudeM: Float32Array;
  headingDeg: Float32Array;
  speedMps: Float32Array;
  fuelPct: Float32Array;
  currentWaypoint: Int32Array;
  distanceToNextKm: Float32Array;
  meshConnectivity: Float32Array;
  /** Position in DRONE_STATUSES. */
  status: Uint8Array;
}

/** The columns of a query that readTelemetryColumns reads, in order (missionReader.ts's views). */
export const TELEMETRY_COLUMN_ORDER = [
  'idx',
  'at_ms',
  'lat',
  'lon',
  'altitude_m',
  'heading_deg',
  'speed_mps',
  'fuel_pct',
  'current_waypoint',
  'distance_to_next_km',
  'mesh_connectivity',
  'status',
] as const;

export function emptyColumns(count: number): TelemetryColumns {
  return {
    count,
    index: new Uint16Array(count),
    recordedAt: new Float64Array(count),
    lat: new Float64Array(count),
    lon: new Float64Array(count),
    altitudeM: new Float32Array(count),
    headingDeg: new Float32Array(count),
    speedMps: new Float32Array(count),
    fuelPct: new Float32Array(count),
    currentWaypoint: new Int32Array(count),
    distanceToNextKm: new Float32Array(count),
    meshConnectivity: new Float32Array(count),
    status: new Uint8Array(count),
  };
}

/** Reads a result whose columns are TELEMETRY_COLUMN_ORDER, chunk by chunk, into typed arrays. */
export async function readTelemetryColumns(result: DuckDBResult): Promise<TelemetryColumns> {
  const chunks = [];
  let count = 0;
  for (;;) {
    const chunk = await result.fetchChunk();
    if (!chunk || chunk.rowCount === 0) break;
    chunks.push(chunk);
    count += chunk.rowCount;
  }
  const out = emptyColumns(count);
  const targets = [
    out.index,
    out.recordedAt,
    out.lat,
    out.lon,
    out.altitudeM,
    out.headingDeg,
    out.speedMps,
    out.fuelPct,
    out.currentWaypoint,
    out.distanceToNextKm,
    out.meshConnectivity,
    out.status,
  ];
  let at = 0;
  for (const chunk of chunks) {
    for (let c = 0; c < targets.length; c++) {
      const values = chunk.getColumnValues(c);
      const target = targets[c]!;
      for (let i = 0; i < values.length; i++) target[at + i] = Number(values[i] ?? 0);
    }
    at += chunk.rowCount;
  }
  return out;
}
