import {
  type DuckDBConnection,
  DuckDBInstance,
  DuckDBTimestampValue,
  listValue,
  type DuckDBValue,
} from '@duckdb/node-api';
import type {
  Alert,
  AlertKind,
  AlertSeverity,
  Convoy,
  ConvoyStatus,
  DroneStatus,
  Engagement,
  EngagementStats,
  PlatformType,
  Telemetry,
  Waypoint,
  WeaponType,
} from '../../../src-shared/model';
import { parquetCopyOptions, parquetSelectList } from '../../domain/missionFormat';
import { sqlStringLiteral } from '../../domain/sqlText';
import type {
  ComponentHealth,
  DroneRecord,
  SimulatorCheckpoint,
  Store,
  AnalyticsQueries,
  TelemetryMinute,
  TelemetryParquetWriter,
  TelemetryRange,
  TelemetryRetention,
  WaypointArrival,
} from '../Store';
import { MIGRATIONS } from './migrations';
import { SerialQueue } from './serialQueue';
import { TelemetryChunkWriter } from './telemetryChunks';

type Row = Record<string, unknown>;

/** Engagements committed in one transaction at most (a few thousand statement parameters). */
const ENGAGEMENTS_PER_COMMIT = 250;

const ts = (ms: number): DuckDBTimestampValue =>
  new DuckDBTimestampValue(BigInt(Math.round(ms)) * 1000n);
const tsOrNull = (ms: number | null): DuckDBTimestampValue | null => (ms === null ? null : ts(ms));
// Times come back as epoch ms doubles: `epoch_ms(x)::DOUBLE` in every SELECT.
const num = (v: unknown): number => (typeof v === 'bigint' ? Number(v) : (v as number));
const numOrNull = (v: unknown): number | null => (v === null || v === undefined ? null : num(v));

const TELEMETRY_COLUMNS = `drone_id::VARCHAR AS drone_id, epoch_ms(recorded_at)::DOUBLE AS recorded_at, lat, lon,
  altitude_m, heading_deg, speed_mps, fuel_pct, current_waypoint, distance_to_next_km,
  mesh_connectivity, status`;

function telemetryFromRow(r: Row): Telemetry {
  return {
    droneId: r['drone_id'] as string,
    recordedAt: num(r['recorded_at']),
    lat: num(r['lat']),
    lon: num(r['lon']),
    altitudeM: num(r['altitude_m']),
    headingDeg: num(r['heading_deg']),
    speedMps: num(r['speed_mps']),
    fuelPct: num(r['fuel_pct']),
    currentWaypoint: num(r['current_waypoint']),
    distanceToNextKm: num(r['distance_to_next_km']),
    meshConnectivity: num(r['mesh_connectivity']),
    status: r['status'] as DroneStatus,
  };
}

function statsFromRow(r: Row): EngagementStats {
  return {
    totalEngagements: num(r['total_engagements']),
    successfulHits: num(r['successful_hits']),
    currentStreak: num(r['current_streak']),
    bestStreak: num(r['best_streak']),
    lastEngagementAt: numOrNull(r['last_engagement_at']),
    lastResult: (r['last_result'] as 'HIT' | 'MISS' | null) ?? null,
  };
}

export class StoreOpenError extends Error {
  override readonly name = 'StoreOpenError';
}

/**
 * The embedded store: one DuckDB file in the user's data folder. Writes go through one
 * connection in a serial queue (transactions stay whole); reads use a second connection so a
 * long query never waits behind a telemetry batch.
 */
