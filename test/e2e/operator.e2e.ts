import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test, type Locator, type Page } from '@playwright/test';
import type { GcsApi } from '../../src-shared/contract';
import type { Drone } from '../../src-shared/model';
import { pyramid, writePmtiles } from '../support/pmtilesFixture';
import { connectContract } from './contractClient';

/**
 * The operator's console part by part, in Chromium through the web host: picking drones on the map
 * and in the leaderboard, the status panel against `drone.get`, alerts, the drone table, themes,
 * keyboard shortcuts and offline tiles. The host's simulator flies 36 drones at 1× with random
 * engagements off (playwright.config.ts).
 */

let api: GcsApi;
let closeBridge: () => void;

test.beforeAll(({ baseURL }) => {
  const { api: client, bridge } = connectContract(baseURL!);
  api = client;
  closeBridge = () => bridge.close();
});
test.afterAll(() => closeBridge());

async function openConsole(page: Page): Promise<void> {
  await page.goto('/');
  await expect(page.getByTestId('connection-state')).toHaveAttribute('data-state', 'open');
  await expect(page.getByTestId('map')).toHaveAttribute('data-drones-drawn', '36');
}

async function allDrones(): Promise<Drone[]> {
  const convoys = await api.request('convoys.list', {});
  const details = await Promise.all(
    convoys.map((c) => api.request('convoy.get', { convoyId: c.convoyId })),
  );
  return details.flatMap((d) => d.roster);
}

/** Where a position is on screen, from the view the map reports (Web Mercator). */
async function screenPoint(map: Locator, lat: number, lon: number) {
  const [south, west, north, east] = (await map.getAttribute('data-view'))!.split(',').map(Number);
  const box = (await map.boundingBox())!;
  const mercY = (deg: number) => Math.log(Math.tan(Math.PI / 4 + (deg * Math.PI) / 360));
  return {
    x: box.x + ((lon - west!) / (east! - west!)) * box.width,
    y: box.y + ((mercY(north!) - mercY(lat)) / (mercY(north!) - mercY(south!))) * box.height,
    box,
  };
}

function field(panel: Locator, name: string): Locator {
  return panel.locator(`[data-field="${name}"]`);
}

async function numberIn(locator: Locator): Promise<number> {
  return Number(await locator.getAttribute('data-value'));
}

test('clicking a drone on the map selects it', async ({ page }) => {
  await openConsole(page);
  const map = page.getByTestId('map');
  // The drone furthest from any other on screen, away from the toolbar, so that a click on it is
  // unambiguous; convoys fly close together, so zoom in on it (mouse wheel) until it stands alone.
  const mostIsolated = async () => {
    const drones = await allDrones();
    const points = await Promise.all(
      drones.map(async (d) => ({ drone: d, ...(await screenPoint(map, d.lat, d.lon)) })),
    );
    const inside = points.filter(
      (p) =>
        p.x > p.box.x + 40 &&
        p.x < p.box.x + p.box.width - 160 &&
        p.y > p.box.y + 40 &&
        p.y < p.box.y + p.box.height - 40,
    );
    expect(inside.length).toBeGreaterThan(0);
    const isolation = (p: (typeof points)[number]) =>
      Math.min(...points.filter((q) => q !== p).map((q) => Math.hypot(q.x - p.x, q.y - p.y)));
    return inside
      .map((p) => ({ ...p, isolation: isolation(p) }))
      .reduce((a, b) => (b.isolation > a.isolation ? b : a));
  };
  let target = await mostIsolated();
  for (let zoomSteps = 0; target.isolation < 30 && zoomSteps < 12; zoomSteps++) {
    const zoom = (await map.getAttribute('data-zoom'))!;
    await page.mouse.move(target.x, target.y);
    await page.mouse.wheel(0, -100);
    await expect(map).not.toHaveAttribute('data-zoom', zoom);
    await page.waitForTimeout(400); // the zoom animation
    target = await mostIsolated();
  }
  expect(target.isolation).toBeGreaterThanOrEqual(30);

  await page.mouse.click(target.x, target.y);
  const status = page.getByTestId('drone-status');
  await expect(status).toHaveAttribute('data-drone-id', target.drone.id);
  await expect(field(status, 'callsign')).toHaveText(target.drone.callsign);
  // The map draws the selected drone's route: its 25 waypoints.
  await expect(map).toHaveAttribute('data-route-drone', target.drone.id);
  await expect(map).toHaveAttribute('data-route-waypoints', '25');

  // Clicking empty map (the far corner, where no drone flies) clears the selection.
  await page.mouse.click(target.box.x + 5, target.box.y + target.box.height - 5);
  await expect(status).toHaveAttribute('data-drone-id', '');
});

