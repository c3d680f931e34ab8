import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { _electron as electron, type ElectronApplication, type Page } from '@playwright/test';
import type { RequestInput, RequestName, RequestOutput } from '../../src-shared/contract';
import type { Envelope } from '../../src-shared/errors';

const root = fileURLToPath(new URL('../..', import.meta.url));
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
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/** Launches the built app and waits for the ready line and the first window. */
export async function launch(
  userData: string,
  env: Record<string, string> = {},
): Promise<DesktopApp> {
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
  let ready: () => void = () => undefined;
  const readyLine = new Promise<void>((resolve) => (ready = resolve));
  const collect = (chunk: Buffer) => {
    output += chunk.toString();
    if (output.includes(READY_LINE)) ready();
  };
  app.process().stdout?.on('data', collect);
  app.process().stderr?.on('data', collect);
  const exited = new Promise<number | null>((resolve) => app.process().on('exit', resolve));
  await Promise.race([
    readyLine,
    exited.then((code) => {
      throw new Error(`the app exited (${code}) before it was ready:\n${output}`);
    }),
  ]);
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
