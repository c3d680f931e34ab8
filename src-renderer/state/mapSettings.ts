import { useStore } from 'zustand';
import { createStore } from 'zustand/vanilla';
import { MAP_LAYER_NAMES } from '../../src-shared/appCommands';

/**
 * What the operator has switched on or off on the map, and the map's two view commands. One
 * store for the page, with plain exported actions, so the on-map controls, the keyboard shortcuts
 * and the menu can all drive the map without knowing about Leaflet:
 *
 *   toggleLayer('trails'); toggleFollow(); requestFitToConvoy();
 *
 * Layer choices are remembered across restarts (localStorage); follow is not: an app that
 * reopens panning after a drone would surprise the operator.
 */
export const MAP_LAYERS = MAP_LAYER_NAMES;
export type MapLayerName = (typeof MAP_LAYERS)[number];

export const MAP_LAYER_LABELS: Readonly<Record<MapLayerName, string>> = {
  borders: 'Borders',
  cities: 'Cities',
  graticule: 'Grid',
  trails: 'Trails',
  mesh: 'Mesh',
  routes: 'Route',
};

export interface MapSettingsState {
  layers: Readonly<Record<MapLayerName, boolean>>;
  /** Keep the selected drone centred as it moves. A drag of the map turns it off. */
  follow: boolean;
  /** Bumped by every fit-to-convoy request: the map fits when it changes, not when it is set. */
  fitRequest: number;
}

const DEFAULT_LAYERS: Record<MapLayerName, boolean> = {
  borders: true,
  cities: true,
  graticule: true,
  trails: true,
  mesh: false,
  routes: true,
};

const STORAGE_KEY = 'dronegrid.map.layers.v1';

function loadLayers(): Record<MapLayerName, boolean> {
  const layers = { ...DEFAULT_LAYERS };
  try {
    const saved: unknown = JSON.parse(globalThis.localStorage?.getItem(STORAGE_KEY) ?? 'null');
    if (typeof saved !== 'object' || saved === null) return layers;
    for (const name of MAP_LAYERS) {
      const value = (saved as Record<string, unknown>)[name];
      if (typeof value === 'boolean') layers[name] = value;
    }
  } catch {
    // Unreadable or unavailable storage: the defaults will do.
  }
  return layers;
}

function saveLayers(layers: Readonly<Record<MapLayerName, boolean>>): void {
  try {
    globalThis.localStorage?.setItem(STORAGE_KEY, JSON.stringify(layers));
  } catch {
    // Storage full or disabled: the choice lasts for this session only.
  }
}

export const mapSettings = createStore<MapSettingsState>()(() => ({
  layers: loadLayers(),
  follow: false,
  fitRequest: 0,
}));

export function useMapSettings<T>(selector: (state: MapSettingsState) => T): T {
  return useStore(mapSettings, selector);
}

export function setLayerVisible(name: MapLayerName, visible: boolean): void {
  const { layers } = mapSettings.getState();
  if (layers[name] === visible) return;
  const next = { ...layers, [name]: visible };
  mapSettings.setState({ layers: next });
  saveLayers(next);
}

export function toggleLayer(name: MapLayerName): void {
  setLayerVisible(name, !mapSettings.getState().layers[name]);
}

export function setFollow(follow: boolean): void {
  if (mapSettings.getState().follow !== follow) mapSettings.setState({ follow });
}

export function toggleFollow(): void {
  setFollow(!mapSettings.getState().follow);
}

/** Fits the map to the selected convoy's drones (and stops following: fitting is an overview). */
export function requestFitToConvoy(): void {
  mapSettings.setState((s) => ({ fitRequest: s.fitRequest + 1, follow: false }));
}
