import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance, DuckDBTimestampValue } from '@duckdb/node-api';
import { MemoryCache } from '../../src-main/cache/memory/MemoryCache';
import { EventBus } from '../../src-main/core/eventBus';
import { createLogger } from '../../src-main/core/logger';
import { FleetRegistry } from '../../src-main/services/fleetRegistry';
import { TelemetryService } from '../../src-main/services/telemetryService';
import { FleetSimulator } from '../../src-main/simulator/FleetSimulator';
import { DuckDbStore } from '../../src-main/store/duckdb/DuckDbStore';
import { MIGRATIONS } from '../../src-main/store/duckdb/migrations';
import { TelemetryChunkWriter } from '../../src-main/store/duckdb/telemetryChunks';
import type { Telemetry } from '../../src-shared/model';

export interface BenchLine {
  bench: string;
  value: number;
  unit: string;
  [extra: string]: unknown;
}

const DRONES = 2_000;
const SECONDS = Number(process.env['BENCH_INGEST_SECONDS'] ?? 250); // 500,000 rows by default
/** Rows buffered before a flush: the service flushes once a simulated second at 1x, so 10 s at 10x. */
const FLUSH_EVERY_ROWS = 20_000;

/** Real simulator output, generated before timing so neither run pays for it. */
function generateBatches(): Telemetry[][] {
  const sim = new FleetSimulator({
    seed: 42,
    convoys: 4,
    dronesPerConvoy: DRONES / 4,
    engagementsPerDroneHour: 0,
    startTime: Date.UTC(2026, 0, 1),
  });
  return Array.from({ length: SECONDS }, () => sim.step().telemetry);
}

/** The baseline: DuckDB's Appender in a tight loop into the same table, nothing else. */
async function rawAppender(dir: string, batches: Telemetry[][]): Promise<number> {
  const instance = await DuckDBInstance.create(join(dir, 'raw.duckdb'));
  const connection = await instance.connect();
  for (const m of MIGRATIONS) await connection.run(m.sql);
  let rows = 0;
  const started = performance.now();
  let appender = await connection.createAppender('telemetry');
  let pending = 0;
  for (const batch of batches) {
    for (const r of batch) {
      appender.appendVarchar(r.droneId);
      appender.appendTimestamp(new DuckDBTimestampValue(BigInt(r.recordedAt) * 1000n));
      appender.appendDouble(r.lat);
      appender.appendDouble(r.lon);
      appender.appendFloat(r.altitudeM);
      appender.appendFloat(r.headingDeg);
      appender.appendFloat(r.speedMps);
      appender.appendFloat(r.fuelPct);
      appender.appendSmallInt(r.currentWaypoint);
      appender.appendFloat(r.distanceToNextKm);
      appender.appendFloat(r.meshConnectivity);
      appender.appendVarchar(r.status);
      appender.endRow();
    }
    rows += batch.length;
    pending += batch.length;
    if (pending >= FLUSH_EVERY_ROWS) {
      appender.closeSync();
      appender = await connection.createAppender('telemetry');
      pending = 0;
    }
  }
  appender.closeSync();
  const seconds = (performance.now() - started) / 1000;
  connection.closeSync();
  instance.closeSync();
  return rows / seconds;
}

/** The same loop through the chunk writer the store uses: the service's cost on top of it shows. */
async function rawChunkAppender(dir: string, batches: Telemetry[][]): Promise<number> {
  const instance = await DuckDBInstance.create(join(dir, 'chunks.duckdb'));
  const connection = await instance.connect();
  for (const m of MIGRATIONS) await connection.run(m.sql);
  const writer = new TelemetryChunkWriter();
  let rows = 0;
  let pending: Telemetry[] = [];
  const started = performance.now();
  for (const batch of batches) {
    pending = pending.concat(batch);
    rows += batch.length;
    if (pending.length >= FLUSH_EVERY_ROWS) {
      const appender = await connection.createAppender('telemetry');
      writer.append(appender, pending);
      appender.closeSync();
      pending = [];
    }
  }
  const appender = await connection.createAppender('telemetry');
  writer.append(appender, pending);
  appender.closeSync();
  const seconds = (performance.now() - started) / 1000;
  connection.closeSync();
  instance.closeSync();
  return rows / seconds;
}

/** Through the product's path: TelemetryService.ingest → buffered flushes → DuckDbStore. */
async function throughService(
  dir: string,
  batches: Telemetry[][],
): Promise<{ rate: number; stored: number }> {
  const store = await DuckDbStore.open(join(dir, 'service.duckdb'));
  const cache = new MemoryCache();
  const registry = new FleetRegistry();
  const service = new TelemetryService(
    store,
    cache,
    registry,
    new EventBus(),
    createLogger('warn'),
    {
      flushIntervalMs: 1000,
      frameRateHz: 10,
    },
  );
  let rows = 0;
  const started = performance.now();
  for (const batch of batches) {
    service.ingest(batch);
    rows += batch.length;
    if (service.pendingRows >= FLUSH_EVERY_ROWS) await service.flush();
  }
  await service.flush();
  const seconds = (performance.now() - started) / 1000;
  const stored = await store.countTelemetry();
  await service.close();
  await cache.close();
  await store.close();
  if (stored !== rows) throw new Error(`service stored ${stored} of ${rows} rows`);
  return { rate: rows / seconds, stored };
}

export async function* telemetryIngestBenches(): AsyncGenerator<BenchLine> {
  const dir = await mkdtemp(join(tmpdir(), 'gcs-bench-'));
  try {
    const batches = generateBatches();
    const rows = batches.reduce((n, b) => n + b.length, 0);
    const raw = await rawAppender(dir, batches);
    yield { bench: 'telemetry.ingest.raw_appender', value: Math.round(raw), unit: 'rows/s', rows };
    const chunks = await rawChunkAppender(dir, batches);
    yield {
      bench: 'telemetry.ingest.raw_chunk_appender',
      value: Math.round(chunks),
      unit: 'rows/s',
      rows,
    };
    const service = await throughService(dir, batches);
    yield {
      bench: 'telemetry.ingest.service',
      value: Math.round(service.rate),
      unit: 'rows/s',
      rows,
      target: 100_000,
    };
    yield {
      bench: 'telemetry.ingest.service_vs_raw',
      value: Number((service.rate / raw).toFixed(3)),
      unit: 'ratio',
      target: 0.3,
    };
    yield {
      bench: 'telemetry.ingest.service_vs_raw_chunks',
      value: Number((service.rate / chunks).toFixed(3)),
      unit: 'ratio',
    };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
