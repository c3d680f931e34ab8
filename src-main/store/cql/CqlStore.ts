import { readFileSync } from 'node:fs';
import { auth, Client, errors, policies, types } from 'cassandra-driver';
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
import { accuracyPct } from '../../domain/ranking';
import type {
  ComponentHealth,
  DroneRecord,
  SimulatorCheckpoint,
  Store,
  TelemetryRange,
  WaypointArrival,
} from '../Store';
import { applyCqlSchema } from './cqlSchema';
import type { CqlConsistency, CqlSettings } from './cqlSettings';

type Row = types.Row;
type Params = unknown[];

const HOUR_MS = 3_600_000;
const DAY_MS = 86_400_000;
/** Rows per page of a long read: memory per read stays at one page, whatever the range. */
const FETCH_SIZE = 2_000;
/** Statements in flight at once for the small writes (fleet, alerts, arrivals). */
const WRITE_CONCURRENCY = 32;

const hourOf = (ms: number): number => Math.floor(ms / HOUR_MS) * HOUR_MS;
const dayOf = (ms: number): string =>
  new Date(Math.floor(ms / DAY_MS) * DAY_MS).toISOString().slice(0, 10);
const ms = (v: unknown): number => (v as Date).getTime();
const msOrNull = (v: unknown): number | null => (v === null || v === undefined ? null : ms(v));
const str = (v: unknown): string => String(v);
const strOrNull = (v: unknown): string | null => (v === null || v === undefined ? null : String(v));
const numOrNull = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v));

export class CqlStoreError extends Error {
  override readonly name = 'CqlStoreError';
}

interface Statement {
  query: string;
  params: Params;
}

/**
 * The durable store on ScyllaDB / Apache Cassandra (schema/cql/). Prepared statements only;
 * the driver's default load balancing is token-aware (each statement goes to a replica of its
 * partition) and prefers the local data centre; reads page; telemetry batches run with bounded
 * concurrency; only idempotent statements are marked so, and so only they are retried.
 *
 * Cassandra has no transactions across partitions: what must land together (an engagement, its
 * stats and its leaderboard row) goes in one LOGGED batch, which is atomic (all or nothing,
 * eventually) though not isolated.
 */
export class CqlStore implements Store {
  readonly kind = 'cql';
  private closed = false;
  private lastError: string | null = null;
  /** Drone-hours already written to telemetry_hours_by_drone by this process. */
  private readonly knownHours = new Set<string>();
  private readonly ks: string;

  private constructor(
    private readonly client: Client,
    private readonly settings: CqlSettings,
  ) {
    this.ks = settings.keyspace;
  }

  /**
   * Connects, and applies the schema when the keyspace lacks it. Wrong credentials, hosts that
   * do not answer and a keyspace that cannot be created each fail with a message that says so.
   */
  static async open(settings: CqlSettings): Promise<CqlStore> {
    const client = new Client({
      contactPoints: settings.hosts,
      localDataCenter: settings.localDataCenter,
      ...(settings.username !== undefined
        ? {
            authProvider: new auth.PlainTextAuthProvider(
              settings.username,
              settings.password ?? '',
            ),
          }
        : {}),
      ...(settings.tls
        ? {
            sslOptions: {
              rejectUnauthorized: settings.tls.rejectUnauthorized,
              ...(settings.tls.caFile ? { ca: [readFileSync(settings.tls.caFile)] } : {}),
            },
          }
        : {}),
      queryOptions: { prepare: true, consistency: consistencyOf(settings.consistency.other) },
      socketOptions: { readTimeout: settings.requestTimeoutMs, connectTimeout: 5_000 },
      // Back within seconds of a node's return (the driver's default backs off to ten minutes):
      // the spool drains only once the driver sees a host up again.
      policies: {
        reconnection: new policies.reconnection.ExponentialReconnectionPolicy(500, 5_000, false),
      },
      // Timestamps come back as Date, longs as Long: this code converts what it reads.
    });
    try {
      await client.connect();
    } catch (error) {
      await client.shutdown().catch(() => undefined);
      throw new CqlStoreError(explainConnectError(error, settings));
    }
    try {
      await applyCqlSchema(client, settings.keyspace, settings.replication);
    } catch (error) {
      await client.shutdown().catch(() => undefined);
      const message = error instanceof Error ? error.message : String(error);
      throw new CqlStoreError(
        /unauthori[sz]ed|permission/i.test(message)
          ? `keyspace ${settings.keyspace} lacks the schema and this user may not create it (${message}); apply schema/cql/ with an account that may (npm run schema:apply)`
          : `cannot apply the schema to keyspace ${settings.keyspace}: ${message}`,
      );
    }
    return new CqlStore(client, settings);
  }

