import { THEME_NAMES } from '../../src-shared/appCommands';

/**
 * The console's two looks. Colours live in styles.css as CSS variables under
 * `:root[data-theme=…]`; this module only picks one, remembers it, and marks the root element.
 *
 * - `dark`: tactical dark, for a dim operations room (default).
 * - `outdoor`: high contrast on a light background with heavier strokes, for a laptop in sun.
 */
export const THEMES = THEME_NAMES;
export type Theme = (typeof THEMES)[number];

export const DEFAULT_THEME: Theme = 'dark';
const STORAGE_KEY = 'dronegrid.theme';

export function isTheme(value: unknown): value is Theme {
  return typeof value === 'string' && (THEMES as readonly string[]).includes(value);
}

export function nextTheme(theme: Theme): Theme {
  return THEMES[(THEMES.indexOf(theme) + 1) % THEMES.length] ?? DEFAULT_THEME;
}

export const THEME_LABELS: Record<Theme, string> = { dark: 'Dark', outdoor: 'Outdoor' };

/** The remembered theme; the default when nothing is stored or storage is unavailable. */
export function loadTheme(): Theme {
  try {
    const stored = window.localStorage.getItem(STORAGE_KEY);
    return isTheme(stored) ? stored : DEFAULT_THEME;
  } catch {
    // Storage can be disabled (privacy settings, a sandboxed file:// page): fall back quietly.
    return DEFAULT_THEME;
  }
}

/** Marks the root element, which switches every CSS variable at once, and remembers the choice. */
export function applyTheme(theme: Theme): void {
  document.documentElement.dataset['theme'] = theme;
  try {
    window.localStorage.setItem(STORAGE_KEY, theme);
  } catch {
    // Not remembered across restarts, but still applied now.
  }
}
