import { existsSync, renameSync, rmSync } from 'node:fs';
import { join, parse } from 'node:path';
// electron-log's Node entry: its file transport without the main-process entry's IPC listeners
// (a renderer gets no channel to write our log with), and usable in tests without Electron.
import electronLog from 'electron-log/node';
import { APP_NAME } from '../../src-shared/constants';

/**
 * The desktop app's log: the same lines as stderr, in `<userData>/logs/main.log`, rotated by size
 * (main.log → main.1.log → … → main.<keep>.log, the oldest dropped), so a laptop that runs for
 * months keeps a bounded, recent history an engineer can read after the fact.
 */
export interface FileLog {
  readonly path: string;
  write(line: string): void;
}

export interface FileLogOptions {
  maxBytes?: number;
  keep?: number;
}

export const LOG_MAX_BYTES = 5 * 1024 * 1024;
export const LOG_KEEP = 5;

export function openFileLog(dir: string, options: FileLogOptions = {}): FileLog {
  const keep = options.keep ?? LOG_KEEP;
  const path = join(dir, 'main.log');
  const logger = electronLog.create({ logId: `gcs-${path}` });
  logger.transports.console.level = false;
  const file = logger.transports.file;
  file.setAppName(APP_NAME);
  file.level = 'silly';
  // Lines arrive formatted by core/logger.ts (time, level, message): written as they are.
  file.format = '{text}';
  file.maxSize = options.maxBytes ?? LOG_MAX_BYTES;
  file.resolvePathFn = () => path;
  file.archiveLogFn = (old) => rotate(old.path, keep);
  return { path, write: (line) => logger.info(line) };
}

/** Shifts every archive up one number and makes the current file number 1. */
export function rotate(current: string, keep: number): void {
  const { dir, name, ext } = parse(current);
  const archive = (n: number) => join(dir, `${name}.${n}${ext}`);
  if (existsSync(archive(keep))) rmSync(archive(keep), { force: true });
  for (let n = keep - 1; n >= 1; n--) {
    if (existsSync(archive(n))) renameSync(archive(n), archive(n + 1));
  }
  renameSync(current, archive(1));
}