  health(): ComponentHealth {
    if (this.closed) return { kind: this.kind, state: 'down', detail: 'closed' };
    const hosts = this.client.hosts.values();
    const up = hosts.filter((h) => h.isUp()).length;
    if (up === 0) return { kind: this.kind, state: 'down', detail: this.lastError ?? 'no host up' };
    return {
      kind: this.kind,
      state: up === hosts.length ? 'up' : 'degraded',
      detail: `${this.settings.keyspace} on ${up}/${hosts.length} hosts`,
    };
  }

  // ---- plumbing ------------------------------------------------------------------------------

  private assertOpen(): void {
    if (this.closed) throw new Error('store is closed');
  }

  private async exec(
    query: string,
    params: Params,
    options: {
      consistency?: CqlConsistency;
      idempotent?: boolean;
      fetchSize?: number;
      pageState?: string;
    } = {},
  ): Promise<types.ResultSet> {
    this.assertOpen();
    try {
      const result = await this.client.execute(query, params, {
        prepare: true,
        consistency: consistencyOf(options.consistency ?? this.settings.consistency.other),
        isIdempotent: options.idempotent ?? false,
        ...(options.fetchSize ? { fetchSize: options.fetchSize } : {}),
        ...(options.pageState ? { pageState: options.pageState } : {}),
      });
      this.lastError = null;
      return result;
    } catch (error) {
      this.lastError = error instanceof Error ? error.message : String(error);
      throw error;
    }
  }

  /** Every row of a query, a page at a time. */
  private async *rows(query: string, params: Params): AsyncGenerator<Row> {
    let pageState: string | undefined;
    do {
      const result = await this.exec(query, params, {
        idempotent: true,
        fetchSize: FETCH_SIZE,
        ...(pageState ? { pageState } : {}),
      });
      yield* result.rows;
      pageState = result.pageState ?? undefined;
    } while (pageState);
  }

  private async all(query: string, params: Params = []): Promise<Row[]> {
    const out: Row[] = [];
    for await (const r of this.rows(query, params)) out.push(r);
    return out;
  }

  /** Statements with at most `limit` in flight; rejects with the first failure once all settle. */
  private concurrently(
    statements: readonly Statement[],
    options: { consistency?: CqlConsistency; idempotent: boolean; limit?: number },
  ): Promise<void> {
    return this.inFlight(statements, options.limit ?? WRITE_CONCURRENCY, (s) =>
      this.exec(s.query, s.params, options).then(() => undefined),
    );
  }

  /** A batch: LOGGED (all or nothing) unless it only groups independent upserts. */
  private async batch(
    statements: readonly Statement[],
    consistency: CqlConsistency,
    logged = true,
  ): Promise<void> {
    this.assertOpen();
    try {
      await this.client.batch(
        statements.map((s) => ({ query: s.query, params: s.params as unknown[] })),
        {
          prepare: true,
          logged,
          consistency: consistencyOf(consistency),
          isIdempotent: true,
        },
      );
      this.lastError = null;
    } catch (error) {
      this.lastError = error instanceof Error ? error.message : String(error);
      throw error;
    }
  }

  // ---- fleet ---------------------------------------------------------------------------------

