/**
 * Web Mercator (EPSG:3857) in Leaflet's pixel space, inlined for the drone canvas: projecting
 * thousands of drones a frame through `map.latLngToContainerPoint` allocates two objects per drone.
 * Results match `map.project(latLng, zoom)` divided by `crs.scale(zoom)`: 0..1 across the world.
 */
const MAX_LATITUDE = 85.0511287798;
const DEG = Math.PI / 180;

export function mercatorX(lonDeg: number): number {
  return lonDeg / 360 + 0.5;
}

export function mercatorY(latDeg: number): number {
  const lat = Math.max(-MAX_LATITUDE, Math.min(MAX_LATITUDE, latDeg)) * DEG;
  return 0.5 - Math.log(Math.tan(Math.PI / 4 + lat / 2)) / (2 * Math.PI);
}
