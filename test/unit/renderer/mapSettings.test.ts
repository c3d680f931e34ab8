import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
// Types only: the module itself is imported afresh per test, after storage is in place.
import type * as MapSettings from '../../../src-renderer/state/mapSettings';

const STORAGE_KEY = 'dronegrid.map.layers.v1';

const DEFAULTS = {
  borders: true,
  cities: true,
  graticule: true,
  trails: true,
  mesh: false,
  routes: true,
};

/** The part of Storage mapSettings uses, over a Map, with a switch to make writes fail. */
class FakeStorage {
  readonly items = new Map<string, string>();
  failWrites = false;
  writes = 0;

  getItem(key: string): string | null {
    return this.items.get(key) ?? null;
  }

  setItem(key: string, value: string): void {
    if (this.failWrites) throw new Error('QuotaExceededError');
    this.writes++;
    this.items.set(key, value);
  }

  removeItem(key: string): void {
    this.items.delete(key);
  }

  saved(): unknown {
    const raw = this.items.get(STORAGE_KEY);
    return raw === undefined ? undefined : JSON.parse(raw);
  }
}

let storage: FakeStorage;

/** The store reads storage when first imported: every test gets a fresh module over `storage`. */
async function load(): Promise<typeof MapSettings> {
  vi.resetModules();
  return import('../../../src-renderer/state/mapSettings');
}

beforeEach(() => {
  storage = new FakeStorage();
  vi.stubGlobal('localStorage', storage);
});

afterEach(() => {
  vi.unstubAllGlobals();
});

describe('mapSettings: loading', () => {
  it('starts from the defaults when nothing is stored', async () => {
    const { mapSettings } = await load();
    expect(mapSettings.getState()).toEqual({ layers: DEFAULTS, follow: false, fitRequest: 0 });
  });

  it('takes stored choices, ignoring unknown layers and values that are not booleans', async () => {
    storage.items.set(
      STORAGE_KEY,
      JSON.stringify({ mesh: true, borders: false, cities: 'no', routes: null, weather: true }),
    );
    const { mapSettings } = await load();
    expect(mapSettings.getState().layers).toEqual({ ...DEFAULTS, mesh: true, borders: false });
  });

  it.each([
    ['unparseable JSON', '{mesh: tru'],
    ['a JSON number', '42'],
    ['JSON null', 'null'],
  ])('falls back to the defaults on %s', async (_name, raw) => {
    storage.items.set(STORAGE_KEY, raw);
    const { mapSettings } = await load();
    expect(mapSettings.getState().layers).toEqual(DEFAULTS);
  });

  it('falls back to the defaults when storage cannot be read', async () => {
    vi.stubGlobal('localStorage', {
      getItem: () => {
        throw new Error('SecurityError');
      },
    });
    const { mapSettings } = await load();
    expect(mapSettings.getState().layers).toEqual(DEFAULTS);
  });
});

describe('mapSettings: layers', () => {
  it('toggleLayer flips a layer and remembers every layer', async () => {
    const { mapSettings, toggleLayer } = await load();
    toggleLayer('mesh');
    toggleLayer('borders');
    expect(mapSettings.getState().layers).toEqual({ ...DEFAULTS, mesh: true, borders: false });
    expect(storage.saved()).toEqual({ ...DEFAULTS, mesh: true, borders: false });
  });

  it('a fresh start reads back what was toggled', async () => {
    (await load()).toggleLayer('trails');
    const { mapSettings } = await load();
    expect(mapSettings.getState().layers.trails).toBe(false);
  });

  it('setLayerVisible to the current value changes and writes nothing', async () => {
    const { mapSettings, setLayerVisible } = await load();
    const before = mapSettings.getState();
    const listener = vi.fn();
    mapSettings.subscribe(listener);
    setLayerVisible('cities', true);
    setLayerVisible('mesh', false);
    expect(listener).not.toHaveBeenCalled();
    expect(mapSettings.getState()).toBe(before);
    expect(storage.writes).toBe(0);
  });

  it('setLayerVisible replaces the layers object, so selectors see the change', async () => {
    const { mapSettings, setLayerVisible } = await load();
    const before = mapSettings.getState().layers;
    setLayerVisible('graticule', false);
    expect(mapSettings.getState().layers).not.toBe(before);
    expect(before.graticule).toBe(true);
    expect(mapSettings.getState().layers.graticule).toBe(false);
  });

  it('still switches the layer for this session when storage refuses the write', async () => {
    const { mapSettings, toggleLayer } = await load();
    storage.failWrites = true;
    expect(() => toggleLayer('routes')).not.toThrow();
    expect(mapSettings.getState().layers.routes).toBe(false);
  });

  it('works without any localStorage at all', async () => {
    vi.stubGlobal('localStorage', undefined);
    const { mapSettings, toggleLayer } = await load();
    expect(mapSettings.getState().layers).toEqual(DEFAULTS);
    toggleLayer('mesh');
    expect(mapSettings.getState().layers.mesh).toBe(true);
  });
});

describe('mapSettings: follow and fit', () => {
  it('setFollow and toggleFollow switch following; it is never remembered', async () => {
    const { mapSettings, setFollow, toggleFollow } = await load();
    toggleFollow();
    expect(mapSettings.getState().follow).toBe(true);
    setFollow(true);
    expect(mapSettings.getState().follow).toBe(true);
    toggleFollow();
    expect(mapSettings.getState().follow).toBe(false);
    setFollow(true);
    expect(storage.writes).toBe(0);
    expect((await load()).mapSettings.getState().follow).toBe(false);
  });

  it('setFollow to the current value does not notify', async () => {
    const { mapSettings, setFollow } = await load();
    const listener = vi.fn();
    mapSettings.subscribe(listener);
    setFollow(false);
    expect(listener).not.toHaveBeenCalled();
  });

  it('requestFitToConvoy bumps fitRequest on every call and stops following', async () => {
    const { mapSettings, requestFitToConvoy, setFollow } = await load();
    setFollow(true);
    requestFitToConvoy();
    expect(mapSettings.getState()).toMatchObject({ fitRequest: 1, follow: false });
    // Asking again must fit again, so the value has to move even though nothing else did.
    requestFitToConvoy();
    expect(mapSettings.getState().fitRequest).toBe(2);
    expect(mapSettings.getState().layers).toEqual(DEFAULTS);
  });
});
