import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defineConfig } from '@playwright/test';

/**
 * End-to-end: the built renderer in Debian's Chromium, through the real web host on loopback,
 * on a fresh data folder. The simulator's random engagements are off so the leaderboard moves
 * only when a test records an engagement.
 */
const port = Number(process.env['GCS_E2E_PORT'] ?? 18787);
const dataDir = mkdtempSync(join(tmpdir(), 'gcs-e2e-'));
export const baseURL = `http://127.0.0.1:${port}`;

export default defineConfig({
  testDir: '.',
  testMatch: '**/*.e2e.ts',
  timeout: 60_000,
  expect: { timeout: 15_000 },
  fullyParallel: false,
  workers: 1,
  reporter: [['list']],
  outputDir: '../../test-results',
  use: {
    baseURL,
    viewport: { width: 1280, height: 720 },
    launchOptions: {
      executablePath: process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium',
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--no-first-run',
        '--disable-sync',
      ],
    },
  },
  webServer: {
    command: `node out/main/serve.js --port ${port}`,
    cwd: '../..',
    url: `${baseURL}/health`,
    reuseExistingServer: false,
    timeout: 60_000,
    stdout: 'pipe',
    env: {
      GCS_DATA_DIR: dataDir,
      GCS_SIM_ENGAGEMENTS_PER_HOUR: '0',
      GCS_LOG_LEVEL: 'warn',
    },
  },
});
