import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../support/chromium';
import { framesPerSecond, median, startHost, stopHost } from './benchHost';
import type { BenchLine } from './telemetryIngest.bench';

/**
 * The console at 2,000 drones on 1 Hz telemetry, in Debian's Chromium through the web host:
 * map frame rate, React commits per second, and the renderer's JS heap over a long run.
 */
const DRONES = { convoys: 4, perConvoy: 500 };
const PORT = Number(process.env['BENCH_CONSOLE_PORT'] ?? 18797);
const FPS_SECONDS = Number(process.env['BENCH_FPS_SECONDS'] ?? 30);
const HEAP_MINUTES = Number(process.env['BENCH_HEAP_MINUTES'] ?? 10);

/** Counts React commits through the DevTools hook, which production React calls when present. */
const COUNT_COMMITS = () => {
  const w = window as unknown as Record<string, unknown>;
  w['__gcsCommits'] = 0;
  w['__REACT_DEVTOOLS_GLOBAL_HOOK__'] = {
    supportsFiber: true,
    renderers: new Map(),
    inject() {
      return 1;
    },
    onCommitFiberRoot() {
      w['__gcsCommits'] = (w['__gcsCommits'] as number) + 1;
    },
    onCommitFiberUnmount() {},
    onPostCommitFiberRoot() {},
    checkDCE() {},
  };
};

export async function* consoleRendererBenches(): AsyncGenerator<BenchLine> {
  const dataDir = await mkdtemp(join(tmpdir(), 'gcs-bench-console-'));
  const host = await startHost(PORT, {
    GCS_DATA_DIR: dataDir,
    GCS_SIM_CONVOYS: String(DRONES.convoys),
    GCS_SIM_DRONES_PER_CONVOY: String(DRONES.perConvoy),
  });
  const browser = await chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: [...CHROMIUM_ARGS, '--enable-precise-memory-info'],
  });
  try {
    // The ceiling on this machine: an empty page's frame rate in the same browser while the same
    // host flies the same 2,000 drones (on two shared vCPUs that is itself under 60 at times).
    const blank = await browser.newPage({ viewport: { width: 1920, height: 1080 } });
    await blank.setContent('<!doctype html><title>baseline</title>');
    await blank.waitForTimeout(10_000);
    const baseline = await framesPerSecond(blank, Math.min(FPS_SECONDS, 15));
    await blank.close();

    const page = await browser.newPage({ viewport: { width: 1920, height: 1080 } });
    await page.addInitScript(COUNT_COMMITS);
    await page.goto(`http://127.0.0.1:${PORT}/`);
    await page.waitForFunction(
      (n) =>
        document.querySelector('[data-testid="map"]')?.getAttribute('data-drones-drawn') ===
        String(n),
      DRONES.convoys * DRONES.perConvoy,
      { timeout: 60_000 },
    );
    // Select a drone so the status panel updates live too, as it would for an operator.
    await page.getByTestId('leaderboard-row').first().click();
    // Past the start burst (fleet created, every drone reporting for the first time).
    await page.waitForTimeout(10_000);

    const commitsBefore = await page.evaluate(
      () => (window as unknown as { __gcsCommits: number }).__gcsCommits,
    );
    const fps = await framesPerSecond(page, FPS_SECONDS);
    const commitsAfter = await page.evaluate(
      () => (window as unknown as { __gcsCommits: number }).__gcsCommits,
    );
    const elapsed = fps.length;
    yield {
      bench: 'console.map_fps_median',
      value: Number(median(fps).toFixed(1)),
      unit: 'fps',
      drones: 2000,
      target: 55,
    };
    yield {
      bench: 'console.blank_page_fps_median',
      value: Number(median(baseline).toFixed(1)),
      unit: 'fps',
      ratio: Number((median(fps) / median(baseline)).toFixed(2)),
      note: 'ratio = console fps / blank-page fps, same browser, same host load',
    };
    yield {
      bench: 'console.map_fps_p10',
      value: Number([...fps].sort((a, b) => a - b)[Math.floor(fps.length * 0.1)]!.toFixed(1)),
      unit: 'fps',
    };
    yield {
      bench: 'console.react_commits_per_s',
      value: Number(((commitsAfter - commitsBefore) / elapsed).toFixed(1)),
      unit: 'commits/s',
      note: 'at most one per frame is the target; never one per drone',
    };

    const cdp = await page.context().newCDPSession(page);
    const heapMb = async (): Promise<number> => {
      await cdp.send('HeapProfiler.collectGarbage');
      const { usedSize } = await cdp.send('Runtime.getHeapUsage');
      return usedSize / 1024 / 1024;
    };
    await page.waitForTimeout(30_000); // warm-up
    const samples: number[] = [await heapMb()];
    const steps = Math.max(1, Math.round(HEAP_MINUTES * 2));
    for (let i = 0; i < steps; i++) {
      await page.waitForTimeout(30_000);
      samples.push(await heapMb());
    }
    const start = samples[0]!;
    const end = samples.at(-1)!;
    yield { bench: 'console.heap_after_warmup', value: Number(start.toFixed(1)), unit: 'MB' };
    yield {
      bench: 'console.heap_end',
      value: Number(end.toFixed(1)),
      unit: 'MB',
      minutes: HEAP_MINUTES,
    };
    yield {
      bench: 'console.heap_drift',
      value: Number((((Math.max(...samples) - start) / start) * 100).toFixed(1)),
      unit: '%',
      target: 10,
      samples: samples.map((s) => Number(s.toFixed(1))),
    };
  } finally {
    await browser.close();
    await stopHost(host);
    await rm(dataDir, { recursive: true, force: true });
  }
}
