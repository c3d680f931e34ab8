import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { freshUserData, launch, READY_LINE, root, type DesktopApp } from './desktopApp';

/**
 * The desktop app as an operator gets it: the real Electron main process with the embedded
 * DuckDB store, the sandboxed preload and the built renderer. Each test has its own user-data
 * folder, so data, window state and the log start empty.
 */
let userData: ReturnType<typeof freshUserData>;
let running: DesktopApp | null = null;

test.beforeEach(() => {
  userData = freshUserData();
});
test.afterEach(async () => {
  if (running) await running.app.close().catch(() => undefined);
  running = null;
  userData.remove();
});

async function open(env: Record<string, string> = {}): Promise<DesktopApp> {
  running = await launch(userData.dir, env);
  return running;
}

test('opens on the embedded store, sandboxed, logging to its file, with the drones moving', async () => {
  const desktop = await open();
  const { window: page, app } = desktop;
  await expect(page).toHaveTitle('DroneGrid GCS');
  const health = await desktop.request('system.health', {});
  expect(health.store.kind).toBe('duckdb');
  expect(health.dataDir).toBe(userData.dir);
  expect(health.droneCount).toBe(36);

  const map = page.getByTestId('map');
  await expect(map).toHaveAttribute('data-drones-drawn', '36');
  const before = await map.screenshot();
  await expect
    .poll(async () => Buffer.compare(before, await map.screenshot()) !== 0, { timeout: 10_000 })
    .toBe(true);

  // The page has the contract and nothing else of Node or Electron.
  expect(
    await page.evaluate(() => [
      typeof (globalThis as { require?: unknown }).require,
      typeof (globalThis as { process?: unknown }).process,
      Object.keys((window as unknown as { gcs: object }).gcs).sort(),
    ]),
  ).toEqual(['undefined', 'undefined', ['invoke', 'subscribe']]);

  // No new windows, no navigation away, no remote content.
  const url = page.url();
  expect(await page.evaluate(() => window.open('https://example.com/') === null)).toBe(true);
  await page.evaluate(() => {
    window.location.href = 'https://example.com/';
  });
  await page.waitForTimeout(500);
  expect(page.url()).toBe(url);
  expect(await app.evaluate(({ BrowserWindow }) => BrowserWindow.getAllWindows().length)).toBe(1);
  const fetched = await page.evaluate(() =>
    fetch('https://example.com/').then(
      () => 'fetched',
      () => 'refused',
    ),
  );
  expect(fetched).toBe('refused');

  const log = join(userData.dir, 'logs', 'main.log');
  expect(existsSync(log)).toBe(true);
  expect(readFileSync(log, 'utf8')).toMatch(/INFO DroneGrid GCS .* ready/);
  expect(desktop.output()).toContain(READY_LINE);
});

test('an engagement recorded in the app changes the leaderboard on screen', async () => {
  const desktop = await open();
  const rows = desktop.window.getByTestId('leaderboard-row');
  await expect(rows).toHaveCount(12);
  const convoyId = await desktop.window.getByTestId('convoy-select').inputValue();
  const board = await desktop.request('leaderboard.get', { convoyId, limit: 25 });
  const target = board.entries.at(-1)!;
  await expect(rows.first()).not.toHaveAttribute('data-drone-id', target.droneId);
  for (let i = 0; i < 3; i++) {
    await desktop.request('engagement.record', {
      convoyId,
      droneId: target.droneId,
      hit: true,
      weaponType: 'AGM114_HELLFIRE',
      targetId: `TGT-ELECTRON-${i}`,
    });
  }
  const top = rows.first();
  await expect(top).toHaveAttribute('data-drone-id', target.droneId);
  await expect(top.locator('[data-col="accuracy"]')).toContainText('100.0');
  await expect(top.locator('[data-col="hits"]')).toHaveText('3');
});

test('quitting flushes telemetry and closes the store: a restart shows the last rows', async () => {
  // The longest flush interval, so rows of the last second are still buffered when Quit comes.
  const first = await open({ GCS_FLUSH_INTERVAL_MS: '1000', GCS_SIM_TIME_SCALE: '8' });
  await expect(first.window.getByTestId('map')).toHaveAttribute('data-drones-drawn', '36');
  await first.request('simulator.stop', {});
  const { drones } = await first.request('drones.index', {});
  const last = await Promise.all(
    drones.slice(0, 6).map((d) => first.request('drone.get', { droneId: d.droneId })),
  );
  expect(await first.quit()).toBe(0);
  expect(first.output()).toContain('core closed: telemetry flushed');
  running = null;

  const second = await open({ GCS_SIMULATOR: '0' });
  for (const before of last) {
    const after = await second.request('drone.get', { droneId: before.id });
    expect(after.updatedAt).toBe(before.updatedAt);
    expect(after.lat).toBeCloseTo(before.lat, 9);
    expect(after.lon).toBeCloseTo(before.lon, 9);
  }
});

test('the window opens as large as it was left, within the screen', async () => {
  const first = await open({ GCS_SIMULATOR: '0' });
  const area = await first.app.evaluate(({ screen }) => screen.getPrimaryDisplay().workArea);
  // A size the app would keep: not below its minimum (1280×720), not beyond the screen.
  const wanted = {
    width: Math.max(1280, Math.min(1400, area.width)),
    height: Math.max(720, Math.min(820, area.height)),
  };
  await first.app.evaluate(
    ({ BrowserWindow }, size) => BrowserWindow.getAllWindows()[0]!.setSize(size.width, size.height),
    wanted,
  );
  const set = await first.app.evaluate(({ BrowserWindow }) =>
    BrowserWindow.getAllWindows()[0]!.getBounds(),
  );
  expect(await first.quit()).toBe(0);
  running = null;
  expect(JSON.parse(readFileSync(join(userData.dir, 'window-state.json'), 'utf8'))).toMatchObject({
    width: set.width,
    height: set.height,
  });
  const second = await open({ GCS_SIMULATOR: '0' });
  const bounds = await second.app.evaluate(({ BrowserWindow }) =>
    BrowserWindow.getAllWindows()[0]!.getBounds(),
  );
  // What placementFor keeps of the saved size on this screen.
  expect({ width: bounds.width, height: bounds.height }).toEqual({
    width: Math.max(1280, Math.min(set.width, area.width)),
    height: Math.max(720, Math.min(set.height, area.height)),
  });
});

test('a second launch on the same user data hands over to the first and exits', async () => {
  await open({ GCS_SIMULATOR: '0' });
  const { spawnSync } = await import('node:child_process');
  const { createRequire } = await import('node:module');
  const binary = createRequire(import.meta.url)('electron') as string;
  // Playwright starts the first without Chromium's sandbox on Linux; so must this one be, or a
  // kernel that restricts user namespaces (Ubuntu 24.04) stops it before any of our code runs.
  const flags = process.platform === 'linux' ? ['--no-sandbox'] : [];
  const second = spawnSync(binary, [...flags, root], {
    cwd: root,
    env: { ...process.env, GCS_USER_DATA_DIR: userData.dir },
    timeout: 30_000,
  });
  expect(second.status).toBe(0);
  expect(second.stdout.toString()).not.toContain(READY_LINE);
});