test('clicking a leaderboard row selects that drone, and the status panel matches drone.get', async ({
  page,
}) => {
  await openConsole(page);
  const row = page.getByTestId('leaderboard-row').nth(4);
  const droneId = (await row.getAttribute('data-drone-id'))!;
  await row.click();

  const status = page.getByTestId('drone-status');
  await expect(status).toHaveAttribute('data-drone-id', droneId);
  await expect(field(status, 'platform')).not.toHaveAttribute('data-value', '');

  const drone = await api.request('drone.get', { droneId });
  await expect(field(status, 'callsign')).toHaveAttribute('data-value', drone.callsign);
  await expect(field(status, 'platform')).toHaveAttribute('data-value', drone.platformType);
  await expect(field(status, 'convoy')).toHaveAttribute('data-value', drone.convoyId);
  await expect(field(status, 'status')).toHaveAttribute('data-value', drone.status);
  for (const [name, value] of [
    ['engagements', drone.totalEngagements],
    ['hits', drone.successfulHits],
    ['accuracy', drone.accuracyPct],
    ['currentStreak', drone.currentStreak],
    ['bestStreak', drone.bestStreak],
    ['waypoint', drone.currentWaypoint],
  ] as const) {
    expect(await numberIn(field(status, name)), name).toBe(value);
  }
  // Live values: the panel shows telemetry at most a frame or two older than drone.get's record.
  expect(await numberIn(field(status, 'lat'))).toBeCloseTo(drone.lat, 2);
  expect(await numberIn(field(status, 'lon'))).toBeCloseTo(drone.lon, 2);
  expect(Math.abs((await numberIn(field(status, 'altitude'))) - drone.altitudeM)).toBeLessThan(50);
  expect(Math.abs((await numberIn(field(status, 'fuel'))) - drone.fuelPct)).toBeLessThan(1);
  expect(Math.abs((await numberIn(field(status, 'speed'))) - drone.speedMps)).toBeLessThan(15);
  expect(await numberIn(field(status, 'mesh'))).toBeCloseTo(drone.meshConnectivity, 1);
  // Telemetry arrives every 100 ms: the link is live.
  await expect(field(status, 'linkState')).toHaveAttribute('data-value', 'ok');
  expect(await numberIn(field(status, 'linkAge'))).toBeLessThan(3_000);

  // An engagement shows in the panel as it is recorded.
  await api.request('engagement.record', {
    convoyId: drone.convoyId,
    droneId,
    hit: true,
    weaponType: 'AGM114_HELLFIRE',
    targetId: 'TGT-E2E-STATUS',
  });
  await expect(field(status, 'engagements')).toHaveAttribute(
    'data-value',
    String(drone.totalEngagements + 1),
  );
  await expect(field(status, 'hits')).toHaveAttribute(
    'data-value',
    String(drone.successfulHits + 1),
  );
});

