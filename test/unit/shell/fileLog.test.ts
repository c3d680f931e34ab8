import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createLogger } from '../../../src-main/core/logger';
import { openFileLog } from '../../../src-main/shell/fileLog';

describe('the rotating file log', () => {
  let dir: string | null = null;
  afterEach(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
    dir = null;
  });

  it('writes the logger’s lines as they are', () => {
    dir = mkdtempSync(join(tmpdir(), 'gcs-log-'));
    const file = openFileLog(join(dir, 'logs'));
    const log = createLogger('info', (line) => file.write(line));
    log.debug('not at info');
    log.info('core ready', { drones: 36 });
    log.warn('link lost');
    expect(file.path).toBe(join(dir, 'logs', 'main.log'));
    const lines = readFileSync(file.path, 'utf8').trim().split('\n');
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(/^\d{4}-\d\d-\d\dT[\d:.]+Z INFO core ready \{"drones":36\}$/);
    expect(lines[1]).toMatch(/ WARN link lost$/);
  });

  it('rotates by size, keeping the newest archives and dropping the oldest', () => {
    dir = mkdtempSync(join(tmpdir(), 'gcs-log-'));
    const file = openFileLog(dir, { maxBytes: 1_000, keep: 3 });
    // 100-byte lines, so each file takes about ten before it is rotated.
    for (let i = 0; i < 100; i++)
      file.write(`line ${String(i).padStart(4, '0')} ${'x'.repeat(88)}`);
    expect(readdirSync(dir).sort()).toEqual(['main.1.log', 'main.2.log', 'main.3.log', 'main.log']);
    const numbers = (name: string) =>
      [...readFileSync(join(dir!, name), 'utf8').matchAll(/line (\d+)/g)].map((m) => Number(m[1]));
    const current = numbers('main.log');
    const newest = numbers('main.1.log');
    const oldest = numbers('main.3.log');
    expect(current.at(-1)).toBe(99);
    // Consecutive: nothing lost between the current file and the archive before it.
    expect(newest.at(-1)! + 1).toBe(current[0]);
    expect(numbers('main.2.log').at(-1)! + 1).toBe(newest[0]);
    expect(oldest.at(-1)! + 1).toBe(numbers('main.2.log')[0]);
    // The earliest lines are gone: only three archives are kept.
    expect(oldest[0]).toBeGreaterThan(0);
    for (const name of readdirSync(dir)) {
      expect(readFileSync(join(dir, name)).length).toBeLessThanOrEqual(1_000 + 101);
    }
    expect(existsSync(join(dir, 'main.4.log'))).toBe(false);
  });
});
