import { randomUUID } from 'node:crypto';
import { Client } from 'cassandra-driver';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applyCqlSchema, CQL_MIGRATIONS } from '../../src-main/store/cql/cqlSchema';
import { CqlStore, isUnreachable } from '../../src-main/store/cql/CqlStore';
import { freePort } from '../support/redisServer';
import {
  AUTH_NODE,
  cassandraPort,
  cassandraScript,
  cqlSettings,
  testKeyspace,
} from '../support/cassandraServer';

/**
 * The CQL store against a real Cassandra node: the schema applied once and found again, the
 * seed's tables and layout as the node reports them, and clear errors for hosts that do not
 * answer, wrong credentials and a keyspace the user may not create.
 */
const port = cassandraPort();

describe.runIf(port > 0)('CQL store on a real Cassandra node', () => {
  let admin: Client;

  beforeAll(async () => {
    admin = new Client({ contactPoints: [`127.0.0.1:${port}`], localDataCenter: 'datacenter1' });
    await admin.connect();
  });
  afterAll(async () => {
    await admin?.shutdown();
  });

  it('applies the schema on first open, into the configured keyspace, and not again', async () => {
    const keyspace = testKeyspace('schema');
    const store = await CqlStore.open(cqlSettings(port, keyspace));
    await store.close();
    const tables = await admin.execute(
      'SELECT table_name FROM system_schema.tables WHERE keyspace_name = ?',
      [keyspace],
      { prepare: true },
    );
    expect(tables.rows.map((r) => r['table_name'] as string).sort()).toEqual(
      [
        'alerts',
        'convoys',
        'drones_by_convoy',
        'engagement_days_by_convoy',
        'engagement_stats',
        'engagements_by_convoy',
        'engagements_by_drone',
        'leaderboard_by_convoy',
        'schema_migrations',
        'settings',
        'simulator_checkpoint',
        'telemetry_by_drone',
        'telemetry_hours_by_drone',
        'waypoints_by_drone',
      ].sort(),
    );
    const versions = await admin.execute(`SELECT version FROM ${keyspace}.schema_migrations`);
    expect(versions.rows.map((r) => r['version'])).toEqual(CQL_MIGRATIONS.map((m) => m.version));
    // Opened again: nothing left to apply.
    expect(
      await applyCqlSchema(admin, keyspace, "{'class': 'SimpleStrategy', 'replication_factor': 1}"),
    ).toEqual([]);
  });

  it('lays telemetry out as the seed says: (drone_id, hour) partitions, newest first, 30 days', async () => {
    const keyspace = testKeyspace('layout');
    await (await CqlStore.open(cqlSettings(port, keyspace))).close();
    const columns = await admin.execute(
      'SELECT column_name, kind, clustering_order, position FROM system_schema.columns WHERE keyspace_name = ? AND table_name = ?',
      [keyspace, 'telemetry_by_drone'],
      { prepare: true },
    );
    const key = columns.rows
      .filter((r) => r['kind'] !== 'regular')
      .map((r) => [r['column_name'], r['kind'], r['clustering_order'], r['position']]);
    expect(key).toEqual(
      expect.arrayContaining([
        ['drone_id', 'partition_key', 'none', 0],
        ['time_bucket', 'partition_key', 'none', 1],
        ['recorded_at', 'clustering', 'desc', 0],
      ]),
    );
    const table = await admin.execute(
      'SELECT default_time_to_live FROM system_schema.tables WHERE keyspace_name = ? AND table_name = ?',
      [keyspace, 'telemetry_by_drone'],
      { prepare: true },
    );
    expect(table.first()['default_time_to_live']).toBe(30 * 24 * 3600);
    const replication = await admin.execute(
      'SELECT replication FROM system_schema.keyspaces WHERE keyspace_name = ?',
      [keyspace],
      { prepare: true },
    );
    expect(replication.first()['replication']).toMatchObject({ replication_factor: '1' });
  });

  it('stores telemetry across hour partitions and reads a range back in order, a page at a time', async () => {
    const store = await CqlStore.open(cqlSettings(port, testKeyspace('hours')));
    try {
      const droneId = randomUUID();
      // 3 hours and a bit at 1 Hz, starting mid-hour: four partitions, 11,000 rows.
      const start = Date.UTC(2026, 10, 22, 9, 40, 0, 123);
      const rows = Array.from({ length: 11_000 }, (_, i) => ({
        droneId,
        recordedAt: start + i * 1000,
        lat: 0.1 + 0.2,
        lon: -117.25 + i * 1e-6,
        altitudeM: 12_000.5,
        headingDeg: i % 360,
        speedMps: 41.3,
        fuelPct: 99 - i / 1000,
        currentWaypoint: i % 25,
        distanceToNextKm: 3.25,
        meshConnectivity: 0.875,
        status: 'AIRBORNE' as const,
      }));
      for (let at = 0; at < rows.length; at += 2_000) {
        await store.appendTelemetry(rows.slice(at, at + 2_000));
      }
      expect(await store.telemetryForDrone(droneId, start, start + 11_000_000)).toEqual(rows);
      const from = start + 1_234_000;
      const to = start + 9_876_000;
      expect(await store.telemetryForDrone(droneId, from, to)).toEqual(
        rows.filter((r) => r.recordedAt >= from && r.recordedAt <= to),
      );
      expect(await store.countTelemetry()).toBe(rows.length);
      expect((await store.latestTelemetry()).get(droneId)).toEqual(rows.at(-1));
    } finally {
      await store.close();
    }
  });

  it('takes an engagement recorded twice (a retry, a replay) once', async () => {
    const store = await CqlStore.open(cqlSettings(port, testKeyspace('once')));
    try {
      const convoyId = randomUUID();
      const droneId = randomUUID();
      const e = {
        id: randomUUID(),
        convoyId,
        droneId,
        recordedAt: 1_795_000_000_000,
        hit: true,
        weaponType: 'AGM114_HELLFIRE' as const,
        targetId: 'T-1',
        targetLat: 34.5,
        targetLon: 69.25,
        damageAssessment: 'DESTROYED',
      };
      const stats = {
        totalEngagements: 1,
        successfulHits: 1,
        currentStreak: 1,
        bestStreak: 1,
        lastEngagementAt: e.recordedAt,
        lastResult: 'HIT' as const,
      };
      await store.recordEngagement(e, stats);
      await store.recordEngagement(e, stats);
      expect(await store.listEngagements({ convoyId })).toEqual([e]);
      expect(await store.listEngagements({ droneId })).toEqual([e]);
      expect(await store.listStats(convoyId)).toEqual(new Map([[droneId, stats]]));
    } finally {
      await store.close();
    }
  });

  it('says clearly when no host answers, and classes it as unreachable', async () => {
    const nobody = await freePort();
    const error = await CqlStore.open({ ...cqlSettings(nobody, 'drone_ops') }).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(Error);
    expect((error as Error).message).toMatch(
      /no Cassandra\/ScyllaDB host answered at 127\.0\.0\.1:\d+/,
    );
  });

  it('classes request errors as the caller’s, not as an outage', async () => {
    const store = await CqlStore.open(cqlSettings(port, testKeyspace('errors')));
    try {
      const error = await store.telemetryForDrone('not-a-uuid', 0, 1).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(Error);
      expect(isUnreachable(error)).toBe(false);
    } finally {
      await store.close();
    }
  });
});

