import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { _electron as electron, type ElectronApplication, type Page } from '@playwright/test';
import type { RequestInput, RequestName, RequestOutput } from '../../src-shared/contract';
import type { Envelope } from '../../src-shared/errors';

// resolve(): no trailing separator, which on Windows would escape the quote Playwright adds.
export const root = resolve(fileURLToPath(new URL('../..', import.meta.url)));
export const READY_LINE = 'DroneGrid GCS ready';

export interface DesktopApp {
  app: ElectronApplication;
  window: Page;
  /** Everything the main process wrote to stdout and stderr. */
  output(): string;
  /** A contract request from inside the window, through the preload's `window.gcs`. */
  request<K extends RequestName>(name: K, input: RequestInput<K>): Promise<RequestOutput<K>>;
  /** Quits as an operator would (the menu's Quit) and waits for the process to exit. */
  quit(): Promise<number | null>;
}

/** A user-data folder for one test; every launch of that test reuses it. */
export function freshUserData(): { dir: string; remove(): void } {
  const dir = mkdtempSync(join(tmpdir(), 'gcs-electron-'));
  // Retries: on Windows a file can stay locked a moment after the process is gone.
  return {
    dir,
    remove: () => rmSync(dir, { recursive: true, force: true, maxRetries: 10, retryDelay: 200 }),
  };
}

/** Launches the built app and waits for the ready line and the first window. */
export async function launch(
  userData: string,
  env: Record<string, string> = {},
): Promise<DesktopApp> {
  // A relaunch on the same folder: only what this launch writes to the log counts.
  const log = join(userData, 'logs', 'main.log');
  const logStart = existsSync(log) ? statSync(log).size : 0;
  const app = await electron.launch({
    args: [root],
    cwd: root,
    env: {
      ...(process.env as Record<string, string>),
      GCS_USER_DATA_DIR: userData,
      GCS_SIM_ENGAGEMENTS_PER_HOUR: '0',
      GCS_LOG_LEVEL: 'info',
      ...env,
    },
  });
  let output = '';
  app.process().stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  app.process().stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  // 'close', not 'exit': by then everything the process wrote has been read.
  let exitCode: number | null | undefined;
  const exited = new Promise<number | null>((done) =>
    app.process().on('close', (code) => done((exitCode = code))),
  );
  // The ready line is in the output, or (had it been written before we listened) in the log.
  const isReady = () =>
    output.includes(READY_LINE) ||
    (existsSync(log) &&
      / INFO DroneGrid GCS \S+ ready/.test(readFileSync(log).subarray(logStart).toString()));
  const deadline = Date.now() + 90_000;
  while (!isReady()) {
    if (exitCode !== undefined)
      throw new Error(`the app exited (${exitCode}) before it was ready:\n${output}`);
    if (Date.now() > deadline) throw new Error(`the app was not ready in 90 s:\n${output}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  const window = await app.firstWindow();
  await window.waitForLoadState('domcontentloaded');
  return {
    app,
    window,
    output: () => output,
    async request(name, input) {
      const envelope = (await window.evaluate(
        ([n, i]) =>
          (
            window as unknown as { gcs: { invoke(n: string, i: unknown): Promise<unknown> } }
          ).gcs.invoke(n, i),
        [name, input] as const,
      )) as Envelope<never>;
      if (!envelope.ok)
        throw new Error(`${name}: ${envelope.error.code} ${envelope.error.message}`);
      return envelope.value;
    },
    async quit() {
      // The process may be gone before the evaluation answers: its exit code is what counts.
      await app.evaluate(({ app: electronApp }) => electronApp.quit()).catch(() => undefined);
      return exited;
    },
  };
}