  async saveFleet(
    convoys: readonly Convoy[],
    drones: readonly DroneRecord[],
    waypoints: readonly Waypoint[],
  ): Promise<void> {
    const ordinals = new Map<string, number>();
    for (const c of convoys) c.droneIds.forEach((id, i) => ordinals.set(id, i));
    const convoyIds = new Set(convoys.map((c) => c.id));
    const newIds = new Set(drones.map((d) => d.id));
    // A convoy's roster and routes are replaced whole; a drone moved here from another convoy
    // leaves that one. Telemetry and engagements stay, as history.
    const previous = await this.listDrones();
    const leaving = previous.filter((d) => convoyIds.has(d.convoyId) || newIds.has(d.id));
    const deletes: Statement[] = [];
    for (const d of leaving) {
      deletes.push({
        query: `DELETE FROM ${this.ks}.drones_by_convoy WHERE convoy_id = ? AND drone_id = ?`,
        params: [d.convoyId, d.id],
      });
      deletes.push({
        query: `DELETE FROM ${this.ks}.waypoints_by_drone WHERE drone_id = ?`,
        params: [d.id],
      });
    }
    for (const id of newIds) {
      deletes.push({
        query: `DELETE FROM ${this.ks}.waypoints_by_drone WHERE drone_id = ?`,
        params: [id],
      });
    }
    await this.concurrently(deletes, { idempotent: true });

    const writes: Statement[] = convoys.map((c) => ({
      query: `INSERT INTO ${this.ks}.convoys (convoy_id, callsign, mission_type, status, aor_name, aor,
        rules_of_engagement, commanding_unit, mission_start) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      params: [
        c.id,
        c.callsign,
        c.missionType,
        c.status,
        c.aor.name,
        {
          min_lat: c.aor.bbox.minLat,
          max_lat: c.aor.bbox.maxLat,
          min_lon: c.aor.bbox.minLon,
          max_lon: c.aor.bbox.maxLon,
        },
        c.rulesOfEngagement,
        c.commandingUnit,
        c.missionStart,
      ],
    }));
    for (const d of drones) {
      writes.push({
        query: `INSERT INTO ${this.ks}.drones_by_convoy (convoy_id, drone_id, ordinal, callsign, platform_type)
          VALUES (?, ?, ?, ?, ?)`,
        params: [d.convoyId, d.id, ordinals.get(d.id) ?? 0, d.callsign, d.platformType],
      });
    }
    for (const w of waypoints) {
      writes.push({
        query: `INSERT INTO ${this.ks}.waypoints_by_drone (drone_id, seq, position, eta, arrived_at)
          VALUES (?, ?, ?, ?, ?)`,
        params: [
          w.droneId,
          w.seq,
          { lat: w.lat, lon: w.lon, altitude_m: w.altitudeM },
          w.eta,
          w.arrivedAt,
        ],
      });
    }
    await this.concurrently(writes, { idempotent: true });
  }

  async setConvoyStatus(convoyId: string, status: ConvoyStatus): Promise<void> {
    // UPDATE would create a row for an unknown convoy; an existing one only is updated.
    const found = await this.exec(
      `SELECT convoy_id FROM ${this.ks}.convoys WHERE convoy_id = ?`,
      [convoyId],
      {
        idempotent: true,
      },
    );
    if (found.rowLength === 0) return;
    await this.exec(
      `UPDATE ${this.ks}.convoys SET status = ? WHERE convoy_id = ?`,
      [status, convoyId],
      {
        idempotent: true,
      },
    );
  }

  async listConvoys(): Promise<Convoy[]> {
    const rows = await this.all(
      `SELECT convoy_id, callsign, mission_type, status, aor_name, aor, rules_of_engagement,
        commanding_unit, mission_start FROM ${this.ks}.convoys`,
    );
    const drones = await this.listDrones();
    const roster = new Map<string, string[]>();
    for (const d of drones) roster.set(d.convoyId, [...(roster.get(d.convoyId) ?? []), d.id]);
    const convoys = rows.map((r): Convoy => {
      const aor = r['aor'] as {
        min_lat: number;
        max_lat: number;
        min_lon: number;
        max_lon: number;
      };
      return {
        id: str(r['convoy_id']),
        callsign: r['callsign'] as string,
        missionType: r['mission_type'] as string,
        status: r['status'] as ConvoyStatus,
        aor: {
          name: r['aor_name'] as string,
          bbox: {
            minLat: aor.min_lat,
            maxLat: aor.max_lat,
            minLon: aor.min_lon,
            maxLon: aor.max_lon,
          },
        },
        rulesOfEngagement: r['rules_of_engagement'] as string,
        commandingUnit: r['commanding_unit'] as string,
        missionStart: ms(r['mission_start']),
        droneIds: roster.get(str(r['convoy_id'])) ?? [],
      };
    });
    // The embedded store's order: by mission start, then callsign.
    return convoys.sort(
      (a, b) => a.missionStart - b.missionStart || compareText(a.callsign, b.callsign),
    );
  }

  async listDrones(): Promise<DroneRecord[]> {
    const rows = await this.all(
      `SELECT convoy_id, drone_id, ordinal, callsign, platform_type FROM ${this.ks}.drones_by_convoy`,
    );
    return rows
      .map((r) => ({
        id: str(r['drone_id']),
        convoyId: str(r['convoy_id']),
        callsign: r['callsign'] as string,
        platformType: r['platform_type'] as PlatformType,
        ordinal: r['ordinal'] as number,
      }))
      .sort((a, b) => compareText(a.convoyId, b.convoyId) || a.ordinal - b.ordinal)
      .map(({ ordinal: _ordinal, ...d }) => d);
  }

  async getWaypoints(droneId: string): Promise<Waypoint[]> {
    const rows = await this.all(
      `SELECT seq, position, eta, arrived_at FROM ${this.ks}.waypoints_by_drone WHERE drone_id = ?`,
      [droneId],
    );
    // A row with no position is an arrival reported for a waypoint the route never had (the
    // conditional update creates it): not a waypoint.
    return rows
      .filter((r) => r['position'] !== null)
      .map((r) => {
        const p = r['position'] as { lat: number; lon: number; altitude_m: number };
        return {
          droneId,
          seq: r['seq'] as number,
          lat: p.lat,
          lon: p.lon,
          altitudeM: p.altitude_m,
          eta: msOrNull(r['eta']),
          arrivedAt: msOrNull(r['arrived_at']),
        };
      });
  }

  async markWaypointsArrived(arrivals: readonly WaypointArrival[]): Promise<void> {
    // The first arrival stands, as in the embedded store: a lightweight transaction, so a second
    // report cannot move it. Arrivals are 25 per drone per mission: their Paxos rounds cost little.
    await this.concurrently(
      arrivals.map((a) => ({
        query: `UPDATE ${this.ks}.waypoints_by_drone SET arrived_at = ? WHERE drone_id = ? AND seq = ?
          IF arrived_at = null`,
        params: [a.arrivedAt, a.droneId, a.seq],
      })),
      // A conditional update with its condition checked again is safe to retry.
      { idempotent: true },
    );
  }

  // ---- telemetry -----------------------------------------------------------------------------

  /**
   * A batch of rows as UNLOGGED batches of rows whose partitions live on the same replicas (so
   * each goes to one node that owns all its rows, and a node takes `telemetryBatchRows` rows for
   * the overhead of one request), with at most `telemetryConcurrency` batches in flight. On one
   * local node, 2,000-row ticks: 20 rows a batch 10,200 rows/s, 40 11,400, 100 13,900; one
   * statement a row (the driver's executeConcurrent) 10,000-10,400.
   */
  async appendTelemetry(rows: readonly Telemetry[]): Promise<void> {
    if (rows.length === 0) return;
    const byReplicas = new Map<string, Statement[]>();
    const hours: Statement[] = [];
    const newHours: string[] = [];
    for (const r of rows) {
      const bucket = hourOf(r.recordedAt);
      const group = this.replicasOf(r.droneId, bucket);
      let statements = byReplicas.get(group);
      if (!statements) byReplicas.set(group, (statements = []));
      statements.push({
        query: `INSERT INTO ${this.ks}.telemetry_by_drone (drone_id, time_bucket, recorded_at, position,
          heading_deg, speed_mps, fuel_pct, current_waypoint, distance_to_next_km, mesh_connectivity, status)
          VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        params: [
          r.droneId,
          bucket,
          r.recordedAt,
          { lat: r.lat, lon: r.lon, altitude_m: r.altitudeM },
          r.headingDeg,
          r.speedMps,
          r.fuelPct,
          r.currentWaypoint,
          r.distanceToNextKm,
          r.meshConnectivity,
          r.status,
        ],
      });
      const hourKey = `${r.droneId}/${bucket}`;
      if (!this.knownHours.has(hourKey)) {
        newHours.push(hourKey);
        this.knownHours.add(hourKey);
        hours.push({
          query: `INSERT INTO ${this.ks}.telemetry_hours_by_drone (drone_id, time_bucket) VALUES (?, ?)`,
          params: [r.droneId, bucket],
        });
      }
    }
    const batches: Statement[][] = [];
    for (const statements of byReplicas.values()) {
      for (let at = 0; at < statements.length; at += this.settings.telemetryBatchRows) {
        batches.push(statements.slice(at, at + this.settings.telemetryBatchRows));
      }
    }
    try {
      // Every statement is an upsert of the same values: safe to retry, and to replay.
      await Promise.all([
        this.inFlight(batches, this.settings.telemetryConcurrency, (batch) =>
          this.batch(batch, this.settings.consistency.telemetry, false),
        ),
        this.concurrently(hours, {
          consistency: this.settings.consistency.telemetry,
          idempotent: true,
        }),
      ]);
    } catch (error) {
      // Not known to be written after all: the next batch tries these hours again.
      for (const key of newHours) this.knownHours.delete(key);
      throw error;
    }
  }

