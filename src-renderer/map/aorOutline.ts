import * as L from 'leaflet';
import type { BoundingBox } from '../../src-shared/model';
import { PANES } from './panes';

export function boundsOf(bbox: BoundingBox): L.LatLngBounds {
  return L.latLngBounds([bbox.minLat, bbox.minLon], [bbox.maxLat, bbox.maxLon]);
}

/** The area of responsibility as a dashed outline: drones outside it are worth a second look. */
export function createAorOutline(bbox: BoundingBox, color: string): L.Rectangle {
  return L.rectangle(boundsOf(bbox), {
    pane: PANES.aor.name,
    interactive: false,
    color,
    weight: 1.5,
    opacity: 0.9,
    dashArray: '6 4',
    fill: true,
    fillColor: color,
    fillOpacity: 0.03,
  });
}
