import * as L from 'leaflet';
import { DEFAULT_AOR } from '../../src-shared/constants';
import type { GcsApi } from '../../src-shared/contract';
import type { GcsState, GcsStore } from '../state/gcsStore';
import {
  MAP_LAYERS,
  mapSettings,
  setFollow,
  type MapLayerName,
  type MapSettingsState,
} from '../state/mapSettings';
import type { TelemetryBuffer } from '../state/telemetryBuffer';
import { tileSource } from '../state/tileSource';
import { createFrameScheduler } from '../util/frameScheduler';
import { createAorOutline } from './aorOutline';
import { CountryBorders } from './countryBorders';
import { createTacticalMap } from './createTacticalMap';
import { DroneCanvasLayer } from './DroneCanvasLayer';
import { createGraticule, setGraticuleColor } from './graticule';
import { readMapPalette, watchTheme, type MapPalette } from './mapPalette';
import { MapRoster } from './mapRoster';
import { MeshFeed } from './MeshFeed';
import { MeshLayer } from './MeshLayer';
import { PlaceLabelLayer } from './PlaceLabelLayer';
import { RasterTiles } from './RasterTiles';
import { RouteFeed } from './RouteFeed';
import { RouteLayer } from './RouteLayer';
import { TrailLayer } from './TrailLayer';
import { TrailRecorder } from './TrailRecorder';

export interface MapControllerDeps {
  /** The map's container; its data-* attributes report what the map shows, for tests. */
  container: HTMLElement;
  store: GcsStore;
  telemetry: TelemetryBuffer;
  /** For routes and the mesh; without it the map shows neither. */
  api: GcsApi | null;
}

/** Fit-to-convoy never zooms closer than this, even on a convoy flying in a tight group. */
const FIT_MAX_ZOOM = 11;
/** Follow re-centres when the drone is this far (CSS px) from the centre. */
const FOLLOW_SLACK_PX = 1;

/**
 * Open alerts' drones, from the store field `alertDroneIds` once the alerts feature provides it;
 * read defensively so the map works before and after that field exists.
 */
type WithAlerts = GcsState & { alertDroneIds?: ReadonlySet<string> | readonly string[] };
const NO_ALERTS: ReadonlySet<string> = new Set();
function alertDroneIdsOf(state: GcsState): ReadonlySet<string> | readonly string[] | undefined {
  return (state as WithAlerts).alertDroneIds;
}
function asSet(ids: ReadonlySet<string> | readonly string[] | undefined): ReadonlySet<string> {
  if (ids instanceof Set) return ids;
  return Array.isArray(ids) ? new Set<string>(ids) : NO_ALERTS;
}

/**
 * Builds the map in `container` and keeps it in step with the store, the telemetry buffer and the
 * map settings, all outside React: layers are switched, fed and redrawn here, at most once per
 * animation frame each. Returns the function that takes it all down.
 */