test('a low-fuel alert appears, is acknowledged, survives a reload and clears', async ({
  page,
}) => {
  await openConsole(page);
  await page.getByTestId('tab-alerts').click();
  const list = page.getByTestId('alerts-list');
  const lowFuel = page.locator('[data-testid="alert-row"][data-kind="LOW_FUEL"]');
  const activeLowFuel = lowFuel.and(page.locator('[data-state="active"]'));
  await expect(activeLowFuel).toHaveCount(0);

  try {
    // Every drone has less than 101 % fuel: each raises a low-fuel alert.
    await api.request('alerts.configure', { lowFuelPct: 101 });
    await expect
      .poll(async () => Number(await page.getByTestId('alerts-badge').getAttribute('data-count')))
      .toBeGreaterThanOrEqual(36);
    await expect
      .poll(async () => Number(await list.getAttribute('data-count')), { timeout: 15_000 })
      .toBeGreaterThanOrEqual(36);
    const first = lowFuel.first();
    await expect(first).toHaveAttribute('data-state', 'active');
    const alertId = (await first.getAttribute('data-alert-id'))!;
    const row = page.locator(`[data-testid="alert-row"][data-alert-id="${alertId}"]`);

    // Clicking the alert selects its drone.
    const [alert] = (await api.request('alerts.list', { limit: 500 })).filter(
      (a) => a.id === alertId,
    );
    expect(alert?.kind).toBe('LOW_FUEL');
    await row.click();
    await expect(page.getByTestId('drone-status')).toHaveAttribute(
      'data-drone-id',
      alert!.droneIds[0]!,
    );
    await expect(field(page.getByTestId('drone-status'), 'alerts')).toHaveAttribute(
      'data-value',
      /LOW FUEL/,
    );

    await row.getByTestId('alert-ack').click();
    await expect(row).toHaveAttribute('data-acknowledged', 'true');

    // Kept by the host: a reload shows the same alert, still acknowledged.
    await page.reload();
    await page.getByTestId('tab-alerts').click();
    await expect(row).toHaveAttribute('data-acknowledged', 'true');
    await expect(row).toHaveAttribute('data-state', 'active');
  } finally {
    await api.request('alerts.configure', { lowFuelPct: 25 });
  }

  // Back at 25 %, full tanks are not low: every low-fuel alert clears. Cleared alerts stay in the
  // feed, dimmed, until the operator hides them.
  await expect(activeLowFuel).toHaveCount(0, { timeout: 15_000 });
  await expect(lowFuel.first()).toHaveAttribute('data-state', 'cleared');
  await page.getByTestId('alerts-show-cleared').uncheck();
  await expect(lowFuel).toHaveCount(0);
  // The badge counts open alerts not yet seen: the 36 low-fuel ones are gone from it.
  await expect
    .poll(async () => Number(await page.getByTestId('alerts-badge').getAttribute('data-count')))
    .toBeLessThan(36);
});

test('the drone table sorts, filters and multi-selects', async ({ page }) => {
  await openConsole(page);
  await page.getByTestId('tab-drones').click();
  const rows = page.getByTestId('drone-table-rows');
  await expect(rows).toHaveAttribute('data-count', '36');

  // Sort by fuel (fullest first), then by callsign (A to Z), then reverse that.
  const column = (key: string) =>
    page.locator(`[data-testid="drone-table-row"] [data-col="${key}"]`).allInnerTexts();
  const headerOf = (key: string) =>
    page.locator('[role="columnheader"]', {
      has: page.locator(`[data-sort-key="${key}"]`),
    });
  await page.locator('[data-sort-key="fuel"]').click();
  await expect(headerOf('fuel')).toHaveAttribute('aria-sort', 'descending');
  const fuel = (await column('fuel')).map(Number);
  expect(fuel.length).toBeGreaterThan(3);
  expect(fuel).toEqual([...fuel].sort((a, b) => b - a));

  await page.locator('[data-sort-key="callsign"]').click();
  await expect(headerOf('callsign')).toHaveAttribute('aria-sort', 'ascending');
  const ascending = await column('callsign');
  expect(ascending).toEqual([...ascending].sort());
  await page.locator('[data-sort-key="callsign"]').click();
  await expect(headerOf('callsign')).toHaveAttribute('aria-sort', 'descending');
  const descending = await column('callsign');
  expect(descending).toEqual([...descending].sort().reverse());
  expect(descending[0]).not.toBe(ascending[0]);

  // Filter to one convoy: its twelve drones, each of that convoy.
  const [convoy] = await api.request('convoys.list', {});
  await page.getByTestId('filter-convoy').selectOption(convoy!.convoyId);
  await expect(rows).toHaveAttribute('data-count', '12');
  const convoyCells = await page
    .locator('[data-testid="drone-table-row"] [data-col="convoy"]')
    .allInnerTexts();
  expect(new Set(convoyCells)).toEqual(new Set([convoy!.callsign]));

  // A status nobody has empties the table; clearing the filter brings the convoy back.
  await page.getByTestId('filter-status').selectOption('LOST');
  await expect(rows).toHaveAttribute('data-count', '0');
  await page.getByTestId('filter-status').selectOption('');
  await expect(rows).toHaveAttribute('data-count', '12');

  // Click, ctrl-click, shift-click: one, two, then a range of four.
  const row = (i: number) => page.getByTestId('drone-table-row').nth(i);
  await row(0).click();
  await expect(page.getByTestId('drone-table-selected')).toHaveText(/^1\b/);
  await expect(page.getByTestId('drone-status')).toHaveAttribute(
    'data-drone-id',
    (await row(0).getAttribute('data-drone-id'))!,
  );
  await row(2).click({ modifiers: ['Control'] });
  await expect(page.getByTestId('drone-table-selected')).toHaveText(/^2\b/);
  await row(5).click({ modifiers: ['Shift'] });
  await expect(page.locator('[data-testid="drone-table-row"][aria-selected="true"]')).toHaveCount(
    4,
  );
});

