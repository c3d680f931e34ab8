import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { rankAll } from '../../src-main/domain/ranking';
import { applyEngagement, EMPTY_STATS } from '../../src-main/domain/ranking';
import {
  FIXTURE_DRONES,
  FIXTURE_ENGAGEMENTS,
  FIXTURE_SECONDS,
  FIXTURE_T0,
  writeMissionFixture,
} from '../support/missionFixture';

/**
 * Offline replay in Chromium through the web host: a mission folder written by another tool (no
 * project code; test/support/missionFixture.ts) opened from the Missions tab, scrubbed on the
 * timeline, played at 8×, stepped with the keys and a typed time; at every stop the leaderboard
 * on screen is the ranking of the fixture's engagements up to the cursor. Then back to live.
 */

let dir: string;
let mission: string;

test.beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'gcs-e2e-mission-'));
  mission = await writeMissionFixture(join(dir, 'raven-9'));
});
test.afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** The board the fixture's engagements make at `cursor`, as [callsign, engagements, hits]. */
function expectedBoard(cursor: number): [string, number, number][] {
  const stats = FIXTURE_DRONES.map(() => EMPTY_STATS);
  for (const [d, s, hit] of FIXTURE_ENGAGEMENTS) {
    const at = FIXTURE_T0 + s * 1000;
    if (at <= cursor) stats[d] = applyEngagement(stats[d]!, hit, at);
  }
  return rankAll(FIXTURE_DRONES.map((droneId, i) => ({ droneId, ...stats[i]!, i }))).map((r) => [
    `RAVEN-9-0${r.i + 1}`,
    r.totalEngagements,
    r.successfulHits,
  ]);
}

async function cursorOf(page: Page): Promise<number> {
  return Number(await page.getByTestId('replay-clock').getAttribute('data-cursor'));
}

/** The leaderboard rows on screen once they show the board at the cursor the bar shows. */
async function expectBoardAtCursor(page: Page): Promise<void> {
  await expect(async () => {
    const cursor = await cursorOf(page);
    const rows = await page
      .getByTestId('leaderboard-row')
      .evaluateAll((trs) =>
        trs.map((tr) => [
          tr.querySelector('[data-col="callsign"]')!.textContent!,
          Number(tr.querySelector('[data-col="engagements"]')!.textContent),
          Number(tr.querySelector('[data-col="hits"]')!.textContent),
        ]),
      );
    expect(rows).toEqual(expectedBoard(cursor));
  }).toPass({ timeout: 10_000 });
}

async function openMission(page: Page, folder: string): Promise<void> {
  await page.keyboard.press('o');
  await page.getByTestId('mission-open-path').fill(folder);
  await page.getByTestId('mission-open').click();
}