  /** The replicas of a telemetry partition, as a key to group rows by ('' when unknown). */
  private replicasOf(droneId: string, bucket: number): string {
    // The composite partition key as the driver hashes it: per component, a 2-byte length,
    // the value, and a 0 byte.
    const key = Buffer.alloc(2 + 16 + 1 + 2 + 8 + 1);
    key.writeUInt16BE(16, 0);
    types.Uuid.fromString(droneId).getBuffer().copy(key, 2);
    key.writeUInt16BE(8, 19);
    key.writeBigInt64BE(BigInt(bucket), 21);
    const hosts = this.client.getReplicas(this.ks, key);
    return hosts ? hosts.map((h) => h.address).join(',') : '';
  }

  /** Runs `job` over `items` with at most `limit` in flight; rejects with the first failure once all settle. */
  private async inFlight<T>(
    items: readonly T[],
    limit: number,
    job: (item: T) => Promise<void>,
  ): Promise<void> {
    let next = 0;
    let failure: unknown = null;
    const worker = async (): Promise<void> => {
      while (next < items.length) {
        try {
          await job(items[next++]!);
        } catch (error) {
          failure ??= error;
        }
      }
    };
    await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
    if (failure) throw failure;
  }

  /** The hours a drone has telemetry in, newest first. */
  private async hoursOf(droneId: string): Promise<number[]> {
    const rows = await this.all(
      `SELECT time_bucket FROM ${this.ks}.telemetry_hours_by_drone WHERE drone_id = ?`,
      [droneId],
    );
    return rows.map((r) => ms(r['time_bucket']));
  }

