import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CoreConfig } from '../../src-main/core/config';
import { createCore, type Core } from '../../src-main/core/createCore';
import { createLogger } from '../../src-main/core/logger';
import { DEFAULT_CACHE_STRATEGIES } from '../../src-main/strategies/strategyConfig';

export async function tempDataDir(
  prefix = 'gcs-test-',
): Promise<{ dir: string; remove: () => Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), prefix));
  return { dir, remove: () => rm(dir, { recursive: true, force: true }) };
}

export function testConfig(
  dataDir: string,
  overrides: Partial<CoreConfig['simulator']> = {},
): CoreConfig {
  return {
    dataDir,
    store: { kind: 'duckdb' },
    cache: { kind: 'memory' },
    simulator: {
      autoStart: false,
      seed: 7,
      convoys: 3,
      dronesPerConvoy: 12,
      timeScale: 1,
      engagementsPerDroneHour: 30,
      ...overrides,
    },
    frameRateHz: 10,
    flushIntervalMs: 200,
    cacheStrategies: DEFAULT_CACHE_STRATEGIES,
    alerts: { lowFuelPct: 25, proximityM: 300 },
    engagementsPerDronePerMinute: 120,
    // Passes run when a test asks (core.retention.runOnce()), not on a timer.
    retention: { hotHours: 48, intervalMs: 3_600_000 },
    logLevel: 'warn',
    version: 'test',
  };
}

export function startCore(config: CoreConfig): Promise<Core> {
  return createCore(config, createLogger('warn'));
}

/** Polls until `check` returns true; fails with `what` after `timeoutMs`. */
export async function waitFor(
  what: string,
  check: () => boolean | Promise<boolean>,
  timeoutMs = 30_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
