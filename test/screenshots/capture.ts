/**
 * `npm run screenshots`: renders the console as an operator sees it, into docs/screenshots/, for
 * the README. A real web host with the simulator, run fast for a while so drones have spread
 * out, engaged and raised alerts; Debian's Chromium draws it.
 */
import { spawn } from 'node:child_process';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../support/chromium';

const PORT = Number(process.env['SCREENSHOTS_PORT'] ?? 18798);
const OUT = 'docs/screenshots';

async function main(): Promise<void> {
  const dataDir = await mkdtemp(join(tmpdir(), 'gcs-shots-'));
  await mkdir(OUT, { recursive: true });
  const host = spawn(process.execPath, ['out/main/serve.js', '--port', String(PORT)], {
    env: {
      ...process.env,
      GCS_DATA_DIR: dataDir,
      GCS_SIM_TIME_SCALE: '32',
      GCS_SIM_ENGAGEMENTS_PER_HOUR: '90',
      GCS_LOG_LEVEL: 'warn',
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  await new Promise<void>((resolve, reject) => {
    host.stdout!.on('data', (c: Buffer) => c.toString().includes('ready at') && resolve());
    host.once('exit', (code) => reject(new Error(`web host exited with ${code}`)));
  });
  const browser = await chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: CHROMIUM_ARGS,
  });
  try {
    // About twelve simulated minutes: routes flown, engagements made, alerts raised.
    await new Promise((r) => setTimeout(r, 22_000));
    for (const [name, width, height] of [
      ['console-1280x720', 1280, 720],
      ['console-1920x1080', 1920, 1080],
    ] as const) {
      for (const theme of ['dark', 'outdoor'] as const) {
        const page = await browser.newPage({ viewport: { width, height } });
        await page.addInitScript((t) => localStorage.setItem('dronegrid.theme', t), theme);
        await page.goto(`http://127.0.0.1:${PORT}/`);
        await page.getByTestId('leaderboard-row').first().waitFor();
        await page.getByTestId('leaderboard-row').first().click();
        await page.waitForTimeout(2500);
        await page.screenshot({ path: join(OUT, `${name}-${theme}.png`) });
        process.stdout.write(`${join(OUT, `${name}-${theme}.png`)}\n`);
        if (width === 1280 && theme === 'dark') {
          // The System tab: what the core runs on and how the cache is doing.
          await page.keyboard.press('s');
          await page.getByTestId('cache-entity-row').first().waitFor();
          await page.screenshot({ path: join(OUT, `${name}-system-${theme}.png`) });
          process.stdout.write(`${join(OUT, `${name}-system-${theme}.png`)}\n`);
        }
        await page.close();
      }
    }
  } finally {
    await browser.close();
    host.kill('SIGTERM');
    await new Promise((r) => host.once('exit', r));
    await rm(dataDir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`screenshots failed: ${String(error)}\n`);
  process.exit(1);
});
