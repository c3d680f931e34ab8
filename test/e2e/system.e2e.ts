import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, test } from '@playwright/test';
import { freePort, redisServerAvailable, startRedisServer } from '../support/redisServer';
import { connectContract } from './contractClient';

/**
 * The System tab, and what the operator sees when the cache dies: a degraded indicator, and a
 * console that keeps working.
 */

test('the System tab shows the core, the store and the in-process cache', async ({ page }) => {
  await page.goto('/');
  await expect(page.getByTestId('connection-state')).toHaveAttribute('data-state', 'open');
  // All is well: the indicator holds its place but is not shown.
  await expect(page.getByTestId('system-state')).toBeHidden();
  await page.keyboard.press('s');
  const panel = page.getByTestId('system-panel');
  await expect(panel.getByTestId('store-kind')).toHaveText('duckdb');
  await expect(panel.getByTestId('cache-kind')).toHaveText('memory');
  await expect(panel.getByTestId('core-state')).toHaveAttribute('data-state', 'up');
  await expect(panel.getByTestId('cache-circuit')).toHaveAttribute('data-circuit', 'none');
  // The map and the leaderboard read the cache: its counters move.
  const board = panel.locator('[data-testid="cache-entity-row"][data-entity="leaderboard"]');
  await expect
    .poll(async () => Number(await board.locator('[data-col="hits"]').innerText()))
    .toBeGreaterThan(0);
});

test.describe('with a Redis cache that dies and comes back', () => {
  test.skip(!redisServerAvailable(), 'redis-server is not installed');

  test('the operator sees a degraded indicator, the console keeps working, and it clears', async ({
    page,
  }) => {
    test.setTimeout(120_000);
    const redis = await startRedisServer();
    const port = await freePort();
    const dataDir = await mkdtemp(join(tmpdir(), 'gcs-e2e-redis-'));
    let host: ChildProcess | null = null;
    try {
      host = spawn(process.execPath, ['out/main/serve.js', '--port', String(port)], {
        cwd: fileURLToPath(new URL('../..', import.meta.url)),
        env: {
          ...process.env,
          GCS_DATA_DIR: dataDir,
          GCS_CACHE: 'redis',
          REDIS_URL: redis.url,
          GCS_SIM_ENGAGEMENTS_PER_HOUR: '0',
          GCS_LOG_LEVEL: 'warn',
        },
        stdio: ['ignore', 'pipe', 'inherit'],
      });
      await new Promise<void>((resolve, reject) => {
        host!.stdout!.on('data', (c: Buffer) => c.toString().includes('ready at') && resolve());
        host!.once('exit', (code) => reject(new Error(`web host exited with ${code}`)));
      });
      const baseURL = `http://127.0.0.1:${port}`;
      const { api, bridge } = connectContract(baseURL);
      try {
        await page.goto(baseURL);
        await expect(page.getByTestId('connection-state')).toHaveAttribute('data-state', 'open');
        await expect(page.getByTestId('map')).toHaveAttribute('data-drones-drawn', '36');
        await page.getByTestId('tab-system').click();
        const panel = page.getByTestId('system-panel');
        await expect(panel.getByTestId('cache-kind')).toHaveText('redis');
        await expect(panel.getByTestId('cache-circuit')).toHaveAttribute('data-circuit', 'closed');
        await expect(panel.getByTestId('cache-latency')).toContainText('p99');
        await expect(page.getByTestId('system-state')).toBeHidden();

        await redis.kill();
        const chip = page.getByTestId('system-state');
        await expect(chip).toBeVisible({ timeout: 20_000 });
        await expect(chip).toHaveAttribute('data-status', 'degraded');
        await expect(chip).toContainText(/cache degraded/i);
        await expect(panel.getByTestId('cache-circuit')).toHaveAttribute('data-circuit', 'open');
        // Still connected and flying; an engagement is recorded and reaches the leaderboard.
        await expect(page.getByTestId('connection-state')).toHaveAttribute('data-state', 'open');
        const row = page.getByTestId('leaderboard-row').last();
        const droneId = (await row.getAttribute('data-drone-id'))!;
        const convoyId = await page.getByTestId('convoy-select').inputValue();
        const result = await api.request('engagement.record', {
          convoyId,
          droneId,
          hit: true,
          weaponType: 'AGM114_HELLFIRE',
        });
        expect(result).toMatchObject({ success: true, newRank: 1, totalEngagements: 1 });
        await expect(page.getByTestId('leaderboard-row').first()).toHaveAttribute(
          'data-drone-id',
          droneId,
        );

        await redis.start();
        await expect(chip).toBeHidden({ timeout: 30_000 });
        await expect(panel.getByTestId('cache-circuit')).toHaveAttribute('data-circuit', 'closed');
        // After recovery the board, rebuilt from the store, still has the engagement.
        const board = await api.request('leaderboard.get', { convoyId, limit: 25 });
        expect(board.entries[0]).toMatchObject({ droneId, totalEngagements: 1 });
      } finally {
        bridge.close();
      }
    } finally {
      host?.kill('SIGTERM');
      if (host && host.exitCode === null) await new Promise((r) => host!.once('exit', r));
      await redis.stop();
      await rm(dataDir, { recursive: true, force: true });
    }
  });
});
