import type { AnalyticsReportName } from '../../src-shared/contract';

/**
 * The analytics view's reports as DuckDB SQL. Every report reads the same five views, which each
 * source defines over its own tables (the DuckDB store over its file, a mission over its Parquet
 * files), so one query answers for the live store and for any replayed mission alike:
 *
 *   a_convoys(convoy_id, callsign)
 *   a_drones(drone_id, convoy_id, callsign)
 *   a_telemetry(drone_id, ts, lat, lon, fuel_pct, status)
 *   a_engagements(drone_id, convoy_id, ts, hit, weapon_type)
 *   a_waypoints(drone_id, seq, arrived_at)
 *
 * Ids are VARCHAR, `ts` a TIMESTAMP, numbers DOUBLE. A report answers rows of its `columns`:
 * time series as (series, time in epoch ms, value), the others as (category, value, …counts).
 */

export interface ReportFilter {
  convoyId: string | null;
  droneId: string | null;
  fromMs: number | null;
  toMs: number | null;
}

export interface ReportSpec {
  title: string;
  unit: string;
  kind: 'time' | 'category';
  columns: string[];
  sql: string;
  params: (string | number | bigint)[];
}

/** Statuses in which a drone is in the air (domain/convoySummary.ts counts the same ones). */
const AIRBORNE = `('AIRBORNE', 'LOITER', 'ENGAGING', 'RTB')`;
/** Two reports further apart than this are a gap (a lost link, a stop): no flight is counted. */
const MAX_STEP_S = 60;

/** Bucket widths for time series, so a chart has tens of points whatever the range. */
const BUCKETS_MS = [60_000, 300_000, 900_000, 3_600_000, 6 * 3_600_000, 86_400_000];

export function bucketFor(spanMs: number, target = 60): number {
  return BUCKETS_MS.find((b) => spanMs / b <= target) ?? BUCKETS_MS.at(-1)!;
}

/** The WHERE clause of a filter over a relation with `convoy_id`/`drone_id`/`ts`, and its params. */
function where(
  f: ReportFilter,
  alias: string,
  params: (string | number | bigint)[],
  hasConvoy = true,
): string {
  const clauses: string[] = [];
  const add = (sql: string, value: string | number | bigint): void => {
    params.push(value);
    clauses.push(sql.replace('?', `$${params.length}`));
  };
  if (f.convoyId) {
    add(
      hasConvoy
        ? `${alias}.convoy_id = ?`
        : `${alias}.drone_id IN (SELECT drone_id FROM a_drones WHERE convoy_id = ?)`,
      f.convoyId,
    );
  }
  if (f.droneId) add(`${alias}.drone_id = ?`, f.droneId);
  if (f.fromMs !== null) add(`${alias}.ts >= make_timestamp(?::BIGINT)`, BigInt(f.fromMs) * 1000n);
  if (f.toMs !== null) add(`${alias}.ts <= make_timestamp(?::BIGINT)`, BigInt(f.toMs) * 1000n);
  return clauses.length ? `WHERE ${clauses.join(' AND ')}` : '';
}

/**
 * Each drone's consecutive reports as steps (previous and this one), for the per-drone flight
 * reports: distance, fuel burnt, time in the air.
 */
function steps(f: ReportFilter, params: (string | number | bigint)[]): string {
  return `SELECT t.drone_id, t.ts, t.lat, t.lon, t.fuel_pct, t.status,
      lag(t.ts) OVER w AS prev_ts, lag(t.lat) OVER w AS prev_lat, lag(t.lon) OVER w AS prev_lon,
      lag(t.fuel_pct) OVER w AS prev_fuel
    FROM a_telemetry t ${where(f, 't', params, false)}
    WINDOW w AS (PARTITION BY t.drone_id ORDER BY t.ts)`;
}

/** A per-drone figure, by callsign, biggest first. */
function perDrone(
  title: string,
  unit: string,
  column: string,
  value: string,
  f: ReportFilter,
): ReportSpec {
  const params: (string | number | bigint)[] = [];
  return {
    title,
    unit,
    kind: 'category',
    columns: ['drone', column],
    sql: `SELECT d.callsign AS drone, round(coalesce(sum(${value}), 0), 3) AS value
      FROM (${steps(f, params)}) s JOIN a_drones d USING (drone_id)
      GROUP BY d.callsign ORDER BY value DESC, d.callsign`,
    params,
  };
}

