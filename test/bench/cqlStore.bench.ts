import { randomUUID } from 'node:crypto';
import { Client, concurrent } from 'cassandra-driver';
import { CqlStore } from '../../src-main/store/cql/CqlStore';
import { applyEngagement, EMPTY_STATS } from '../../src-main/domain/ranking';
import type { EngagementStats, Telemetry } from '../../src-shared/model';
import { cassandraPrerequisites, cassandraScript } from '../support/cassandraNode';
import type { BenchLine } from './telemetryIngest.bench';

/**
 * Telemetry through the CQL store to a local Cassandra node (scripts/cassandra.sh), in the
 * telemetry service's batches (2,000 drones, one row each), next to the plain driver writing the
 * same rows one prepared INSERT each at high concurrency (the driver's own executeConcurrent),
 * in the same run on the same node: the ratio is what the store's batching and bookkeeping add
 * or cost. cassandra-stress, the usual baseline, ships only in Cassandra's binary tarball, which
 * Maven Central does not carry. Also the engagement write's latency (a logged batch of five
 * statements at LOCAL_QUORUM).
 */
const PORT = Number(process.env['CASSANDRA_CQL_PORT'] ?? 19042);
const DRONES = 2_000;
const SECONDS = Number(process.env['BENCH_CQL_SECONDS'] ?? 20);
const WARMUP_SECONDS = Number(process.env['BENCH_CQL_WARMUP_SECONDS'] ?? 20);
const ENGAGEMENTS = 2_000;
const REPLICATION = "{'class': 'SimpleStrategy', 'replication_factor': 1}";

function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.max(0, Math.ceil(p * sorted.length) - 1)] ?? Number.NaN;
}
const ms = (v: number): number => Number(v.toFixed(3));

function ticks(start: number): () => Telemetry[] {
  const drones = Array.from({ length: DRONES }, () => randomUUID());
  let at = start;
  return () => {
    at += 1000;
    return drones.map((droneId, i) => ({
      droneId,
      recordedAt: at,
      lat: 34 + i * 1e-4 + at * 1e-12,
      lon: -117 + i * 1e-4,
      altitudeM: 1200 + (at % 97),
      headingDeg: (i + at / 1000) % 360,
      speedMps: 40.5,
      fuelPct: 80 - (at % 1000) / 100,
      currentWaypoint: i % 25,
      distanceToNextKm: 2.5,
      meshConnectivity: 0.9,
      status: 'AIRBORNE' as const,
    }));
  };
}

async function timed(seconds: number, write: () => Promise<number>) {
  // Warm-up: a fresh node's JIT takes tens of seconds to settle (a cold node measured half).
  const warm = performance.now();
  while (performance.now() - warm < WARMUP_SECONDS * 1000) await write();
  const latencies: number[] = [];
  let rows = 0;
  const started = performance.now();
  while (performance.now() - started < seconds * 1000) {
    const t0 = performance.now();
    rows += await write();
    latencies.push(performance.now() - t0);
  }
  const elapsed = (performance.now() - started) / 1000;
  return { rate: rows / elapsed, latencies: latencies.sort((a, b) => a - b) };
}