  async latestTelemetry(): Promise<Map<string, Telemetry>> {
    // Once, at startup: the newest row of each drone's newest hour.
    const drones = await this.all(
      `SELECT DISTINCT drone_id FROM ${this.ks}.telemetry_hours_by_drone`,
    );
    const latest = new Map<string, Telemetry>();
    let next = 0;
    const worker = async (): Promise<void> => {
      while (next < drones.length) {
        const droneId = str(drones[next++]!['drone_id']);
        for (const hour of await this.hoursOf(droneId)) {
          const result = await this.exec(
            `SELECT ${TELEMETRY_COLUMNS} FROM ${this.ks}.telemetry_by_drone
              WHERE drone_id = ? AND time_bucket = ? LIMIT 1`,
            [droneId, hour],
            { idempotent: true },
          );
          if (result.first()) {
            latest.set(droneId, telemetryFromRow(result.first()));
            break;
          }
        }
      }
    };
    await Promise.all(Array.from({ length: Math.min(WRITE_CONCURRENCY, drones.length) }, worker));
    return latest;
  }

  async telemetryForDrone(droneId: string, fromMs: number, toMs: number): Promise<Telemetry[]> {
    if (toMs < fromMs) return [];
    const hours = (await this.hoursOf(droneId))
      .filter((h) => h >= hourOf(fromMs) && h <= hourOf(toMs))
      .sort((a, b) => a - b);
    const out: Telemetry[] = [];
    for (const hour of hours) {
      for await (const r of this.rows(
        `SELECT ${TELEMETRY_COLUMNS} FROM ${this.ks}.telemetry_by_drone
          WHERE drone_id = ? AND time_bucket = ? AND recorded_at >= ? AND recorded_at <= ?
          ORDER BY recorded_at ASC`,
        [droneId, hour, fromMs, toMs],
      )) {
        out.push(telemetryFromRow(r));
      }
    }
    return out;
  }

  /**
   * A drone-hour partition at a time, each read with paging: memory holds one page of rows
   * however long the range. Partitions are read in sequence, so an export never crowds the
   * cluster out from under the live console's writes.
   */
  async *telemetryPages(range: TelemetryRange, pageRows = 5000): AsyncIterable<Telemetry[]> {
    if (range.toMs < range.fromMs) return;
    let page: Telemetry[] = [];
    for (const droneId of range.droneIds) {
      const hours = (await this.hoursOf(droneId))
        .filter((h) => h >= hourOf(range.fromMs) && h <= hourOf(range.toMs))
        .sort((a, b) => a - b);
      for (const hour of hours) {
        for await (const r of this.rows(
          `SELECT ${TELEMETRY_COLUMNS} FROM ${this.ks}.telemetry_by_drone
            WHERE drone_id = ? AND time_bucket = ? AND recorded_at >= ? AND recorded_at <= ?`,
          [droneId, hour, range.fromMs, range.toMs],
        )) {
          page.push(telemetryFromRow(r));
          if (page.length >= pageRows) {
            yield page;
            page = [];
          }
        }
      }
    }
    if (page.length > 0) yield page;
  }

  /**
   * Every stored row, counted partition by partition (Cassandra has no cheap table count): for
   * tests and diagnostics, not for the console.
   */
  async countTelemetry(): Promise<number> {
    let total = 0;
    for await (const h of this.rows(
      `SELECT drone_id, time_bucket FROM ${this.ks}.telemetry_hours_by_drone`,
      [],
    )) {
      const result = await this.exec(
        `SELECT COUNT(*) AS n FROM ${this.ks}.telemetry_by_drone WHERE drone_id = ? AND time_bucket = ?`,
        [h['drone_id'], h['time_bucket']],
        { idempotent: true },
      );
      total += Number(result.first()['n']);
    }
    return total;
  }

  // ---- engagements ---------------------------------------------------------------------------