test('the theme switches, is remembered, and recolours the console', async ({ page }) => {
  await openConsole(page);
  const toggle = page.getByTestId('theme-toggle');
  const root = page.locator('html');
  const background = () => page.evaluate(() => getComputedStyle(document.body).backgroundColor);

  await expect(root).toHaveAttribute('data-theme', 'dark');
  const dark = await background();
  await toggle.click();
  await expect(root).toHaveAttribute('data-theme', 'outdoor');
  const outdoor = await background();
  expect(outdoor).not.toBe(dark);

  await page.reload();
  await expect(root).toHaveAttribute('data-theme', 'outdoor');
  await toggle.click();
  await expect(root).toHaveAttribute('data-theme', 'dark');
  expect(await background()).toBe(dark);
});

test('keyboard shortcuts drive the console, and the help overlay lists them', async ({ page }) => {
  await openConsole(page);
  const status = page.getByTestId('drone-status');
  const map = page.getByTestId('map');

  await page.keyboard.press('?');
  const help = page.getByTestId('help-overlay');
  await expect(help).toBeVisible();
  for (const label of [
    'Next drone',
    'Follow the selected drone',
    'drone trails',
    'outdoor theme',
  ]) {
    await expect(help).toContainText(new RegExp(label, 'i'));
  }
  await page.keyboard.press('Escape');
  await expect(help).toBeHidden();

  // Next / previous drone.
  await page.keyboard.press(']');
  const first = await status.getAttribute('data-drone-id');
  expect(first).toMatch(/^[0-9a-f-]{36}$/);
  await page.keyboard.press(']');
  await expect(status).not.toHaveAttribute('data-drone-id', first!);
  await page.keyboard.press('[');
  await expect(status).toHaveAttribute('data-drone-id', first!);

  // Follow, and a layer toggle each way.
  await page.keyboard.press('f');
  await expect(map).toHaveAttribute('data-follow', 'true');
  await expect(page.getByTestId('follow-toggle')).toHaveAttribute('aria-pressed', 'true');
  await page.keyboard.press('f');
  await expect(map).toHaveAttribute('data-follow', 'false');

  const trails = page.getByTestId('layer-toggle-trails');
  const before = await trails.getAttribute('aria-pressed');
  await page.keyboard.press('t');
  await expect(trails).not.toHaveAttribute('aria-pressed', before!);
  await page.keyboard.press('t');
  await expect(trails).toHaveAttribute('aria-pressed', before!);

  await page.keyboard.press('m');
  await expect(page.getByTestId('layer-toggle-mesh')).toHaveAttribute('aria-pressed', 'true');
  await expect(map).toHaveAttribute('data-mesh-state', 'ok');
  await page.keyboard.press('m');
  await expect(map).toHaveAttribute('data-mesh-state', 'off');

  await page.keyboard.press('Shift+T');
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'outdoor');
  await page.keyboard.press('Shift+T');
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');

  // Escape with no overlay open clears the selection.
  await page.keyboard.press('Escape');
  await expect(status).toHaveAttribute('data-drone-id', '');
});