test('opens a mission folder, scrubs, plays at 8× and shows the board at the cursor', async ({
  page,
}) => {
  await page.goto('/');
  await expect(page.getByTestId('map')).toHaveAttribute('data-drones-drawn', '36');
  await openMission(page, mission);

  const bar = page.getByTestId('replay-bar');
  await expect(bar).toBeVisible();
  await expect(page.getByTestId('replay-name')).toHaveText('Foreign tool mission');
  await expect(page.getByTestId('replay-mode')).toBeVisible();
  // The console now shows the mission: its four drones, its one convoy.
  await expect(page.getByTestId('drone-count')).toHaveText('4');
  await expect(page.getByTestId('map')).toHaveAttribute('data-drones-drawn', '4');
  expect(await cursorOf(page)).toBe(FIXTURE_T0);
  await expectBoardAtCursor(page);

  // Scrub: a click at 60 % of the timeline puts the cursor there.
  const timeline = page.getByTestId('replay-timeline');
  const box = (await timeline.boundingBox())!;
  await page.mouse.click(box.x + box.width * 0.6, box.y + box.height / 2);
  await expect
    .poll(() => cursorOf(page))
    .toBeGreaterThan(FIXTURE_T0 + FIXTURE_SECONDS * 1000 * 0.55);
  expect(await cursorOf(page)).toBeLessThan(FIXTURE_T0 + FIXTURE_SECONDS * 1000 * 0.65);
  await expectBoardAtCursor(page);
  // Drone 2 fell silent at 59 s: at the cursor it is drawn where it last reported.
  await expect(page.getByTestId('map')).toHaveAttribute('data-drones-drawn', '4');

  // Play at 8× for two seconds of wall time: about 16 s of mission time.
  await page.getByTestId('replay-goto').fill('+0:30');
  await page.getByTestId('replay-goto').press('Enter');
  await expect.poll(() => cursorOf(page)).toBe(FIXTURE_T0 + 30_000);
  await page.getByTestId('replay-speed').selectOption('8');
  await page.getByTestId('replay-forward').click();
  await expect(bar).toHaveAttribute('data-playing', 'true');
  await page.waitForTimeout(2_000);
  await page.getByTestId('replay-play').click();
  await expect(bar).toHaveAttribute('data-playing', 'false');
  const played = (await cursorOf(page)) - (FIXTURE_T0 + 30_000);
  expect(played).toBeGreaterThan(10_000);
  expect(played).toBeLessThan(26_000);
  await expectBoardAtCursor(page);

  // Keys: → and Shift+→ step 1 s and 10 s; Space plays and pauses.
  const before = await cursorOf(page);
  await page.locator('body').click({ position: { x: 5, y: 5 } });
  await page.keyboard.press('ArrowRight');
  await expect.poll(() => cursorOf(page)).toBe(before + 1_000);
  await page.keyboard.press('Shift+ArrowRight');
  await expect.poll(() => cursorOf(page)).toBe(before + 11_000);
  await page.keyboard.press('Shift+ArrowLeft');
  await expect.poll(() => cursorOf(page)).toBe(before + 1_000);
  await page.keyboard.press('Space');
  await expect(bar).toHaveAttribute('data-playing', 'true');
  await page.keyboard.press('Space');
  await expect(bar).toHaveAttribute('data-playing', 'false');

  // A typed time of day, then the end: the last drone's three hits put it on top.
  await page.getByTestId('replay-goto').fill('06:04:50');
  await page.getByTestId('replay-goto').press('Enter');
  await expect.poll(() => cursorOf(page)).toBe(FIXTURE_T0 + 290_000);
  await expectBoardAtCursor(page);
  await expect(page.getByTestId('leaderboard-row').first()).toHaveAttribute(
    'data-drone-id',
    FIXTURE_DRONES[3],
  );

  // The status panel shows the drone at the cursor.
  await page.getByTestId('leaderboard-row').nth(1).click();
  await expect(page.getByTestId('drone-status')).toContainText('RAVEN-9-0');

  // Back to live: the simulator's 36 drones again.
  await page.getByTestId('replay-close').click();
  await expect(bar).toBeHidden();
  await expect(page.getByTestId('drone-count')).toHaveText('36');
  await expect(page.getByTestId('map')).toHaveAttribute('data-drones-drawn', '36');
});

test('a broken mission folder is refused with the reason, and the console stays as it was', async ({
  page,
}) => {
  const broken = await writeMissionFixture(join(dir, 'broken'));
  await writeFile(join(broken, 'telemetry.parquet'), 'not parquet at all');
  await page.goto('/');
  await expect(page.getByTestId('map')).toHaveAttribute('data-drones-drawn', '36');
  await openMission(page, broken);
  await expect(page.getByTestId('mission-error')).toContainText(
    'telemetry.parquet is not a readable Parquet file',
  );
  await expect(page.getByTestId('replay-bar')).toBeHidden();
  await expect(page.getByTestId('drone-count')).toHaveText('36');
});

test('analytics of the mission: a chart, and the same figures saved as CSV', async ({ page }) => {
  await page.goto('/');
  await expect(page.getByTestId('map')).toHaveAttribute('data-drones-drawn', '36');
  await openMission(page, mission);
  await expect(page.getByTestId('replay-bar')).toBeVisible();
  await page.keyboard.press('y');
  await expect(page.getByTestId('analytics-source')).toHaveAttribute('data-source', 'replay');
  await page.getByTestId('analytics-report').selectOption('hit_rate_by_weapon');
  await expect(page.getByTestId('analytics-status')).toHaveAttribute('data-state', 'done');
  await expect(page.getByTestId('analytics-chart').locator('canvas')).toBeVisible();
  const download = page.waitForEvent('download');
  await page.getByTestId('analytics-csv').click();
  const file = await (await download).path();
  const csv = (await import('node:fs')).readFileSync(file!, 'utf8');
  const hits = FIXTURE_ENGAGEMENTS.filter(([, , hit]) => hit).length;
  // Every engagement of the fixture is a GBU-38.
  expect(csv).toBe(
    'weapon_type,hit_rate_pct,engagements,hits\r\n' +
      `GBU38_JDAM,${(100 * hits) / FIXTURE_ENGAGEMENTS.length},${FIXTURE_ENGAGEMENTS.length},${hits}\r\n`,
  );
  await page.getByTestId('replay-close').click();
  await expect(page.getByTestId('analytics-source')).toHaveAttribute('data-source', 'live');
  await expect(page.getByTestId('analytics-status')).toHaveAttribute('data-state', 'done');
});
