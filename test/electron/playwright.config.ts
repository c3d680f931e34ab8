import { defineConfig } from '@playwright/test';

/**
 * The desktop app itself: the built Electron main process, preload and renderer, launched by
 * Playwright's Electron driver on a fresh user-data folder per launch. Runs where an Electron
 * binary is installed (`npm ci` with network); scripts/test-electron.mjs says so where it is not.
 */
export default defineConfig({
  testDir: '.',
  testMatch: '**/*.electron.ts',
  timeout: 120_000,
  expect: { timeout: 20_000 },
  fullyParallel: false,
  workers: 1,
  reporter: [['list']],
  outputDir: '../../test-results/electron',
});