export function reportSpec(name: AnalyticsReportName, f: ReportFilter, spanMs: number): ReportSpec {
  const params: (string | number | bigint)[] = [];
  switch (name) {
    case 'accuracy_over_time': {
      const bucket = bucketFor(spanMs);
      const whereSql = where(f, 'e', params);
      params.push(bucket);
      const b = `$${params.length}`;
      // Per drone when one is chosen, else per convoy; cumulative, as the leaderboard counts.
      const series = f.droneId ? 'd.callsign' : 'c.callsign';
      return {
        title: f.droneId ? 'Accuracy over time (drone)' : 'Accuracy over time per convoy',
        unit: '%',
        kind: 'time',
        columns: ['series', 'time_ms', 'accuracy_pct'],
        sql: `SELECT series, x, round(100.0 * sum(hits) OVER w / sum(n) OVER w, 3) AS y FROM (
            SELECT ${series} AS series, (epoch_ms(e.ts) // ${b}) * ${b} AS x,
              count(*) FILTER (WHERE e.hit) AS hits, count(*) AS n
            FROM a_engagements e JOIN a_convoys c USING (convoy_id) JOIN a_drones d USING (drone_id)
            ${whereSql} GROUP BY ALL)
          WINDOW w AS (PARTITION BY series ORDER BY x) ORDER BY series, x`,
        params,
      };
    }
    case 'engagements_per_hour': {
      const whereSql = where(f, 'e', params);
      return {
        title: 'Engagements per hour',
        unit: 'engagements',
        kind: 'time',
        columns: ['series', 'time_ms', 'engagements'],
        sql: `SELECT c.callsign AS series, (epoch_ms(e.ts) // 3600000) * 3600000 AS x, count(*) AS y
          FROM a_engagements e JOIN a_convoys c USING (convoy_id) ${whereSql}
          GROUP BY ALL ORDER BY series, x`,
        params,
      };
    }
    case 'hit_rate_by_weapon': {
      const whereSql = where(f, 'e', params);
      return {
        title: 'Hit rate by weapon type',
        unit: '%',
        kind: 'category',
        columns: ['weapon_type', 'hit_rate_pct', 'engagements', 'hits'],
        sql: `SELECT e.weapon_type, round(100.0 * count(*) FILTER (WHERE e.hit) / count(*), 3),
            count(*), count(*) FILTER (WHERE e.hit)
          FROM a_engagements e ${whereSql} GROUP BY ALL ORDER BY 2 DESC, 1`,
        params,
      };
    }
    case 'fuel_burn_per_drone':
      // Only drops count: a refuel between sorties is not fuel burnt.
      return perDrone(
        'Fuel burnt per drone',
        '% of tank',
        'fuel_burnt_pct',
        `CASE WHEN prev_fuel > fuel_pct THEN prev_fuel - fuel_pct ELSE 0 END`,
        f,
      );
    case 'distance_per_drone':
      return perDrone(
        'Distance flown per drone',
        'km',
        'distance_km',
        `CASE WHEN epoch(ts) - epoch(prev_ts) <= ${MAX_STEP_S} THEN
          2 * 6371.0088 * asin(sqrt(
            sin(radians(lat - prev_lat) / 2) ^ 2 +
            cos(radians(prev_lat)) * cos(radians(lat)) * sin(radians(lon - prev_lon) / 2) ^ 2))
          ELSE 0 END`,
        f,
      );
    case 'time_airborne_per_drone':
      return perDrone(
        'Time airborne per drone',
        'h',
        'airborne_h',
        `CASE WHEN status IN ${AIRBORNE} AND epoch(ts) - epoch(prev_ts) <= ${MAX_STEP_S}
          THEN (epoch(ts) - epoch(prev_ts)) / 3600.0 ELSE 0 END`,
        f,
      );
    case 'waypoint_completion': {
      const clauses: string[] = [];
      if (f.convoyId) {
        params.push(f.convoyId);
        clauses.push(`d.convoy_id = $${params.length}`);
      }
      if (f.droneId) {
        params.push(f.droneId);
        clauses.push(`d.drone_id = $${params.length}`);
      }
      // Arrivals up to the end of the range, when it has one.
      let reached = 'w.arrived_at IS NOT NULL';
      if (f.toMs !== null) {
        params.push(BigInt(f.toMs) * 1000n);
        reached += ` AND w.arrived_at <= make_timestamp($${params.length}::BIGINT)`;
      }
      return {
        title: 'Waypoint completion per drone',
        unit: '%',
        kind: 'category',
        columns: ['drone', 'completed_pct', 'waypoints', 'reached'],
        sql: `SELECT d.callsign, round(100.0 * count(*) FILTER (WHERE ${reached}) / count(*), 3) AS pct,
            count(*), count(*) FILTER (WHERE ${reached})
          FROM a_waypoints w JOIN a_drones d USING (drone_id)
          ${clauses.length ? `WHERE ${clauses.join(' AND ')}` : ''}
          GROUP BY d.callsign ORDER BY pct DESC, d.callsign`,
        params,
      };
    }
  }
}
