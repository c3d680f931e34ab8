import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';

/**
 * Where the window was and how big, kept in the user-data folder across restarts. A saved
 * position is used only if it is still on a screen: a field laptop that was docked to a second
 * monitor yesterday must not open its window off-screen today.
 */
export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface WindowPlacement {
  /** Absent: let the OS place (centre) the window. */
  x?: number;
  y?: number;
  width: number;
  height: number;
  maximized: boolean;
  fullScreen: boolean;
}

export const DEFAULT_SIZE = { width: 1440, height: 900 } as const;
export const MIN_SIZE = { width: 1280, height: 720 } as const;
/** How much of the title bar must be on a screen for a saved position to count as visible. */
const VISIBLE_PX = 100;

const Saved = z.object({
  x: z.number().int().finite(),
  y: z.number().int().finite(),
  width: z.number().int().min(1).max(100_000),
  height: z.number().int().min(1).max(100_000),
  maximized: z.boolean().default(false),
  fullScreen: z.boolean().default(false),
});
export type SavedWindowState = z.infer<typeof Saved>;

export const WINDOW_STATE_FILE = 'window-state.json';

/**
 * The placement to open with, from what was saved (anything, possibly garbage) and the screens'
 * work areas now. The size never exceeds the largest screen nor goes below the minimum.
 */
export function placementFor(saved: unknown, workAreas: readonly Rect[]): WindowPlacement {
  const parsed = Saved.safeParse(saved);
  const largest = workAreas.reduce<Rect | null>(
    (best, area) => (!best || area.width * area.height > best.width * best.height ? area : best),
    null,
  );
  const fit = (width: number, height: number) => ({
    width: Math.max(MIN_SIZE.width, largest ? Math.min(width, largest.width) : width),
    height: Math.max(MIN_SIZE.height, largest ? Math.min(height, largest.height) : height),
  });
  if (!parsed.success) {
    return { ...fit(DEFAULT_SIZE.width, DEFAULT_SIZE.height), maximized: false, fullScreen: false };
  }
  const s = parsed.data;
  const size = fit(s.width, s.height);
  const onScreen = workAreas.some((area) => titleBarVisible({ x: s.x, y: s.y, ...size }, area));
  return {
    ...(onScreen ? { x: s.x, y: s.y } : {}),
    ...size,
    maximized: s.maximized,
    fullScreen: s.fullScreen,
  };
}

function titleBarVisible(window: Rect, area: Rect): boolean {
  const overlapX =
    Math.min(window.x + window.width, area.x + area.width) - Math.max(window.x, area.x);
  const topInside = window.y >= area.y && window.y < area.y + area.height - VISIBLE_PX / 2;
  return overlapX >= VISIBLE_PX && topInside;
}

/** The saved state, or null when there is none or it cannot be read (then the defaults apply). */
export function readWindowState(dir: string): unknown {
  try {
    return JSON.parse(readFileSync(join(dir, WINDOW_STATE_FILE), 'utf8')) as unknown;
  } catch {
    return null;
  }
}

/** Written whole to a temporary file then renamed, so a crash mid-write leaves the old state. */
export function writeWindowState(dir: string, state: SavedWindowState): void {
  const file = join(dir, WINDOW_STATE_FILE);
  writeFileSync(`${file}.tmp`, JSON.stringify(state));
  renameSync(`${file}.tmp`, file);
}
