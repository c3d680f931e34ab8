import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  DEFAULT_THEME,
  THEMES,
  applyTheme,
  isTheme,
  loadTheme,
  nextTheme,
} from '../../../src-renderer/theme/theme';

const STORAGE_KEY = 'dronegrid.theme';

/** A window with just the storage theme.ts touches; `items` stands for what is saved. */
function stubWindow(items: Map<string, string>, failing = false): void {
  vi.stubGlobal('window', {
    localStorage: {
      getItem: (key: string) => {
        if (failing) throw new Error('SecurityError');
        return items.get(key) ?? null;
      },
      setItem: (key: string, value: string) => {
        if (failing) throw new Error('SecurityError');
        items.set(key, value);
      },
    },
  });
}

afterEach(() => {
  vi.unstubAllGlobals();
});

describe('theme', () => {
  it('isTheme accepts exactly the known themes', () => {
    for (const theme of THEMES) expect(isTheme(theme)).toBe(true);
    for (const value of ['Dark', 'light', '', null, undefined, 0, { theme: 'dark' }]) {
      expect(isTheme(value)).toBe(false);
    }
  });

  it('nextTheme visits every theme once and comes back', () => {
    const seen = [DEFAULT_THEME];
    let theme = nextTheme(DEFAULT_THEME);
    while (theme !== DEFAULT_THEME && seen.length <= THEMES.length) {
      seen.push(theme);
      theme = nextTheme(theme);
    }
    expect([...seen].sort()).toEqual([...THEMES].sort());
  });

  it('loadTheme returns the remembered theme, or the default for anything else', () => {
    const items = new Map<string, string>();
    stubWindow(items);
    expect(loadTheme()).toBe(DEFAULT_THEME);
    items.set(STORAGE_KEY, 'outdoor');
    expect(loadTheme()).toBe('outdoor');
    items.set(STORAGE_KEY, 'neon');
    expect(loadTheme()).toBe(DEFAULT_THEME);
  });

  it('loadTheme falls back quietly when storage is disabled', () => {
    stubWindow(new Map(), true);
    expect(loadTheme()).toBe(DEFAULT_THEME);
  });

  it('applyTheme marks the root element and remembers the choice', () => {
    const items = new Map<string, string>();
    stubWindow(items);
    const dataset: Record<string, string> = {};
    vi.stubGlobal('document', { documentElement: { dataset } });
    applyTheme('outdoor');
    expect(dataset['theme']).toBe('outdoor');
    expect(items.get(STORAGE_KEY)).toBe('outdoor');
    expect(loadTheme()).toBe('outdoor');
  });

  it('applyTheme still applies the theme when it cannot be remembered', () => {
    stubWindow(new Map(), true);
    const dataset: Record<string, string> = {};
    vi.stubGlobal('document', { documentElement: { dataset } });
    expect(() => applyTheme('outdoor')).not.toThrow();
    expect(dataset['theme']).toBe('outdoor');
  });
});
