import * as L from 'leaflet';
import { DEFAULT_AOR } from '../../src-shared/constants';
import { boundsOf } from './aorOutline';
import { createPanes } from './panes';

/**
 * The Leaflet map, opened on the AOR, with the GCS's panes (panes.ts). There is no tile layer by
 * default: a field laptop has no network and the CSP allows no remote images, so the basemap is
 * vector data bundled with the app (mapController.ts). An offline raster tile layer, when the
 * operator opens one, belongs in Leaflet's tilePane, under that basemap.
 */
export function createTacticalMap(container: HTMLElement): L.Map {
  const map = L.map(container, {
    // The canvas layers assume Web Mercator (see mercator.ts); say so rather than rely on the default.
    crs: L.CRS.EPSG3857,
    attributionControl: false,
    minZoom: 3,
    maxZoom: 16,
    zoomSnap: 0.5,
    worldCopyJump: false,
  });
  createPanes(map);
  // The view first: Leaflet's vector renderer has no bounds to clip against until the map has one.
  map.fitBounds(boundsOf(DEFAULT_AOR.bbox), { padding: [16, 16], animate: false });
  return map;
}
