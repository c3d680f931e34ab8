import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { AppUpdater } from 'electron-updater';
import { z } from 'zod';
import type { Logger } from '../core/logger';

/**
 * Auto-update, off by default: field laptops are offline, and an app that phones home from a
 * forward operating base is a finding, not a feature. It is switched on by naming an internal
 * update server (a plain HTTP(S) folder holding what `npm run dist` produced: latest*.yml and the
 * installers), either with GCS_UPDATE_URL or in `<userData>/update-server.json` as
 * `{"url": "https://updates.unit.internal/gcs/"}`. The environment wins.
 */
export const UPDATE_SETTINGS_FILE = 'update-server.json';
const CHECK_EVERY_MS = 6 * 60 * 60 * 1000;

const UpdateUrl = z
  .string()
  .trim()
  .url()
  .refine((url) => /^https?:\/\//i.test(url), 'the update server must be an http(s) URL');
const UpdateSettings = z.object({ url: UpdateUrl }).strict();

export type UpdateSource =
  | { url: string; from: 'GCS_UPDATE_URL' | typeof UPDATE_SETTINGS_FILE }
  | { url: null; error?: string };

/** Where updates come from, if anywhere. A bad setting turns updates off and says why. */
export function updateSource(env: NodeJS.ProcessEnv, userDataDir: string): UpdateSource {
  const fromEnv = env['GCS_UPDATE_URL']?.trim();
  if (fromEnv) {
    const parsed = UpdateUrl.safeParse(fromEnv);
    return parsed.success
      ? { url: parsed.data, from: 'GCS_UPDATE_URL' }
      : { url: null, error: `GCS_UPDATE_URL: ${parsed.error.issues[0]?.message ?? 'invalid'}` };
  }
  let text: string;
  try {
    text = readFileSync(join(userDataDir, UPDATE_SETTINGS_FILE), 'utf8');
  } catch {
    return { url: null };
  }
  try {
    const parsed = UpdateSettings.safeParse(JSON.parse(text));
    if (parsed.success) return { url: parsed.data.url, from: UPDATE_SETTINGS_FILE };
    return {
      url: null,
      error: `${UPDATE_SETTINGS_FILE}: ${parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'} ${i.message}`).join('; ')}`,
    };
  } catch {
    return { url: null, error: `${UPDATE_SETTINGS_FILE} is not JSON` };
  }
}

export interface Updates {
  check(): Promise<void>;
  stop(): void;
}

/**
 * Starts checking the configured server: at start and every six hours. A downloaded update is
 * installed when the operator quits (never mid-mission), after `onDownloaded` has told them.
 */
export async function startUpdates(
  url: string,
  log: Logger,
  onDownloaded: (version: string) => void,
): Promise<Updates> {
  // Loaded only when updates are on: with them off, the updater's code never runs at all.
  const module = (await import('electron-updater')) as unknown as {
    autoUpdater?: AppUpdater;
    default?: { autoUpdater: AppUpdater };
  };
  const updater = module.autoUpdater ?? module.default?.autoUpdater;
  if (!updater) throw new Error('electron-updater has no autoUpdater');
  updater.setFeedURL({ provider: 'generic', url });
  updater.autoDownload = true;
  updater.autoInstallOnAppQuit = true;
  updater.on('error', (error: Error) => log.warn(`update check failed: ${error.message}`));
  updater.on('update-available', (info: { version: string }) =>
    log.info(`update ${info.version} found on ${url}; downloading`),
  );
  updater.on('update-downloaded', (info: { version: string }) => {
    log.info(`update ${info.version} downloaded; it installs when the app quits`);
    onDownloaded(info.version);
  });
  const check = async (): Promise<void> => {
    try {
      await updater.checkForUpdates();
    } catch (error) {
      log.warn(`update check failed: ${error instanceof Error ? error.message : String(error)}`);
    }
  };
  const timer = setInterval(() => void check(), CHECK_EVERY_MS);
  timer.unref();
  void check();
  return { check, stop: () => clearInterval(timer) };
}
