import type * as L from 'leaflet';

/**
 * The map's drawing order, bottom to top, as Leaflet panes with explicit z-indices (Leaflet's own:
 * tilePane 200, overlayPane 400, markerPane 600). Raster tiles, when an offline tile file is
 * opened, go in Leaflet's tilePane, under the vector basemap, so that borders and the grid stay
 * readable over imagery.
 */
export const PANES = {
  basemap: { name: 'gcs-basemap', zIndex: 250 },
  aor: { name: 'gcs-aor', zIndex: 300 },
  labels: { name: 'gcs-labels', zIndex: 350 },
  trails: { name: 'gcs-trails', zIndex: 420 },
  mesh: { name: 'gcs-mesh', zIndex: 430 },
  route: { name: 'gcs-route', zIndex: 440 },
  drones: { name: 'gcs-drones', zIndex: 450 },
} as const;

export function createPanes(map: L.Map): void {
  for (const { name, zIndex } of Object.values(PANES)) {
    const pane = map.createPane(name);
    pane.style.zIndex = String(zIndex);
    // Nothing on these panes takes the mouse: clicks go to the map, which hit-tests drones itself.
    pane.style.pointerEvents = 'none';
  }
}