test('an offline PMTiles file opens, draws tiles, is refused when foreign, and closes', async ({
  page,
}) => {
  const dir = await mkdtemp(join(tmpdir(), 'gcs-e2e-tiles-'));
  try {
    const good = join(dir, 'aor.pmtiles');
    const foreign = join(dir, 'notes.pmtiles');
    await writePmtiles(good, pyramid(3));
    await writeFile(foreign, 'not a tile archive, just some text in a file');

    await openConsole(page);
    const map = page.getByTestId('map');
    await expect(map).toHaveAttribute('data-tiles', 'off');
    await page.getByTestId('tiles-toggle').click();
    await expect(page.getByTestId('tiles-status')).toHaveText(/No tile file/);

    // A foreign file: a clear error, and nothing changes.
    await page.getByTestId('tiles-path').fill(foreign);
    await page.getByTestId('tiles-open').click();
    await expect(page.getByTestId('tiles-error')).toContainText(/PMTiles|archive|header/i);
    await expect(map).toHaveAttribute('data-tiles', 'off');
    expect((await api.request('tiles.status', {})).active).toBe(false);

    const plain = await map.screenshot();
    await page.getByTestId('tiles-path').fill(good);
    await page.getByTestId('tiles-open').click();
    await expect(page.getByTestId('tiles-status')).toHaveText(/aor\.pmtiles · png · z0–3/);
    await expect(page.getByTestId('tiles-error')).toHaveCount(0);
    await expect(map).toHaveAttribute('data-tiles', 'on');
    await expect
      .poll(async () => Number(await map.getAttribute('data-tiles-loaded')))
      .toBeGreaterThan(0);
    await expect(map).toHaveAttribute('data-tiles-errors', '0');

    // The tiles are drawn: pixels of the fixture's z3 colour (red 220) show through the basemap.
    const tiled = await map.screenshot();
    expect(Buffer.compare(plain, tiled)).not.toBe(0);
    const images = await page.locator('.leaflet-tile-pane img.leaflet-tile-loaded').count();
    expect(images).toBeGreaterThan(0);

    // Remembered by the host: a reload shows the same file.
    await page.reload();
    await expect(map).toHaveAttribute('data-tiles', 'on');
    await page.getByTestId('tiles-toggle').click();
    await expect(page.getByTestId('tiles-status')).toHaveText(/aor\.pmtiles/);

    await page.getByTestId('tiles-close').click();
    await expect(map).toHaveAttribute('data-tiles', 'off');
    await expect(page.locator('.leaflet-tile-pane img')).toHaveCount(0);
    expect((await api.request('tiles.status', {})).active).toBe(false);
  } finally {
    await api.request('tiles.close', {}).catch(() => undefined);
    await rm(dir, { recursive: true, force: true });
  }
});

test("the convoy switcher shows each convoy's leaderboard and summary, with rank-change arrows", async ({
  page,
}) => {
  await openConsole(page);
  const convoys = await api.request('convoys.list', {});
  const select = page.getByTestId('convoy-select');
  const summary = page.getByTestId('convoy-summary');
  const rows = page.getByTestId('leaderboard-row');

  // The last convoy: an engagement lifts one of its drones to the top, with an up arrow.
  const convoy = convoys.at(-1)!;
  await select.selectOption(convoy.convoyId);
  await expect(summary).toContainText(convoy.callsign);
  await expect(summary.locator('[data-field="drones"]')).toHaveText('12');
  const detail = await api.request('convoy.get', { convoyId: convoy.convoyId });
  const roster = new Set(detail.roster.map((d) => d.id));
  await expect(rows).toHaveCount(12);
  for (const id of await rows.evaluateAll((els) => els.map((e) => e.getAttribute('data-drone-id'))))
    expect(roster.has(id!)).toBe(true);

  const board = await api.request('leaderboard.get', { convoyId: convoy.convoyId, limit: 25 });
  const last = board.entries.at(-1)!;
  const engagementsBefore = Number(await summary.locator('[data-field="engagements"]').innerText());
  await api.request('engagement.record', {
    convoyId: convoy.convoyId,
    droneId: last.droneId,
    hit: true,
    weaponType: 'GBU12_PAVEWAY',
    targetId: 'TGT-E2E-SWITCH',
  });
  const top = rows.first();
  await expect(top).toHaveAttribute('data-drone-id', last.droneId);
  await expect(top.locator('[data-col="change"]')).toContainText('▲');
  await expect(summary.locator('[data-field="engagements"]')).toHaveText(
    String(engagementsBefore + 1),
  );

  // Another convoy: its own drones, none of the first's.
  const other = convoys[0]!;
  await select.selectOption(other.convoyId);
  await expect(summary).toContainText(other.callsign);
  await expect(rows).toHaveCount(12);
  await expect(rows.first()).not.toHaveAttribute('data-drone-id', last.droneId);
  for (const id of await rows.evaluateAll((els) => els.map((e) => e.getAttribute('data-drone-id'))))
    expect(roster.has(id!)).toBe(false);
});
