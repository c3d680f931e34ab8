import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import {
  DEFAULT_SIZE,
  MIN_SIZE,
  placementFor,
  readWindowState,
  WINDOW_STATE_FILE,
  writeWindowState,
} from '../../../src-main/shell/windowState';

const laptop = { x: 0, y: 0, width: 1920, height: 1080 };
const monitorRight = { x: 1920, y: 0, width: 2560, height: 1440 };

describe('window placement', () => {
  it('opens where it was, at the size it was', () => {
    const saved = { x: 120, y: 80, width: 1500, height: 950, maximized: false, fullScreen: false };
    expect(placementFor(saved, [laptop])).toEqual(saved);
  });

  it('keeps maximised and full-screen', () => {
    const saved = { x: 0, y: 0, width: 1440, height: 900, maximized: true, fullScreen: true };
    expect(placementFor(saved, [laptop])).toMatchObject({ maximized: true, fullScreen: true });
  });

  it('drops a position on a monitor that is gone, keeping the size', () => {
    const saved = {
      x: 2100,
      y: 100,
      width: 1600,
      height: 1000,
      maximized: false,
      fullScreen: false,
    };
    expect(placementFor(saved, [laptop, monitorRight])).toMatchObject({ x: 2100, y: 100 });
    const undocked = placementFor(saved, [laptop]);
    expect(undocked.x).toBeUndefined();
    expect(undocked.y).toBeUndefined();
    expect(undocked).toMatchObject({ width: 1600, height: 1000 });
  });

  it('refuses a title bar above the screen or only a sliver on it', () => {
    const base = { width: 1440, height: 900, maximized: false, fullScreen: false };
    expect(placementFor({ ...base, x: 100, y: -400 }, [laptop]).x).toBeUndefined();
    expect(placementFor({ ...base, x: 1900, y: 100 }, [laptop]).x).toBeUndefined();
    expect(placementFor({ ...base, x: 1800, y: 100 }, [laptop]).x).toBe(1800);
  });

  it('never opens larger than the largest screen, nor smaller than the minimum', () => {
    const saved = { x: 0, y: 0, width: 5000, height: 3000, maximized: false, fullScreen: false };
    expect(placementFor(saved, [laptop])).toMatchObject({ width: 1920, height: 1080 });
    const tiny = { ...saved, width: 300, height: 200 };
    expect(placementFor(tiny, [laptop])).toMatchObject(MIN_SIZE);
  });

  it('starts from the defaults when nothing, or nonsense, was saved', () => {
    for (const saved of [null, 'x', { x: 'left' }, { x: 1, y: 2, width: -5, height: 4 }, []]) {
      expect(placementFor(saved, [laptop])).toEqual({
        ...DEFAULT_SIZE,
        maximized: false,
        fullScreen: false,
      });
    }
  });
});

describe('window state file', () => {
  let dir: string | null = null;
  afterEach(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
    dir = null;
  });

  it('round-trips, and reads a damaged file as nothing', () => {
    dir = mkdtempSync(join(tmpdir(), 'gcs-window-'));
    expect(readWindowState(dir)).toBeNull();
    const state = { x: 10, y: 20, width: 1400, height: 800, maximized: true, fullScreen: false };
    writeWindowState(dir, state);
    expect(readWindowState(dir)).toEqual(state);
    expect(JSON.parse(readFileSync(join(dir, WINDOW_STATE_FILE), 'utf8'))).toEqual(state);
    writeFileSync(join(dir, WINDOW_STATE_FILE), '{"x": 1, "y"');
    expect(readWindowState(dir)).toBeNull();
  });
});