  /**
   * The engagement (by drone and by convoy), the drone's stats and its leaderboard row, in one
   * LOGGED batch. Every key is fixed by the engagement and its stats (the drone's sequence is
   * its engagement count), so a retry or a replay writes the same rows again: once, in effect.
   */
  async recordEngagement(e: Engagement, s: EngagementStats): Promise<void> {
    const day = dayOf(e.recordedAt);
    const detail = [e.hit, e.weaponType, e.targetId, e.targetLat, e.targetLon, e.damageAssessment];
    const statsValues = [
      s.totalEngagements,
      s.successfulHits,
      s.currentStreak,
      s.bestStreak,
      s.lastEngagementAt,
      s.lastResult,
    ];
    const newAccuracy = accuracyPct(s.successfulHits, s.totalEngagements);
    const statements: Statement[] = [
      {
        query: `INSERT INTO ${this.ks}.engagements_by_drone (drone_id, drone_seq, engagement_id, convoy_id,
          recorded_at, hit, weapon_type, target_id, target_lat, target_lon, damage_assessment)
          VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        params: [e.droneId, s.totalEngagements, e.id, e.convoyId, e.recordedAt, ...detail],
      },
      {
        query: `INSERT INTO ${this.ks}.engagements_by_convoy (convoy_id, day, recorded_at, drone_id, drone_seq,
          engagement_id, hit, weapon_type, target_id, target_lat, target_lon, damage_assessment)
          VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        params: [e.convoyId, day, e.recordedAt, e.droneId, s.totalEngagements, e.id, ...detail],
      },
      {
        query: `INSERT INTO ${this.ks}.engagement_days_by_convoy (convoy_id, day) VALUES (?, ?)`,
        params: [e.convoyId, day],
      },
      {
        query: `INSERT INTO ${this.ks}.engagement_stats (drone_id, convoy_id, total_engagements, successful_hits,
          current_streak, best_streak, last_engagement_at, last_result) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
        params: [e.droneId, e.convoyId, ...statsValues],
      },
      {
        query: `INSERT INTO ${this.ks}.leaderboard_by_convoy (convoy_id, accuracy_pct, drone_id, total_engagements,
          successful_hits, current_streak, best_streak, last_engagement_at, last_result)
          VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        params: [e.convoyId, newAccuracy, e.droneId, ...statsValues],
      },
    ];
    // The drone's row moves on the board: the one at its accuracy before this engagement goes.
    if (s.totalEngagements > 1) {
      const before = accuracyPct(s.successfulHits - (e.hit ? 1 : 0), s.totalEngagements - 1);
      // Same key, same batch: a tombstone would win over the insert (equal timestamps).
      if (before !== newAccuracy) {
        statements.push({
          query: `DELETE FROM ${this.ks}.leaderboard_by_convoy WHERE convoy_id = ? AND accuracy_pct = ? AND drone_id = ?`,
          params: [e.convoyId, before, e.droneId],
        });
      }
    }
    await this.batch(statements, this.settings.consistency.engagements);
  }

  async listEngagements(filter: { convoyId?: string; droneId?: string }): Promise<Engagement[]> {
    if (filter.droneId) {
      const rows = await this.all(
        `SELECT drone_id, drone_seq, engagement_id, convoy_id, recorded_at, hit, weapon_type, target_id,
          target_lat, target_lon, damage_assessment FROM ${this.ks}.engagements_by_drone WHERE drone_id = ?`,
        [filter.droneId],
      );
      return rows
        .map((r) => ({ seq: r['drone_seq'] as number, e: engagementFromRow(r) }))
        .filter(({ e }) => !filter.convoyId || e.convoyId === filter.convoyId)
        .sort((a, b) => a.e.recordedAt - b.e.recordedAt || a.seq - b.seq)
        .map(({ e }) => e);
    }
    const days = filter.convoyId
      ? await this.all(
          `SELECT convoy_id, day FROM ${this.ks}.engagement_days_by_convoy WHERE convoy_id = ?`,
          [filter.convoyId],
        )
      : await this.all(`SELECT convoy_id, day FROM ${this.ks}.engagement_days_by_convoy`);
    const found: { seq: number; e: Engagement }[] = [];
    for (const d of days) {
      for await (const r of this.rows(
        `SELECT convoy_id, drone_id, drone_seq, engagement_id, recorded_at, hit, weapon_type, target_id,
          target_lat, target_lon, damage_assessment FROM ${this.ks}.engagements_by_convoy
          WHERE convoy_id = ? AND day = ?`,
        [d['convoy_id'], d['day']],
      )) {
        found.push({ seq: r['drone_seq'] as number, e: engagementFromRow(r) });
      }
    }
    // The embedded store's order: time, then drone id as text, then the drone's own sequence.
    return found
      .sort(
        (a, b) =>
          a.e.recordedAt - b.e.recordedAt || compareText(a.e.droneId, b.e.droneId) || a.seq - b.seq,
      )
      .map(({ e }) => e);
  }

  async getStats(droneId: string): Promise<EngagementStats | null> {
    const result = await this.exec(
      `SELECT ${STATS_COLUMNS} FROM ${this.ks}.engagement_stats WHERE drone_id = ?`,
      [droneId],
      { idempotent: true, consistency: this.settings.consistency.engagements },
    );
    const r = result.first();
    return r ? statsFromRow(r) : null;
  }