export class DuckDbStore
  implements Store, TelemetryParquetWriter, AnalyticsQueries, TelemetryRetention
{
  readonly kind = 'duckdb';
  private readonly writes = new SerialQueue();
  private readonly telemetryWriter = new TelemetryChunkWriter();
  private readonly engagementQueue: {
    e: Engagement;
    s: EngagementStats;
    resolve: () => void;
    reject: (error: unknown) => void;
  }[] = [];
  private closed = false;
  /** Analytics run on a connection of their own, one at a time, never ahead of the console. */
  private analytics: DuckDBConnection | null = null;
  private readonly analyticsQueue = new SerialQueue();

  private constructor(
    private readonly instance: DuckDBInstance,
    private readonly writer: DuckDBConnection,
    private readonly reader: DuckDBConnection,
    readonly path: string,
  ) {}

  static async open(path: string): Promise<DuckDbStore> {
    let instance: DuckDBInstance;
    try {
      instance = await DuckDBInstance.create(path);
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      if (/lock/i.test(message)) {
        throw new StoreOpenError(
          `the data file ${path} is in use by another DroneGrid GCS process; close it or set GCS_DATA_DIR to another folder`,
        );
      }
      throw new StoreOpenError(`cannot open the data file ${path}: ${message}`);
    }
    const writer = await instance.connect();
    const reader = await instance.connect();
    const store = new DuckDbStore(instance, writer, reader, path);
    await store.migrate();
    return store;
  }

  health(): ComponentHealth {
    return this.closed
      ? { kind: this.kind, state: 'down', detail: 'closed' }
      : { kind: this.kind, state: 'up', detail: this.path };
  }

  /** Applies every migration newer than the file's version; returns the versions applied. */
  async migrate(): Promise<number[]> {
    return this.writes.run(async () => {
      await this.writer.run(
        'CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name VARCHAR NOT NULL, applied_at TIMESTAMP NOT NULL DEFAULT current_timestamp)',
      );
      const done = await this.writer.runAndReadAll('SELECT version FROM schema_migrations');
      const applied = new Set(done.getRowObjectsJS().map((r) => num(r['version'])));
      const ran: number[] = [];
      for (const migration of MIGRATIONS) {
        if (applied.has(migration.version)) continue;
        await this.transaction(async () => {
          await this.writer.run(migration.sql);
          await this.writer.run('INSERT INTO schema_migrations (version, name) VALUES ($1, $2)', [
            migration.version,
            migration.name,
          ]);
        });
        ran.push(migration.version);
      }
      return ran;
    });
  }

  async schemaVersion(): Promise<number> {
    const rows = await this.read('SELECT max(version) AS v FROM schema_migrations');
    return num(rows[0]?.['v'] ?? 0);
  }

  private async transaction<T>(work: () => Promise<T>): Promise<T> {
    await this.writer.run('BEGIN TRANSACTION');
    try {
      const result = await work();
      await this.writer.run('COMMIT');
      return result;
    } catch (error) {
      await this.writer.run('ROLLBACK');
      throw error;
    }
  }

  private async read(sql: string, values?: DuckDBValue[]): Promise<Row[]> {
    this.assertOpen();
    const reader = await this.reader.runAndReadAll(sql, values);
    return reader.getRowObjectsJS() as Row[];
  }

  private write<T>(job: () => Promise<T>): Promise<T> {
    this.assertOpen();
    return this.writes.run(job);
  }

  private assertOpen(): void {
    if (this.closed) throw new Error('store is closed');
  }

  async saveFleet(
    convoys: readonly Convoy[],
    drones: readonly DroneRecord[],
    waypoints: readonly Waypoint[],
  ): Promise<void> {
    const ordinals = new Map<string, number>();
    for (const c of convoys) c.droneIds.forEach((id, i) => ordinals.set(id, i));
    await this.write(() =>
      this.transaction(async () => {
        for (const c of convoys) {
          await this.writer.run(
            `INSERT OR REPLACE INTO convoys VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)`,
            [
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
              ts(c.missionStart),
            ],
          );
        }
        // A convoy's roster and routes are replaced whole: a re-planned convoy keeps no stale
        // drones or waypoints (their telemetry and engagements stay, as history).
        const convoyIds = listValue(convoys.map((c) => c.id));
        await this.writer.run(
          'DELETE FROM waypoints WHERE drone_id IN (SELECT drone_id FROM drones WHERE list_contains($1::UUID[], convoy_id))',
          [convoyIds],
        );
        await this.writer.run('DELETE FROM drones WHERE list_contains($1::UUID[], convoy_id)', [
          convoyIds,
        ]);
        const droneIds = listValue(drones.map((d) => d.id));
        await this.writer.run('DELETE FROM waypoints WHERE list_contains($1::UUID[], drone_id)', [
          droneIds,
        ]);
        await this.writer.run('DELETE FROM drones WHERE list_contains($1::UUID[], drone_id)', [
          droneIds,
        ]);
        const droneAppender = await this.writer.createAppender('drones');
        for (const d of drones) {
          droneAppender.appendVarchar(d.id);
          droneAppender.appendVarchar(d.convoyId);
          droneAppender.appendInteger(ordinals.get(d.id) ?? 0);
          droneAppender.appendVarchar(d.callsign);
          droneAppender.appendVarchar(d.platformType);
          droneAppender.endRow();
        }
        droneAppender.closeSync();
        const appender = await this.writer.createAppender('waypoints');
        for (const w of waypoints) {
          appender.appendVarchar(w.droneId);
          appender.appendSmallInt(w.seq);
          appender.appendDouble(w.lat);
          appender.appendDouble(w.lon);
          appender.appendDouble(w.altitudeM);
          if (w.eta === null) appender.appendNull();
          else appender.appendTimestamp(ts(w.eta));
          if (w.arrivedAt === null) appender.appendNull();
          else appender.appendTimestamp(ts(w.arrivedAt));
          appender.endRow();
        }
        appender.closeSync();
      }),
    );
  }

  async setConvoyStatus(convoyId: string, status: ConvoyStatus): Promise<void> {
    await this.write(() =>
      this.writer.run('UPDATE convoys SET status = $2 WHERE convoy_id = $1', [convoyId, status]),
    );
  }

  async listConvoys(): Promise<Convoy[]> {
    const convoys = await this.read(
      `SELECT convoy_id::VARCHAR AS id, callsign, mission_type, status, aor_name, aor_min_lat, aor_max_lat,
         aor_min_lon, aor_max_lon, rules_of_engagement, commanding_unit,
         epoch_ms(mission_start)::DOUBLE AS mission_start
       FROM convoys ORDER BY mission_start, callsign`,
    );
    const drones = await this.read(
      'SELECT convoy_id::VARCHAR AS convoy_id, drone_id::VARCHAR AS drone_id FROM drones ORDER BY convoy_id, ordinal',
    );
    const roster = new Map<string, string[]>();
    for (const d of drones) {
      const list = roster.get(d['convoy_id'] as string) ?? [];
      list.push(d['drone_id'] as string);
      roster.set(d['convoy_id'] as string, list);
    }
    return convoys.map((r) => ({
      id: r['id'] as string,
      callsign: r['callsign'] as string,
      missionType: r['mission_type'] as string,
      status: r['status'] as ConvoyStatus,
      aor: {
        name: r['aor_name'] as string,
        bbox: {
          minLat: num(r['aor_min_lat']),
          maxLat: num(r['aor_max_lat']),
          minLon: num(r['aor_min_lon']),
          maxLon: num(r['aor_max_lon']),
        },
      },
      rulesOfEngagement: r['rules_of_engagement'] as string,
      commandingUnit: r['commanding_unit'] as string,
      missionStart: num(r['mission_start']),
      droneIds: roster.get(r['id'] as string) ?? [],
    }));
  }

  async listDrones(): Promise<DroneRecord[]> {
    const rows = await this.read(
      `SELECT drone_id::VARCHAR AS id, convoy_id::VARCHAR AS convoy_id, callsign, platform_type
       FROM drones ORDER BY convoy_id, ordinal`,
    );
    return rows.map((r) => ({
      id: r['id'] as string,
      convoyId: r['convoy_id'] as string,
      callsign: r['callsign'] as string,
      platformType: r['platform_type'] as PlatformType,
    }));
  }

  async getWaypoints(droneId: string): Promise<Waypoint[]> {
    const rows = await this.read(
      `SELECT seq, lat, lon, altitude_m, epoch_ms(eta)::DOUBLE AS eta, epoch_ms(arrived_at)::DOUBLE AS arrived_at
       FROM waypoints WHERE drone_id = $1 ORDER BY seq`,
      [droneId],
    );
    return rows.map((r) => ({
      droneId,
      seq: num(r['seq']),
      lat: num(r['lat']),
      lon: num(r['lon']),
      altitudeM: num(r['altitude_m']),
      eta: numOrNull(r['eta']),
      arrivedAt: numOrNull(r['arrived_at']),
    }));
  }

  async markWaypointsArrived(arrivals: readonly WaypointArrival[]): Promise<void> {
    if (arrivals.length === 0) return;
    await this.write(() =>
      this.transaction(async () => {
        for (const a of arrivals) {
          await this.writer.run(
            'UPDATE waypoints SET arrived_at = $3 WHERE drone_id = $1 AND seq = $2 AND arrived_at IS NULL',
            [a.droneId, a.seq, ts(a.arrivedAt)],
          );
        }
      }),
    );
  }

  async appendTelemetry(rows: readonly Telemetry[]): Promise<void> {
    if (rows.length === 0) return;
    let oldest = Infinity;
    for (const r of rows) if (r.recordedAt < oldest) oldest = r.recordedAt;
    await this.write(async () => {
      const appender = await this.writer.createAppender('telemetry');
      try {
        this.telemetryWriter.append(appender, rows);
        appender.flushSync();
      } finally {
        appender.closeSync();
      }
      // The batch is in time order on disk, so this scan touches only the new row groups.
      await this.writer.run(
        `INSERT OR REPLACE INTO drone_latest
         SELECT t.* FROM telemetry t
         LEFT JOIN drone_latest l ON l.drone_id = t.drone_id
         WHERE t.recorded_at >= $1 AND (l.recorded_at IS NULL OR t.recorded_at >= l.recorded_at)
         QUALIFY row_number() OVER (PARTITION BY t.drone_id ORDER BY t.recorded_at DESC) = 1`,
        [ts(oldest)],
      );
    });
  }

  async latestTelemetry(): Promise<Map<string, Telemetry>> {
    const rows = await this.read(`SELECT ${TELEMETRY_COLUMNS} FROM drone_latest`);
    return new Map(rows.map((r) => [r['drone_id'] as string, telemetryFromRow(r)]));
  }

  async telemetryForDrone(droneId: string, fromMs: number, toMs: number): Promise<Telemetry[]> {
    const rows = await this.read(
      `SELECT ${TELEMETRY_COLUMNS} FROM telemetry
       WHERE drone_id = $1 AND recorded_at >= $2 AND recorded_at <= $3 ORDER BY recorded_at`,
      [droneId, ts(fromMs), ts(toMs)],
    );
    return rows.map(telemetryFromRow);
  }

  async countTelemetry(): Promise<number> {
    const rows = await this.read('SELECT count(*) AS n FROM telemetry');
    return num(rows[0]?.['n'] ?? 0);
  }

  async *telemetryPages(range: TelemetryRange, pageRows = 8192): AsyncIterable<Telemetry[]> {
    this.assertOpen();
    // A connection of its own: a long export must not hold up the console's reads.
    const conn = await this.instance.connect();
    try {
      const result = await conn.stream(
        `SELECT ${TELEMETRY_COLUMNS} FROM telemetry
         WHERE list_contains($1::UUID[], drone_id) AND recorded_at >= $2 AND recorded_at <= $3`,
        [listValue([...range.droneIds]), ts(range.fromMs), ts(range.toMs)],
      );
      let page: Telemetry[] = [];
      for (;;) {
        const chunk = await result.fetchChunk();
        if (!chunk || chunk.rowCount === 0) break;
        for (const row of chunk.getRowObjects(result.deduplicatedColumnNames())) {
          page.push(telemetryFromRow(row as Row));
        }
        if (page.length >= pageRows) {
          yield page;
          page = [];
        }
      }
      if (page.length > 0) yield page;
    } finally {
      conn.closeSync();
    }
  }

  writeTelemetryParquet(
    range: TelemetryRange,
    file: string,
    onProgress: (fraction: number) => void,
  ): { done: Promise<number>; interrupt(): void } {
    this.assertOpen();
    let conn: DuckDBConnection | null = null;
    let interrupted = false;
    const done = (async () => {
      conn = await this.instance.connect();
      if (interrupted) throw new Error('interrupted');
      const poll = setInterval(() => {
        const p = conn?.progress.percentage ?? -1;
        if (p >= 0) onProgress(Math.min(100, p) / 100);
      }, 250);
      try {
        // COPY takes no bound parameters: the drones go in a temporary table (bound), the times
        // as integers, the file name as a quoted literal.
        await conn.run(
          'CREATE OR REPLACE TEMP TABLE export_drones AS SELECT unnest($1::UUID[]) AS drone_id',
          [listValue([...range.droneIds])],
        );
        const from = BigInt(Math.round(range.fromMs)) * 1000n;
        const to = BigInt(Math.round(range.toMs)) * 1000n;
        const result = await conn.runAndReadAll(
          `COPY (
             SELECT ${parquetSelectList('telemetry', (c) => (c === 'drone_id' ? 't.drone_id::VARCHAR' : `t.${c}`))}
             FROM telemetry t SEMI JOIN export_drones e ON e.drone_id = t.drone_id
             WHERE t.recorded_at >= make_timestamp(${from}) AND t.recorded_at <= make_timestamp(${to})
             ORDER BY t.recorded_at, t.drone_id
           ) TO ${sqlStringLiteral(file)} ${parquetCopyOptions('telemetry')}`,
        );
        onProgress(1);
        return Number(result.getRows()[0]?.[0] ?? 0);
      } finally {
        clearInterval(poll);
        conn.closeSync();
        conn = null;
      }
    })();
    return {
      done,
      interrupt() {
        interrupted = true;
        (conn as DuckDBConnection | null)?.interrupt();
      },
    };
  }

  /**
   * Group commit: engagements that arrive while the writer is busy are stored together, in one
   * transaction, when their turn comes. Each caller still resolves only once its row is
   * committed; a busy fleet just costs one commit per batch instead of one per engagement.
   */
  recordEngagement(e: Engagement, s: EngagementStats): Promise<void> {
    this.assertOpen();
    return new Promise((resolve, reject) => {
      this.engagementQueue.push({ e, s, resolve, reject });
      if (this.engagementQueue.length === 1) void this.write(() => this.commitEngagements());
    });
  }

  private async commitEngagements(): Promise<void> {
    const batch = this.engagementQueue.splice(0, ENGAGEMENTS_PER_COMMIT);
    if (this.engagementQueue.length > 0) void this.write(() => this.commitEngagements());
    try {
      await this.transaction(async () => {
        // A retried engagement (same id) takes effect once: the row is there already.
        await this.insertRows(
          'INSERT OR IGNORE INTO engagements VALUES',
          batch.map(({ e, s }) => [
            e.id,
            e.convoyId,
            e.droneId,
            s.totalEngagements,
            ts(e.recordedAt),
            e.hit,
            e.weaponType,
            e.targetId,
            e.targetLat,
            e.targetLon,
            e.damageAssessment,
          ]),
        );
        // A drone's next engagement waits for this one (the service serialises per drone), so a
        // batch holds each drone once; keep the last anyway, as one statement may not hold a key twice.
        const latest = new Map(batch.map(({ e, s }) => [e.droneId, { e, s }]));
        await this.insertRows(
          'INSERT OR REPLACE INTO engagement_stats VALUES',
          [...latest.values()].map(({ e, s }) => [
            e.droneId,
            e.convoyId,
            s.totalEngagements,
            s.successfulHits,
            s.currentStreak,
            s.bestStreak,
            tsOrNull(s.lastEngagementAt),
            s.lastResult,
          ]),
        );
      });
      for (const item of batch) item.resolve();
    } catch (error) {
      for (const item of batch) item.reject(error);
    }
  }

  /** One parameterised multi-row INSERT: `prefix` then `($1, …), ($n, …)`. */
  private async insertRows(prefix: string, rows: readonly DuckDBValue[][]): Promise<void> {
    if (rows.length === 0) return;
    const values: DuckDBValue[] = [];
    const tuples = rows.map((row) => {
      const first = values.length;
      values.push(...row);
      return `(${row.map((_, k) => `$${first + k + 1}`).join(', ')})`;
    });
    await this.writer.run(`${prefix} ${tuples.join(', ')}`, values);
  }

  async listEngagements(filter: { convoyId?: string; droneId?: string }): Promise<Engagement[]> {
    const where: string[] = [];
    const values: DuckDBValue[] = [];
    if (filter.convoyId) {
      values.push(filter.convoyId);
      where.push(`convoy_id = $${values.length}`);
    }
    if (filter.droneId) {
      values.push(filter.droneId);
      where.push(`drone_id = $${values.length}`);
    }
    const rows = await this.read(
      `SELECT engagement_id::VARCHAR AS id, convoy_id::VARCHAR AS convoy_id, drone_id::VARCHAR AS drone_id,
         epoch_ms(recorded_at)::DOUBLE AS recorded_at, hit, weapon_type, target_id, target_lat, target_lon,
         damage_assessment
       FROM engagements ${where.length ? 'WHERE ' + where.join(' AND ') : ''}
       ORDER BY recorded_at, drone_id, drone_seq`,
      values,
    );
    return rows.map((r) => ({
      id: r['id'] as string,
      convoyId: r['convoy_id'] as string,
      droneId: r['drone_id'] as string,
      recordedAt: num(r['recorded_at']),
      hit: r['hit'] as boolean,
      weaponType: r['weapon_type'] as WeaponType,
      targetId: (r['target_id'] as string | null) ?? null,
      targetLat: numOrNull(r['target_lat']),
      targetLon: numOrNull(r['target_lon']),
      damageAssessment: (r['damage_assessment'] as string | null) ?? null,
    }));
  }

  private static readonly STATS_COLUMNS = `drone_id::VARCHAR AS drone_id, total_engagements, successful_hits,
    current_streak, best_streak, epoch_ms(last_engagement_at)::DOUBLE AS last_engagement_at, last_result`;

  async getStats(droneId: string): Promise<EngagementStats | null> {
    const rows = await this.read(
      `SELECT ${DuckDbStore.STATS_COLUMNS} FROM engagement_stats WHERE drone_id = $1`,
      [droneId],
    );
    return rows[0] ? statsFromRow(rows[0]) : null;
  }

  async listStats(convoyId: string): Promise<Map<string, EngagementStats>> {
    const rows = await this.read(
      `SELECT ${DuckDbStore.STATS_COLUMNS} FROM engagement_stats WHERE convoy_id = $1`,
      [convoyId],
    );
    return new Map(rows.map((r) => [r['drone_id'] as string, statsFromRow(r)]));
  }

  async saveAlerts(alerts: readonly Alert[]): Promise<void> {
    if (alerts.length === 0) return;
    // Many rows a statement: a burst of alerts (a fleet losing its link at once) is a few
    // statements, not thousands, so it never holds up the telemetry writes queued behind it.
    const ROWS_PER_STATEMENT = 200;
    await this.write(() =>
      this.transaction(async () => {
        for (let start = 0; start < alerts.length; start += ROWS_PER_STATEMENT) {
          await this.insertRows(
            'INSERT OR REPLACE INTO alerts VALUES',
            alerts
              .slice(start, start + ROWS_PER_STATEMENT)
              .map((a) => [
                a.id,
                a.kind,
                a.severity,
                listValue(a.droneIds),
                a.convoyId,
                a.message,
                ts(a.raisedAt),
                tsOrNull(a.clearedAt),
                tsOrNull(a.acknowledgedAt),
              ]),
          );
        }
      }),
    );
  }

  async recentAlerts(clearedLimit: number): Promise<Alert[]> {
    const rows = await this.read(
      `SELECT alert_id::VARCHAR AS id, kind, severity, drone_ids::VARCHAR[] AS drone_ids,
         convoy_id::VARCHAR AS convoy_id, message, epoch_ms(raised_at)::DOUBLE AS raised_at,
         epoch_ms(cleared_at)::DOUBLE AS cleared_at, epoch_ms(acknowledged_at)::DOUBLE AS acknowledged_at
       FROM (
         SELECT * FROM alerts WHERE cleared_at IS NULL
         UNION ALL
         (SELECT * FROM alerts WHERE cleared_at IS NOT NULL ORDER BY cleared_at DESC LIMIT $1)
       )
       ORDER BY raised_at DESC, alert_id`,
      [clearedLimit],
    );
    return rows.map((r) => ({
      id: r['id'] as string,
      kind: r['kind'] as AlertKind,
      severity: r['severity'] as AlertSeverity,
      droneIds: [...(r['drone_ids'] as string[])],
      convoyId: (r['convoy_id'] as string | null) ?? null,
      message: r['message'] as string,
      raisedAt: num(r['raised_at']),
      clearedAt: numOrNull(r['cleared_at']),
      acknowledgedAt: numOrNull(r['acknowledged_at']),
    }));
  }

  async getSetting(key: string): Promise<string | null> {
    const rows = await this.read('SELECT value FROM settings WHERE key = $1', [key]);
    return (rows[0]?.['value'] as string | undefined) ?? null;
  }

  async putSetting(key: string, value: string | null): Promise<void> {
    await this.write(() =>
      value === null
        ? this.writer.run('DELETE FROM settings WHERE key = $1', [key])
        : this.writer.run('INSERT OR REPLACE INTO settings (key, value) VALUES ($1, $2)', [
            key,
            value,
          ]),
    );
  }

  async loadSimulatorCheckpoint(): Promise<SimulatorCheckpoint | null> {
    const rows = await this.read(
      `SELECT seed, convoys, drones_per_convoy, time_scale, engagements_per_drone_hour,
         epoch_ms(start_time)::DOUBLE AS start_time, epoch_ms(sim_time)::DOUBLE AS sim_time, running FROM simulator_checkpoint WHERE id = 1`,
    );
    const r = rows[0];
    if (!r) return null;
    return {
      seed: num(r['seed']),
      convoys: num(r['convoys']),
      dronesPerConvoy: num(r['drones_per_convoy']),
      timeScale: num(r['time_scale']),
      engagementsPerDroneHour: num(r['engagements_per_drone_hour']),
      startTime: num(r['start_time']),
      simTime: num(r['sim_time']),
      running: r['running'] as boolean,
    };
  }

  async saveSimulatorCheckpoint(c: SimulatorCheckpoint): Promise<void> {
    await this.write(() =>
      this.writer.run(
        'INSERT OR REPLACE INTO simulator_checkpoint VALUES (1, $1, $2, $3, $4, $5, $6, $7, $8)',
        [
          c.seed,
          c.convoys,
          c.dronesPerConvoy,
          c.timeScale,
          c.engagementsPerDroneHour,
          ts(c.startTime),
          ts(c.simTime),
          c.running,
        ],
      ),
    );
  }

  async rollUpTelemetry(throughMs: number): Promise<number> {
    return this.write(async () => {
      // Rows reach the store in time order, a batch at a time: a minute that ends before the
      // newest stored row has all its rows, whatever the clock says (at 64x a batch is a minute).
      const state = await this.writer.runAndReadAll(
        `SELECT epoch_ms(coalesce((SELECT rolled_up_to FROM telemetry_rollup WHERE id = 1),
           (SELECT time_bucket(INTERVAL 1 MINUTE, min(recorded_at)) FROM telemetry)))::DOUBLE,
           epoch_ms((SELECT max(recorded_at) FROM drone_latest))::DOUBLE`,
      );
      const [fromValue, newest] = state.getRows()[0] ?? [];
      if (fromValue === null || fromValue === undefined || newest === null) return 0;
      const from = Number(fromValue);
      const through = Math.floor(Math.min(throughMs, Number(newest)) / 60_000) * 60_000;
      if (through <= from) return 0;
      return this.transaction(async () => {
        // One minute before `from` too, so each drone's first leg in the range has its start.
        const result = await this.writer.runAndReadAll(
          `INSERT OR REPLACE INTO telemetry_minutes
           WITH steps AS (
             SELECT drone_id, recorded_at, lat, lon, altitude_m, fuel_pct, status,
               time_bucket(INTERVAL 1 MINUTE, recorded_at) AS minute,
               lag(recorded_at) OVER w AS prev_at, lag(lat) OVER w AS prev_lat,
               lag(lon) OVER w AS prev_lon, lag(fuel_pct) OVER w AS prev_fuel
             FROM telemetry
             WHERE recorded_at >= $1::TIMESTAMP - INTERVAL 1 MINUTE AND recorded_at < $2
             WINDOW w AS (PARTITION BY drone_id ORDER BY recorded_at)
           ),
           shots AS (
             SELECT drone_id, time_bucket(INTERVAL 1 MINUTE, recorded_at) AS minute,
               count(*) AS n, count(*) FILTER (WHERE hit) AS hits
             FROM engagements WHERE recorded_at >= $1 AND recorded_at < $2 GROUP BY ALL
           )
           SELECT s.drone_id, s.minute, count(*), avg(s.lat), avg(s.lon), avg(s.altitude_m),
             min(s.fuel_pct), max(s.fuel_pct),
             coalesce(sum(CASE WHEN s.prev_fuel > s.fuel_pct THEN s.prev_fuel - s.fuel_pct END), 0),
             coalesce(sum(CASE WHEN epoch(s.recorded_at) - epoch(s.prev_at) <= 60 THEN
               2 * 6371.0088 * asin(sqrt(sin(radians(s.lat - s.prev_lat) / 2) ^ 2 +
                 cos(radians(s.prev_lat)) * cos(radians(s.lat)) * sin(radians(s.lon - s.prev_lon) / 2) ^ 2))
             END), 0),
             count(*) FILTER (WHERE s.status IN ('AIRBORNE', 'LOITER', 'ENGAGING', 'RTB')),
             coalesce(any_value(e.n), 0), coalesce(any_value(e.hits), 0)
           FROM steps s LEFT JOIN shots e ON e.drone_id = s.drone_id AND e.minute = s.minute
           WHERE s.recorded_at >= $1
           GROUP BY s.drone_id, s.minute`,
          [ts(from), ts(through)],
        );
        await this.writer.run('INSERT OR REPLACE INTO telemetry_rollup VALUES (1, $1)', [
          ts(through),
        ]);
        return Number(result.getRows()[0]?.[0] ?? 0);
      });
    });
  }

  async pruneTelemetry(beforeMs: number): Promise<number> {
    return this.write(async () => {
      // Never past what is rolled up: a row is dropped only once its minute is kept.
      const result = await this.writer.runAndReadAll(
        `DELETE FROM telemetry WHERE recorded_at < least($1::TIMESTAMP,
           coalesce((SELECT rolled_up_to FROM telemetry_rollup WHERE id = 1), TIMESTAMP '-infinity'))`,
        [ts(beforeMs)],
      );
      return Number(result.getRows()[0]?.[0] ?? 0);
    });
  }

  async telemetryMinutes(
    droneId: string,
    fromMs: number,
    toMs: number,
  ): Promise<TelemetryMinute[]> {
    const rows = await this.read(
      `SELECT epoch_ms(minute)::DOUBLE AS minute, samples, avg_lat, avg_lon, avg_altitude_m,
         min_fuel_pct, max_fuel_pct, fuel_burned_pct, distance_km, airborne_samples, engagements, hits
       FROM telemetry_minutes WHERE drone_id = $1 AND minute >= $2 AND minute <= $3 ORDER BY minute`,
      [droneId, ts(fromMs), ts(toMs)],
    );
    return rows.map((r) => ({
      droneId,
      minute: num(r['minute']),
      samples: num(r['samples']),
      avgLat: num(r['avg_lat']),
      avgLon: num(r['avg_lon']),
      avgAltitudeM: num(r['avg_altitude_m']),
      minFuelPct: num(r['min_fuel_pct']),
      maxFuelPct: num(r['max_fuel_pct']),
      fuelBurnedPct: num(r['fuel_burned_pct']),
      distanceKm: num(r['distance_km']),
      airborneSamples: num(r['airborne_samples']),
      engagements: num(r['engagements']),
      hits: num(r['hits']),
    }));
  }

  analyticsQuery(
    sql: string,
    params: readonly (string | number | bigint)[],
  ): Promise<Record<string, unknown>[]> {
    this.assertOpen();
    return this.analyticsQueue.run(async () => {
      if (!this.analytics) {
        const conn = await this.instance.connect();
        // The views every analytics source provides (analytics/analyticsReports.ts).
        await conn.run(`
          CREATE OR REPLACE TEMP VIEW a_convoys AS
            SELECT convoy_id::VARCHAR AS convoy_id, callsign FROM convoys;
          CREATE OR REPLACE TEMP VIEW a_drones AS
            SELECT drone_id::VARCHAR AS drone_id, convoy_id::VARCHAR AS convoy_id, callsign FROM drones;
          CREATE OR REPLACE TEMP VIEW a_telemetry AS
            SELECT drone_id::VARCHAR AS drone_id, recorded_at AS ts, lat, lon,
              fuel_pct::DOUBLE AS fuel_pct, status FROM telemetry;
          CREATE OR REPLACE TEMP VIEW a_engagements AS
            SELECT drone_id::VARCHAR AS drone_id, convoy_id::VARCHAR AS convoy_id,
              recorded_at AS ts, hit, weapon_type FROM engagements;
          CREATE OR REPLACE TEMP VIEW a_waypoints AS
            SELECT drone_id::VARCHAR AS drone_id, seq, arrived_at FROM waypoints;`);
        this.analytics = conn;
      }
      const reader = await this.analytics.runAndReadAll(sql, [...params]);
      return reader.getRowObjectsJS() as Record<string, unknown>[];
    });
  }

  async close(): Promise<void> {
    if (this.closed) return;
    await this.writes.idle();
    this.closed = true;
    // A checkpoint folds the WAL into the file, so the next open starts fast and clean.
    await this.writer.run('CHECKPOINT').catch(() => undefined);
    this.analytics?.interrupt();
    await this.analyticsQueue.idle();
    this.analytics?.closeSync();
    this.writer.closeSync();
    this.reader.closeSync();
    this.instance.closeSync();
  }
}