describe.runIf(port > 0)('CQL store on a node that checks passwords', () => {
  beforeAll(async () => {
    await cassandraScript('start', AUTH_NODE.port, AUTH_NODE.env);
  }, 300_000);
  afterAll(async () => {
    await cassandraScript('stop', AUTH_NODE.port, AUTH_NODE.env);
  }, 60_000);

  const settings = (username: string, password: string, keyspace = testKeyspace('auth')) => ({
    ...cqlSettings(AUTH_NODE.port, keyspace),
    username,
    password,
  });

  it('refuses wrong credentials with a message that names the user, never the password', async () => {
    const error = (await CqlStore.open(settings('cassandra', 'not-the-password-42')).catch(
      (e: unknown) => e,
    )) as Error;
    expect(error).toBeInstanceOf(Error);
    expect(error.message).toMatch(/refused the credentials/);
    expect(error.message).toContain('cassandra');
    expect(error.message).not.toContain('not-the-password-42');
  });

  it('works with the right ones, and says what to do when the user may not create the keyspace', async () => {
    const store = await CqlStore.open(settings('cassandra', 'cassandra'));
    await store.putSetting('k', 'v');
    expect(await store.getSetting('k')).toBe('v');
    await store.close();

    const admin = new Client({
      contactPoints: [`127.0.0.1:${AUTH_NODE.port}`],
      localDataCenter: 'datacenter1',
      credentials: { username: 'cassandra', password: 'cassandra' },
    });
    await admin.connect();
    try {
      await admin.execute(
        "CREATE ROLE IF NOT EXISTS operator WITH PASSWORD = 'op-pass' AND LOGIN = true",
      );
      const error = (await CqlStore.open(settings('operator', 'op-pass')).catch(
        (e: unknown) => e,
      )) as Error;
      expect(error.message).toMatch(/lacks the schema and this user may not create it/);
      expect(error.message).toContain('npm run schema:apply');
    } finally {
      await admin.shutdown();
    }
  });
});