export function startMapController(deps: MapControllerDeps): () => void {
  const { container, store, telemetry, api } = deps;
  const setData = (key: string, value: string): void => {
    if (container.dataset[key] !== value) container.dataset[key] = value;
  };

  let palette = readMapPalette(container);
  const map = createTacticalMap(container);

  // The basemap and the overlays, bottom to top (panes.ts orders them whatever the add order).
  const borders = new CountryBorders(palette, () => setData('borders', 'loaded'));
  const graticule = createGraticule(palette.graticule);
  const aor = createAorOutline(DEFAULT_AOR.bbox, palette.aor).addTo(map);
  const places = new PlaceLabelLayer(palette);
  const recorder = new TrailRecorder(telemetry);
  const trails = new TrailLayer(telemetry, recorder, palette);
  const mesh = new MeshLayer(telemetry);
  const route = new RouteLayer(telemetry, palette);
  const drones = new DroneCanvasLayer({
    telemetry,
    palette,
    onSelect: (droneId) => store.getState().selectDrone(droneId),
    // For end-to-end tests: how many drones the map actually shows.
    onDrawn: (count) => setData('dronesDrawn', String(count)),
  }).addTo(map);
  const rasterTiles = new RasterTiles(
    map,
    (shown) => borders.setLandFill(!shown),
    (report) => {
      setData('tiles', report.template ? 'on' : 'off');
      setData('tilesLoaded', String(report.loaded));
      setData('tilesErrors', String(report.errors));
    },
  );
  const switchable: Record<MapLayerName, L.Layer> = {
    borders: borders.layer,
    cities: places,
    graticule,
    trails,
    mesh,
    routes: route,
  };

  let roster = MapRoster.EMPTY;
  const routeFeed = new RouteFeed(
    api,
    route,
    () => roster,
    (report) => {
      setData('routeDrone', report.droneId ?? '');
      setData('routeWaypoints', String(report.waypoints));
      setData(
        'routeCurrent',
        report.currentWaypoint === null ? '' : String(report.currentWaypoint),
      );
      setData('routeState', report.error ? 'error' : report.droneId ? 'ok' : 'off');
    },
  );
  const meshFeed = new MeshFeed(api, mesh, (report) => {
    setData('meshLinks', String(report.links));
    setData('meshState', report.error ? 'error' : report.convoyId ? 'ok' : 'off');
  });

  // Follow: re-centre on the selected drone after each telemetry change, not during a zoom.
  let zooming = false;
  const follow = createFrameScheduler(() => {
    if (!mapSettings.getState().follow || zooming) return;
    const slot = roster.slotOf(store.getState().selectedDroneId);
    if (slot === undefined || slot >= telemetry.size || telemetry.known[slot] !== 1) return;
    const target = L.latLng(telemetry.lat[slot] ?? 0, telemetry.lon[slot] ?? 0);
    const offCentre = map.latLngToContainerPoint(target).distanceTo(map.getSize().divideBy(2));
    if (offCentre > FOLLOW_SLACK_PX) map.panTo(target, { animate: false });
  });

  /** The convoy that fit-to-convoy and the mesh are about: the operator's pick, else the drone's. */
  const focusConvoyId = (state: GcsState): string | null =>
    state.selectedConvoyId ?? roster.convoyOf(state.selectedDroneId);

  const applyRoster = (state: GcsState): void => {
    const previousVersion = roster.version;
    roster = new MapRoster(state.droneIndex, state.convoyColors, palette.unknown);
    // Another index means slots may now be other drones: their old trails are not theirs.
    if (roster.version !== previousVersion) recorder.clear();
    drones.setRoster(roster);
    trails.setRoster(roster);
    mesh.setRoster(roster);
    routeFeed.refresh();
  };

  const applySelection = (state: GcsState): void => {
    const { layers } = mapSettings.getState();
    drones.setSelectedDrone(state.selectedDroneId);
    trails.setSelectedSlot(roster.slotOf(state.selectedDroneId));
    routeFeed.show(layers.routes ? state.selectedDroneId : null);
    const convoyId = layers.mesh ? focusConvoyId(state) : null;
    meshFeed.show(convoyId, convoyId ? (state.convoyColors[convoyId] ?? palette.unknown) : '');
    follow.schedule();
  };

  const fitToConvoy = (): void => {
    const convoyId = focusConvoyId(store.getState());
    if (!convoyId) return;
    let bounds: L.LatLngBounds | null = null;
    for (let slot = 0; slot < Math.min(roster.size, telemetry.size); slot++) {
      if (roster.entryBySlot[slot]?.convoyId !== convoyId || telemetry.known[slot] !== 1) continue;
      const at = L.latLng(telemetry.lat[slot] ?? 0, telemetry.lon[slot] ?? 0);
      bounds = bounds ? bounds.extend(at) : L.latLngBounds(at, at);
    }
    if (bounds) map.fitBounds(bounds.pad(0.15), { maxZoom: FIT_MAX_ZOOM, animate: true });
  };

  const applySettings = (settings: MapSettingsState, previous: MapSettingsState | null): void => {
    for (const name of MAP_LAYERS) {
      const layer = switchable[name];
      if (settings.layers[name] && !map.hasLayer(layer)) layer.addTo(map);
      if (!settings.layers[name] && map.hasLayer(layer)) layer.remove();
    }
    if (!previous || settings.layers !== previous.layers) applySelection(store.getState());
    if (settings.follow) follow.schedule();
    if (previous && settings.fitRequest !== previous.fitRequest) fitToConvoy();
    setData('follow', String(settings.follow));
  };

  const applyPalette = (next: MapPalette): void => {
    palette = next;
    borders.setPalette(next);
    setGraticuleColor(graticule, next.graticule);
    aor.setStyle({ color: next.aor, fillColor: next.aor });
    for (const layer of [places, trails, route, drones]) layer.setPalette(next);
    // The roster holds the colour of unknown drones.
    applyRoster(store.getState());
  };

  const initial = store.getState();
  applyRoster(initial);
  drones.setAlertDroneIds(asSet(alertDroneIdsOf(initial)));
  applySettings(mapSettings.getState(), null);
  recorder.start();

  rasterTiles.show(tileSource.getState().status);

  const unsubscribers = [
    tileSource.subscribe((next, previous) => {
      if (next.status !== previous.status) rasterTiles.show(next.status);
    }),
    store.subscribe((next, previous) => {
      if (next.droneIndex !== previous.droneIndex || next.convoyColors !== previous.convoyColors) {
        applyRoster(next);
        applySelection(next);
      } else if (
        next.selectedDroneId !== previous.selectedDroneId ||
        next.selectedConvoyId !== previous.selectedConvoyId
      ) {
        applySelection(next);
      }
      const alerts = alertDroneIdsOf(next);
      if (alerts !== alertDroneIdsOf(previous)) drones.setAlertDroneIds(asSet(alerts));
    }),
    mapSettings.subscribe((next, previous) => applySettings(next, previous)),
    telemetry.subscribe(() => {
      if (mapSettings.getState().follow) follow.schedule();
    }),
    watchTheme(() => {
      const next = readMapPalette(container);
      if (JSON.stringify(next) !== JSON.stringify(palette)) applyPalette(next);
    }),
  ];

  map.on('zoomstart', () => {
    zooming = true;
  });
  map.on('zoomend', () => {
    zooming = false;
    follow.schedule();
  });
  // For end-to-end tests: where the map looks, to turn a drone's position into a click.
  const reportView = (): void => {
    const b = map.getBounds();
    setData('view', [b.getSouth(), b.getWest(), b.getNorth(), b.getEast()].join(','));
    setData('zoom', String(map.getZoom()));
  };
  map.on('moveend zoomend resize', reportView);
  reportView();
  // Dragging the map means the operator wants to look elsewhere.
  map.on('dragstart', () => setFollow(false));

  // The panels beside the map can change its size without a window resize.
  const resize = new ResizeObserver(() => map.invalidateSize({ pan: false }));
  resize.observe(container);

  return () => {
    resize.disconnect();
    for (const unsubscribe of unsubscribers) unsubscribe();
    follow.cancel();
    routeFeed.stop();
    meshFeed.stop();
    recorder.stop();
    borders.dispose();
    rasterTiles.remove();
    map.remove();
  };
}
