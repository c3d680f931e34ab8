import * as L from 'leaflet';
import { DEFAULT_AOR } from '../../src-shared/constants';
import { boundsOf, createAorOutline } from './aorOutline';
import { createGraticule } from './graticule';

/**
 * The base map: no tile layer at all, because a field laptop has no network and the CSP allows
 * no remote images; the dark background, the graticule and the AOR outline stand in for it.
 */
export function createTacticalMap(container: HTMLElement): L.Map {
  const map = L.map(container, {
    // The drone canvas assumes Web Mercator (see mercator.ts); say so rather than rely on the default.
    crs: L.CRS.EPSG3857,
    attributionControl: false,
    minZoom: 3,
    maxZoom: 16,
    zoomSnap: 0.5,
    worldCopyJump: false,
  });
  // The view first: Leaflet's vector renderer has no bounds to clip against until the map has one.
  map.fitBounds(boundsOf(DEFAULT_AOR.bbox), { padding: [16, 16], animate: false });
  createGraticule().addTo(map);
  createAorOutline(DEFAULT_AOR.bbox).addTo(map);
  return map;
}