  async listStats(convoyId: string): Promise<Map<string, EngagementStats>> {
    const rows = await this.all(
      `SELECT ${STATS_COLUMNS} FROM ${this.ks}.leaderboard_by_convoy WHERE convoy_id = ?`,
      [convoyId],
    );
    return new Map(rows.map((r) => [str(r['drone_id']), statsFromRow(r)]));
  }

  // ---- alerts, settings, checkpoint ----------------------------------------------------------

  async saveAlerts(alerts: readonly Alert[]): Promise<void> {
    await this.concurrently(
      alerts.map((a) => ({
        query: `INSERT INTO ${this.ks}.alerts (alert_id, kind, severity, drone_ids, convoy_id, message, raised_at,
          cleared_at, acknowledged_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        params: [
          a.id,
          a.kind,
          a.severity,
          a.droneIds,
          a.convoyId,
          a.message,
          a.raisedAt,
          a.clearedAt,
          a.acknowledgedAt,
        ],
      })),
      { idempotent: true },
    );
  }

  async recentAlerts(clearedLimit: number): Promise<Alert[]> {
    // The table holds 30 days (its TTL); read a page at a time, keep the open ones and the
    // newest cleared ones.
    const open: Alert[] = [];
    let cleared: Alert[] = [];
    for await (const r of this.rows(
      `SELECT alert_id, kind, severity, drone_ids, convoy_id, message, raised_at, cleared_at, acknowledged_at
        FROM ${this.ks}.alerts`,
      [],
    )) {
      const a = alertFromRow(r);
      if (a.clearedAt === null) open.push(a);
      else {
        cleared.push(a);
        if (cleared.length > 2 * clearedLimit + FETCH_SIZE)
          cleared = newestCleared(cleared, clearedLimit);
      }
    }
    return [...open, ...newestCleared(cleared, clearedLimit)].sort(
      (a, b) => b.raisedAt - a.raisedAt || compareText(a.id, b.id),
    );
  }

  async getSetting(key: string): Promise<string | null> {
    const result = await this.exec(`SELECT value FROM ${this.ks}.settings WHERE key = ?`, [key], {
      idempotent: true,
    });
    return (result.first()?.['value'] as string | undefined) ?? null;
  }

  async putSetting(key: string, value: string | null): Promise<void> {
    await (value === null
      ? this.exec(`DELETE FROM ${this.ks}.settings WHERE key = ?`, [key], { idempotent: true })
      : this.exec(`INSERT INTO ${this.ks}.settings (key, value) VALUES (?, ?)`, [key, value], {
          idempotent: true,
        }));
  }

  async loadSimulatorCheckpoint(): Promise<SimulatorCheckpoint | null> {
    const result = await this.exec(
      `SELECT seed, convoys, drones_per_convoy, time_scale, engagements_per_drone_hour, start_time, sim_time,
        running FROM ${this.ks}.simulator_checkpoint WHERE id = 1`,
      [],
      { idempotent: true },
    );
    const r = result.first();
    if (!r) return null;
    return {
      seed: Number(r['seed']),
      convoys: r['convoys'] as number,
      dronesPerConvoy: r['drones_per_convoy'] as number,
      timeScale: r['time_scale'] as number,
      engagementsPerDroneHour: r['engagements_per_drone_hour'] as number,
      startTime: ms(r['start_time']),
      simTime: ms(r['sim_time']),
      running: r['running'] as boolean,
    };
  }

  async saveSimulatorCheckpoint(c: SimulatorCheckpoint): Promise<void> {
    await this.exec(
      `INSERT INTO ${this.ks}.simulator_checkpoint (id, seed, convoys, drones_per_convoy, time_scale,
        engagements_per_drone_hour, start_time, sim_time, running) VALUES (1, ?, ?, ?, ?, ?, ?, ?, ?)`,
      [
        types.Long.fromNumber(c.seed),
        c.convoys,
        c.dronesPerConvoy,
        c.timeScale,
        c.engagementsPerDroneHour,
        c.startTime,
        c.simTime,
        c.running,
      ],
      { idempotent: true },
    );
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.client.shutdown();
  }
}

const TELEMETRY_COLUMNS = `drone_id, recorded_at, position, heading_deg, speed_mps, fuel_pct, current_waypoint,
  distance_to_next_km, mesh_connectivity, status`;

const STATS_COLUMNS = `drone_id, total_engagements, successful_hits, current_streak, best_streak,
  last_engagement_at, last_result`;

function telemetryFromRow(r: Row): Telemetry {
  const p = r['position'] as { lat: number; lon: number; altitude_m: number };
  return {
    droneId: str(r['drone_id']),
    recordedAt: ms(r['recorded_at']),
    lat: p.lat,
    lon: p.lon,
    altitudeM: p.altitude_m,
    headingDeg: r['heading_deg'] as number,
    speedMps: r['speed_mps'] as number,
    fuelPct: r['fuel_pct'] as number,
    currentWaypoint: r['current_waypoint'] as number,
    distanceToNextKm: r['distance_to_next_km'] as number,
    meshConnectivity: r['mesh_connectivity'] as number,
    status: r['status'] as DroneStatus,
  };
}

function statsFromRow(r: Row): EngagementStats {
  return {
    totalEngagements: r['total_engagements'] as number,
    successfulHits: r['successful_hits'] as number,
    currentStreak: r['current_streak'] as number,
    bestStreak: r['best_streak'] as number,
    lastEngagementAt: msOrNull(r['last_engagement_at']),
    lastResult: (r['last_result'] as 'HIT' | 'MISS' | null) ?? null,
  };
}

function engagementFromRow(r: Row): Engagement {
  return {
    id: str(r['engagement_id']),
    convoyId: str(r['convoy_id']),
    droneId: str(r['drone_id']),
    recordedAt: ms(r['recorded_at']),
    hit: r['hit'] as boolean,
    weaponType: r['weapon_type'] as WeaponType,
    targetId: strOrNull(r['target_id']),
    targetLat: numOrNull(r['target_lat']),
    targetLon: numOrNull(r['target_lon']),
    damageAssessment: strOrNull(r['damage_assessment']),
  };
}

function alertFromRow(r: Row): Alert {
  return {
    id: str(r['alert_id']),
    kind: r['kind'] as AlertKind,
    severity: r['severity'] as AlertSeverity,
    droneIds: ((r['drone_ids'] as unknown[] | null) ?? []).map(str),
    convoyId: strOrNull(r['convoy_id']),
    message: r['message'] as string,
    raisedAt: ms(r['raised_at']),
    clearedAt: msOrNull(r['cleared_at']),
    acknowledgedAt: msOrNull(r['acknowledged_at']),
  };
}

function newestCleared(alerts: Alert[], limit: number): Alert[] {
  return alerts.sort((a, b) => b.clearedAt! - a.clearedAt!).slice(0, Math.max(0, limit));
}

/** Code-point order, as the embedded store's VARCHAR and UUID-as-text comparisons. */
function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function consistencyOf(level: CqlConsistency): number {
  return types.consistencies[
    (
      {
        ONE: 'one',
        LOCAL_ONE: 'localOne',
        QUORUM: 'quorum',
        LOCAL_QUORUM: 'localQuorum',
        EACH_QUORUM: 'eachQuorum',
        ALL: 'all',
      } as const
    )[level]
  ];
}

const TRANSIENT_CODES: ReadonlySet<number> = new Set([
  types.responseErrorCodes.unavailableException,
  types.responseErrorCodes.overloaded,
  types.responseErrorCodes.isBootstrapping,
  types.responseErrorCodes.writeTimeout,
  types.responseErrorCodes.readTimeout,
  types.responseErrorCodes.writeFailure,
  types.responseErrorCodes.readFailure,
]);

/**
 * Whether an error means "the cluster cannot take this now" (no host, a timeout, too few
 * replicas) rather than "this request is wrong": the first kind is spooled and retried.
 */
export function isUnreachable(error: unknown): boolean {
  if (
    error instanceof errors.NoHostAvailableError ||
    error instanceof errors.OperationTimedOutError ||
    error instanceof errors.BusyConnectionError
  ) {
    return true;
  }
  if (error instanceof errors.ResponseError) return TRANSIENT_CODES.has(error.code);
  return false;
}

/** Why the driver could not connect, in words an operator can act on; never the password. */
function explainConnectError(error: unknown, settings: CqlSettings): string {
  const where = `${settings.hosts.join(', ')} (keyspace ${settings.keyspace}, data centre ${settings.localDataCenter})`;
  if (error instanceof errors.NoHostAvailableError) {
    const inner = Object.values(error.innerErrors ?? {}) as Error[];
    if (
      inner.some(
        (e) =>
          e instanceof errors.AuthenticationError || /auth|credential|password/i.test(e.message),
      )
    ) {
      return `the Cassandra/ScyllaDB cluster at ${where} refused the credentials of SCYLLA_USERNAME${
        settings.username ? ` (${settings.username})` : ''
      }: ${inner.map((e) => e.message).join('; ')}`;
    }
    return `no Cassandra/ScyllaDB host answered at ${where}: ${
      inner.map((e) => e.message).join('; ') || error.message
    }`;
  }
  if (error instanceof errors.AuthenticationError) {
    return `the cluster at ${where} refused the credentials: ${error.message}`;
  }
  const message = error instanceof Error ? error.message : String(error);
  if (/localDataCenter|data ?cent/i.test(message)) {
    return `cannot use data centre ${settings.localDataCenter} at ${where} (set SCYLLA_LOCAL_DC): ${message}`;
  }
  return `cannot connect to Cassandra/ScyllaDB at ${where}: ${message}`;
}
