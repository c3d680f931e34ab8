import type { BoundingBox } from '../../src-shared/model';
import type { LatLon } from '../domain/geo';

/** Folds any angle into [0, 360); guards the float edge where `x % 360 + 360` rounds to 360. */
export function normalizeDeg(deg: number): number {
  const folded = ((deg % 360) + 360) % 360;
  return folded >= 360 ? 0 : folded;
}

/** Turns bearing `from` toward `to` by `weight` (0–1) of the shorter way round. */
export function blendBearing(from: number, to: number, weight: number): number {
  const diff = ((to - from + 540) % 360) - 180;
  return normalizeDeg(from + diff * weight);
}

/**
 * Great-circle legs between points inside the box bow slightly poleward of it; clamping keeps
 * every reported position inside the AOR as the contract promises.
 */
export function clampToBox(p: LatLon, box: BoundingBox): LatLon {
  return {
    lat: Math.min(box.maxLat, Math.max(box.minLat, p.lat)),
    lon: Math.min(box.maxLon, Math.max(box.minLon, p.lon)),
  };
}

/** The box shrunk by `marginDeg` on every side. */
export function insetBox(box: BoundingBox, marginDeg: number): BoundingBox {
  return {
    minLat: box.minLat + marginDeg,
    maxLat: box.maxLat - marginDeg,
    minLon: box.minLon + marginDeg,
    maxLon: box.maxLon - marginDeg,
  };
}

/**
 * One second of climb or descent: spread the change over the time left to the target, so the
 * drone arrives at the next waypoint's altitude, but never faster than the airframe can climb.
 */
export function approachAltitude(
  current: number,
  target: number,
  secondsLeft: number,
  maxRateMps: number,
): number {
  const wanted = (target - current) / Math.max(1, secondsLeft);
  return current + Math.max(-maxRateMps, Math.min(maxRateMps, wanted));
}
