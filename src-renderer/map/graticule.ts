import * as L from 'leaflet';
import { PANES } from './panes';

const MAX_LAT = 85;
const MAJOR_EVERY_DEG = 5;

/**
 * A 1-degree grid over the whole world, the major lines every 5 degrees drawn brighter. With no
 * tile layer (the GCS must work offline) the grid is what gives the operator scale and position.
 * Each weight is one multi-line vector, so the whole grid costs two SVG paths.
 */
export function createGraticule(color: string): L.LayerGroup {
  const minor: L.LatLngExpression[][] = [];
  const major: L.LatLngExpression[][] = [];
  for (let lon = -180; lon <= 180; lon++) {
    (lon % MAJOR_EVERY_DEG === 0 ? major : minor).push([
      [-MAX_LAT, lon],
      [MAX_LAT, lon],
    ]);
  }
  for (let lat = -MAX_LAT; lat <= MAX_LAT; lat++) {
    (lat % MAJOR_EVERY_DEG === 0 ? major : minor).push([
      [lat, -180],
      [lat, 180],
    ]);
  }
  const style = { pane: PANES.basemap.name, interactive: false, color, smoothFactor: 0 };
  return L.layerGroup([
    L.polyline(minor, { ...style, weight: 0.5, opacity: 0.25 }),
    L.polyline(major, { ...style, weight: 1, opacity: 0.45 }),
  ]);
}

export function setGraticuleColor(graticule: L.LayerGroup, color: string): void {
  graticule.eachLayer((line) => (line as L.Polyline).setStyle({ color }));
}
