import { expect, test } from '@playwright/test';
import type { SystemHealth } from '../../src-shared/contract';
import { connectContract } from './contractClient';

test.describe('the console through the web host', () => {
  test('loads, connects and draws every simulated drone, moving', async ({ page, request }) => {
    const health = (await (await request.get('/health')).json()) as SystemHealth;
    expect(health.status).toBe('ok');
    expect(health.simulator.running).toBe(true);
    expect(health.droneCount).toBe(36);

    await page.goto('/');
    await expect(page.getByTestId('connection-state')).toHaveText(/open/i);
    const map = page.getByTestId('map');
    await expect(map).toHaveAttribute('data-drones-drawn', String(health.droneCount));

    // Moving: the drawn map changes as telemetry frames arrive.
    const before = await map.screenshot();
    await expect
      .poll(async () => Buffer.compare(before, await map.screenshot()) !== 0, { timeout: 10_000 })
      .toBe(true);
  });

  test('an engagement recorded through the contract changes the leaderboard on screen', async ({
    page,
    baseURL,
  }) => {
    const { api, bridge } = connectContract(baseURL!);
    try {
      await page.goto('/');
      const rows = page.getByTestId('leaderboard-row');
      await expect(rows).toHaveCount(12);
      const convoyId = await page.getByTestId('convoy-select').inputValue();
      const board = await api.request('leaderboard.get', { convoyId, limit: 25 });
      // With random engagements off every drone is at 0/0, so the last row is the last by id.
      const target = board.entries.at(-1)!;
      await expect(rows.first()).not.toHaveAttribute('data-drone-id', target.droneId);

      let result;
      for (let i = 0; i < 3; i++) {
        result = await api.request('engagement.record', {
          convoyId,
          droneId: target.droneId,
          hit: true,
          weaponType: 'AGM114_HELLFIRE',
          targetId: `TGT-E2E-${i}`,
        });
      }
      expect(result).toMatchObject({
        success: true,
        newRank: 1,
        totalEngagements: 3,
        successfulHits: 3,
      });

      const top = rows.first();
      await expect(top).toHaveAttribute('data-drone-id', target.droneId);
      await expect(top.locator('[data-col="rank"]')).toHaveText('1');
      await expect(top.locator('[data-col="callsign"]')).toHaveText(target.callsign);
      await expect(top.locator('[data-col="accuracy"]')).toContainText('100.0');
      await expect(top.locator('[data-col="engagements"]')).toHaveText('3');
      await expect(top.locator('[data-col="hits"]')).toHaveText('3');
    } finally {
      bridge.close();
    }
  });

  test('bad input through the contract is refused and changes nothing', async ({ baseURL }) => {
    const { api, bridge } = connectContract(baseURL!);
    try {
      const [convoy] = await api.request('convoys.list', {});
      const before = await api.request('leaderboard.get', {
        convoyId: convoy!.convoyId,
        limit: 25,
      });
      await expect(
        api.request('engagement.record', {
          convoyId: convoy!.convoyId,
          droneId: 'not-a-uuid',
          hit: true,
          weaponType: 'AGM114_HELLFIRE',
        }),
      ).rejects.toMatchObject({ code: 'INVALID_INPUT' });
      const after = await api.request('leaderboard.get', { convoyId: convoy!.convoyId, limit: 25 });
      expect(after.entries).toEqual(before.entries);
    } finally {
      bridge.close();
    }
  });
});