export async function* cqlStoreBenches(): AsyncGenerator<BenchLine> {
  const missing = cassandraPrerequisites();
  if (missing) {
    yield { bench: 'cql.skipped', value: 0, unit: 'none', reason: missing };
    return;
  }
  const wasRunning = await cassandraScript('status', PORT).then(
    () => true,
    () => false,
  );
  // A node the bench starts acknowledges writes before fsync (periodic commit log), as a cluster
  // with replicas usually runs and as Cassandra's own write benchmarks are run; the test node
  // fsyncs each commit-log group instead (BENCH_CQL_COMMITLOG=group to measure that).
  const commitlog = process.env['BENCH_CQL_COMMITLOG'] ?? 'periodic';
  await cassandraScript('start', PORT, {
    CASSANDRA_COMMITLOG_SYNC: commitlog,
    CASSANDRA_FRESH: '1',
  });
  const node = wasRunning
    ? 'already running (its own commit-log mode)'
    : `started, ${commitlog} commit log`;
  const keyspace = `bench_${Date.now().toString(36)}`;
  const store = await CqlStore.open({
    hosts: [`127.0.0.1:${PORT}`],
    keyspace,
    localDataCenter: 'datacenter1',
    replication: REPLICATION,
    consistency: { engagements: 'LOCAL_QUORUM', telemetry: 'LOCAL_ONE', other: 'LOCAL_QUORUM' },
    telemetryConcurrency: 128,
    telemetryBatchRows: 100,
    requestTimeoutMs: 12_000,
  });
  const client = new Client({
    contactPoints: [`127.0.0.1:${PORT}`],
    localDataCenter: 'datacenter1',
    keyspace,
  });
  try {
    await client.connect();
    const storeTick = ticks(Date.UTC(2026, 0, 1));
    const viaStore = await timed(SECONDS, async () => {
      const rows = storeTick();
      await store.appendTelemetry(rows);
      return rows.length;
    });

    const rawTick = ticks(Date.UTC(2026, 1, 1));
    const insert = `INSERT INTO telemetry_by_drone (drone_id, time_bucket, recorded_at, position, heading_deg,
      speed_mps, fuel_pct, current_waypoint, distance_to_next_km, mesh_connectivity, status)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`;
    const raw = await timed(SECONDS, async () => {
      const rows = rawTick();
      await concurrent.executeConcurrent(
        client,
        insert,
        rows.map((r) => [
          r.droneId,
          Math.floor(r.recordedAt / 3_600_000) * 3_600_000,
          r.recordedAt,
          { lat: r.lat, lon: r.lon, altitude_m: r.altitudeM },
          r.headingDeg,
          r.speedMps,
          r.fuelPct,
          r.currentWaypoint,
          r.distanceToNextKm,
          r.meshConnectivity,
          r.status,
        ]),
        { concurrencyLevel: 512 },
      );
      return rows.length;
    });

    yield {
      bench: 'cql.telemetry_rows_per_s',
      value: Math.round(viaStore.rate),
      unit: 'rows/s',
      batch: DRONES,
      seconds: SECONDS,
      batch_p50_ms: ms(percentile(viaStore.latencies, 0.5)),
      batch_p99_ms: ms(percentile(viaStore.latencies, 0.99)),
      node,
      target: 20_000,
    };
    yield {
      bench: 'cql.driver_insert_rows_per_s',
      value: Math.round(raw.rate),
      unit: 'rows/s',
      command: 'cassandra-driver executeConcurrent, one prepared INSERT a row, concurrency 512',
      batch_p99_ms: ms(percentile(raw.latencies, 0.99)),
    };
    yield {
      bench: 'cql.store_vs_driver',
      value: Number((viaStore.rate / raw.rate).toFixed(3)),
      unit: 'ratio',
      target: 0.5,
    };

    // Engagements one after another, as a drone's are: each a logged batch at LOCAL_QUORUM.
    const convoyId = randomUUID();
    const drones = Array.from({ length: 50 }, () => randomUUID());
    const stats = new Map<string, EngagementStats>();
    const latencies: number[] = [];
    for (let k = 0; k < ENGAGEMENTS + 100; k++) {
      const droneId = drones[k % drones.length]!;
      const hit = k % 3 !== 0;
      const at = Date.UTC(2026, 2, 1) + k * 1000;
      const after = applyEngagement(stats.get(droneId) ?? EMPTY_STATS, hit, at);
      stats.set(droneId, after);
      const t0 = performance.now();
      await store.recordEngagement(
        {
          id: randomUUID(),
          convoyId,
          droneId,
          recordedAt: at,
          hit,
          weaponType: 'GBU38_JDAM',
          targetId: `T-${k}`,
          targetLat: 34.5,
          targetLon: 69.2,
          damageAssessment: hit ? 'DESTROYED' : null,
        },
        after,
      );
      if (k >= 100) latencies.push(performance.now() - t0);
    }
    latencies.sort((a, b) => a - b);
    yield {
      bench: 'cql.engagement_write_p99_ms',
      value: ms(percentile(latencies, 0.99)),
      unit: 'ms',
      p50_ms: ms(percentile(latencies, 0.5)),
      engagements: latencies.length,
    };
  } finally {
    await client.shutdown();
    await store.close();
    if (!wasRunning) await cassandraScript('stop', PORT);
  }
}
