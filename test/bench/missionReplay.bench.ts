import { readFile, rm, mkdtemp, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { writeMission, type MissionDroneRow } from '../../src-main/analytics/missionWriter';
import { applyEngagement, EMPTY_STATS } from '../../src-main/domain/ranking';
import { FleetSimulator } from '../../src-main/simulator/FleetSimulator';
import { DuckDbStore } from '../../src-main/store/duckdb/DuckDbStore';
import type { EngagementStats, Telemetry } from '../../src-shared/model';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../support/chromium';
import { prng } from '../support/prng';
import { connectContract } from '../e2e/contractClient';
import { framesPerSecond, median, percentile, startHost, stopHost } from './benchHost';
import type { BenchLine } from './telemetryIngest.bench';

/**
 * Offline replay at scale: a 10-million-row mission (2,000 simulated drones at 1 Hz for about 83
 * minutes, with their engagements) written through the DuckDB store, exported to a mission
 * folder, then opened in a fresh web host (the main process as the desktop app runs it) and
 * scrubbed and played in Chromium. Times are wall clock on this machine; the host's RSS is read
 * from /proc while it replays.
 *
 * BENCH_REPLAY_SECONDS sets the mission's length (5,000 s = 10 M rows), BENCH_MISSION_DIR keeps
 * the generated mission for the next run (its export is then not timed again).
 */
const DRONES = { convoys: 4, perConvoy: 500 };
const SECONDS = Number(process.env['BENCH_REPLAY_SECONDS'] ?? 5_000);
const PORT = Number(process.env['BENCH_REPLAY_PORT'] ?? 18798);
const SEEKS = 200;
const FPS_SECONDS = Number(process.env['BENCH_FPS_SECONDS'] ?? 20);
const FLUSH_ROWS = 40_000;

const ms = (v: number): number => Number(v.toFixed(1));

/** Simulates the mission into a DuckDB store, then exports it as the GCS does (COPY to Parquet). */
async function generateMission(folder: string, work: string): Promise<BenchLine[]> {
  const store = await DuckDbStore.open(join(work, 'bench.duckdb'));
  const sim = new FleetSimulator({
    seed: 7,
    convoys: DRONES.convoys,
    dronesPerConvoy: DRONES.perConvoy,
    engagementsPerDroneHour: 30,
    startTime: Date.UTC(2026, 0, 1, 6),
  });
  const { convoys, drones, waypoints } = sim.fleet;
  await store.saveFleet(convoys, drones, waypoints);
  const stats = new Map<string, EngagementStats>();
  const seq = new Map<string, number>();
  const engagements: Parameters<typeof writeMission>[0]['engagements'][number][] = [];
  let buffer: Telemetry[] = [];
  let rows = 0;
  const ingestStart = performance.now();
  for (let s = 0; s < SECONDS; s++) {
    const step = sim.step();
    buffer.push(...step.telemetry);
    const writes: Promise<void>[] = [];
    for (const e of step.engagements) {
      const after = applyEngagement(stats.get(e.droneId) ?? EMPTY_STATS, e.hit, e.recordedAt);
      stats.set(e.droneId, after);
      const droneSeq = (seq.get(e.droneId) ?? 0) + 1;
      seq.set(e.droneId, droneSeq);
      engagements.push({ ...e, droneSeq });
      writes.push(store.recordEngagement(e, after));
    }
    if (buffer.length >= FLUSH_ROWS || s === SECONDS - 1) {
      await store.appendTelemetry(buffer);
      rows += buffer.length;
      buffer = [];
    }
    await Promise.all(writes);
  }
  const ingestSeconds = (performance.now() - ingestStart) / 1000;
  const droneRows: MissionDroneRow[] = drones.map((d) => ({
    id: d.id,
    convoyId: d.convoyId,
    callsign: d.callsign,
    platformType: d.platformType,
    ordinal: convoys.find((c) => c.id === d.convoyId)!.droneIds.indexOf(d.id),
  }));
  const range = { droneIds: drones.map((d) => d.id), fromMs: 0, toMs: Number.MAX_SAFE_INTEGER / 2 };
  const exportStart = performance.now();
  const manifest = await writeMission(
    {
      folder,
      name: `bench: ${drones.length} drones, ${SECONDS} s`,
      exportedBy: 'npm run bench -- replay',
      convoys,
      drones: droneRows,
      waypoints,
      engagements,
      telemetry: {
        kind: 'parquet',
        write: (file, onProgress) => store.writeTelemetryParquet(range, file, onProgress).done,
        interrupt: () => undefined,
      },
    },
    new AbortController().signal,
    () => undefined,
  );
  const exportSeconds = (performance.now() - exportStart) / 1000;
  await store.close();
  const bytes = (await stat(join(folder, 'telemetry.parquet'))).size;
  return [
    {
      bench: 'replay.mission_rows',
      value: manifest.rowCounts.telemetry,
      unit: 'rows',
      drones: drones.length,
      seconds: SECONDS,
      engagements: manifest.rowCounts.engagements,
      simulate_and_store_s: ms(ingestSeconds),
      rows_written: rows,
    },
    {
      bench: 'replay.export_s',
      value: ms(exportSeconds),
      unit: 's',
      rows_per_s: Math.round(manifest.rowCounts.telemetry / exportSeconds),
      telemetry_file_mb: ms(bytes / 1024 / 1024),
      bytes_per_row: ms(bytes / manifest.rowCounts.telemetry),
      path: 'DuckDB store COPY to Parquet (zstd, 30,720-row groups), sorted by time',
    },
  ];
}

function rssMb(pid: number): Promise<number> {
  return readFile(`/proc/${pid}/status`, 'utf8').then((text) => {
    const kb = Number(/VmRSS:\s+(\d+)/.exec(text)?.[1] ?? 0);
    return kb / 1024;
  });
}

export async function* missionReplayBenches(): AsyncGenerator<BenchLine> {
  const work = await mkdtemp(join(tmpdir(), 'gcs-bench-replay-'));
  const keep = process.env['BENCH_MISSION_DIR'];
  const folder = keep ?? join(work, 'mission');
  const existing = keep ? await stat(join(keep, 'manifest.json')).catch(() => null) : null;
  if (!existing) {
    for (const line of await generateMission(folder, work)) yield line;
  } else {
    yield { bench: 'replay.export_s', value: 0, unit: 's', note: `reused ${keep}: not timed` };
  }

  const dataDir = join(work, 'host');
  const host = await startHost(PORT, { GCS_DATA_DIR: dataDir, GCS_SIMULATOR: 'off' });
  const { api, bridge } = connectContract(`http://127.0.0.1:${PORT}`);
  const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
  try {
    const rssBefore = await rssMb(host.pid!);
    const openStart = performance.now();
    const opened = await api.request('replay.open', { folder });
    const openMs = performance.now() - openStart;
    yield {
      bench: 'replay.open_ms',
      value: ms(openMs),
      unit: 'ms',
      target: 1500,
      rows: opened.telemetryRows,
      note: 'replay.open round trip: manifest and every file checked, small tables read, first state shown',
    };

    // Seeks before the keyframe index is ready are exact but read everything before the cursor.
    const rand = prng(3);
    const span = opened.endMs - opened.startMs;
    const early: number[] = [];
    for (let i = 0; i < 5 && !(await api.request('replay.status', {})).index.ready; i++) {
      const t0 = performance.now();
      await api.request('replay.seek', { atMs: Math.round(opened.startMs + rand() * span) });
      early.push(performance.now() - t0);
    }
    const since = performance.now() - openMs - early.reduce((a, b) => a + b, 0);
    let keyframesMs = Number.NaN;
    for (;;) {
      const { index } = await api.request('replay.status', {});
      if (index.ready && Number.isNaN(keyframesMs)) keyframesMs = performance.now() - since;
      if (index.progress === 1) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    yield {
      bench: 'replay.index_ready_ms',
      value: ms(performance.now() - since),
      unit: 'ms',
      keyframes_ready_ms: ms(keyframesMs),
      note: 'from replay.open until the seek index is whole (keyframes, then the native copy), in the background',
      seeks_while_indexing_ms: early.map(ms),
    };

    const seeks: number[] = [];
    for (let i = 0; i < SEEKS; i++) {
      const t0 = performance.now();
      await api.request('replay.seek', { atMs: Math.round(opened.startMs + rand() * span) });
      seeks.push(performance.now() - t0);
    }
    yield {
      bench: 'replay.seek_p95_ms',
      value: ms(percentile(seeks, 0.95)),
      unit: 'ms',
      target: 100,
      p50_ms: ms(percentile(seeks, 0.5)),
      p99_ms: ms(percentile(seeks, 0.99)),
      seeks: SEEKS,
      note: 'replay.seek round trip to a random time: keyframe + window in DuckDB, state and frame built',
    };

    // The console in Chromium on the replay: the map's frame rate paused (the baseline) and
    // playing at 64x, and the host's memory meanwhile.
    const page = await browser.newPage({ viewport: { width: 1920, height: 1080 } });
    await page.goto(`http://127.0.0.1:${PORT}/`);
    await page.waitForSelector('[data-testid="replay-bar"]', { timeout: 60_000 });
    await api.request('replay.seek', { atMs: opened.startMs + span / 4 });
    await page.waitForTimeout(3_000);
    const paused = await framesPerSecond(page, Math.min(FPS_SECONDS, 10));
    const rss: number[] = [];
    const sampler = setInterval(() => {
      void rssMb(host.pid!).then((v) => rss.push(v));
    }, 500);
    await api.request('replay.play', { speed: 64, reverse: false });
    const cursorAtStart = (await api.request('replay.status', {})).cursorMs;
    const wallStart = performance.now();
    const playing = await framesPerSecond(page, FPS_SECONDS);
    const status = await api.request('replay.pause', {});
    const wall = (performance.now() - wallStart) / 1000;
    clearInterval(sampler);
    const drawn = Number(await page.getByTestId('map').getAttribute('data-drones-drawn'));
    yield {
      bench: 'replay.map_fps_64x_median',
      value: ms(median(playing)),
      unit: 'fps',
      paused_median: ms(median(paused)),
      ratio: Number((median(playing) / median(paused)).toFixed(2)),
      p10: ms(percentile(playing, 0.1)),
      drones_drawn: drawn,
      mission_s_per_wall_s: ms((status.cursorMs - cursorAtStart) / 1000 / wall),
      note: 'ratio = map fps playing at 64x / map fps paused, same page, same host',
    };
    yield {
      bench: 'replay.host_rss_max_mb',
      value: ms(Math.max(...rss)),
      unit: 'MB',
      target: 1024,
      before_open_mb: ms(rssBefore),
      median_mb: ms(median(rss)),
      note: 'web host (main process) RSS while replaying at 64x with the console attached',
    };
  } finally {
    bridge.close();
    await browser.close();
    await stopHost(host);
    await rm(work, { recursive: true, force: true });
  }
}
