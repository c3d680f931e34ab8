import { describe, expect, it } from 'vitest';
import {
  EARTH_RADIUS_M,
  bearingDeg,
  destination,
  distanceM,
  insideBox,
} from '../../src-main/domain/geo';

const KABUL = { lat: 34.5553, lon: 69.2075 };
const KANDAHAR = { lat: 31.6289, lon: 65.7372 };

/** Spherical law of cosines: a different formula for the same great-circle distance. */
function lawOfCosinesM(a: { lat: number; lon: number }, b: { lat: number; lon: number }): number {
  const rad = Math.PI / 180;
  const c =
    Math.sin(a.lat * rad) * Math.sin(b.lat * rad) +
    Math.cos(a.lat * rad) * Math.cos(b.lat * rad) * Math.cos((b.lon - a.lon) * rad);
  return EARTH_RADIUS_M * Math.acos(Math.min(1, c));
}

/** Signed smallest difference between two angles, degrees. */
const angleDiff = (a: number, b: number): number => ((a - b + 540) % 360) - 180;

describe('distanceM', () => {
  it('Kabul → Kandahar is about 459 km great-circle', () => {
    // Great-circle, not road distance: ~4.59e5 m (Highway 1 is ~4.8e5 m by road). Flat-earth
    // check: Δlat 2.93°, Δlon 3.47° × cos(33.1°) = 2.91°, hypotenuse 4.13° × 111.2 km ≈ 459 km.
    const d = distanceM(KABUL, KANDAHAR);
    expect(Math.abs(d - 4.59e5) / 4.59e5).toBeLessThan(0.01);
    expect(Math.abs(d - lawOfCosinesM(KABUL, KANDAHAR))).toBeLessThan(1);
  });

  it('is symmetric, zero for the same point, and a quarter meridian from pole to equator', () => {
    expect(distanceM(KABUL, KANDAHAR)).toBeCloseTo(distanceM(KANDAHAR, KABUL), 6);
    expect(distanceM(KABUL, KABUL)).toBe(0);
    expect(distanceM({ lat: 90, lon: 0 }, { lat: 0, lon: 45 })).toBeCloseTo(
      (Math.PI / 2) * EARTH_RADIUS_M,
      3,
    );
    // Across the antimeridian: 2° of longitude on the equator, not 358°.
    expect(distanceM({ lat: 0, lon: 179 }, { lat: 0, lon: -179 })).toBeCloseTo(
      2 * (Math.PI / 180) * EARTH_RADIUS_M,
      3,
    );
  });
});

describe('bearingDeg', () => {
  it('gives the cardinal directions in [0, 360)', () => {
    expect(bearingDeg({ lat: 0, lon: 0 }, { lat: 1, lon: 0 })).toBeCloseTo(0, 9);
    expect(bearingDeg({ lat: 0, lon: 0 }, { lat: 0, lon: 1 })).toBeCloseTo(90, 9);
    expect(bearingDeg({ lat: 1, lon: 0 }, { lat: 0, lon: 0 })).toBeCloseTo(180, 9);
    expect(bearingDeg({ lat: 0, lon: 1 }, { lat: 0, lon: 0 })).toBeCloseTo(270, 9);
    const b = bearingDeg(KABUL, KANDAHAR);
    expect(b).toBeGreaterThanOrEqual(0);
    expect(b).toBeLessThan(360);
    // Kandahar is south-west of Kabul.
    expect(b).toBeGreaterThan(180);
    expect(b).toBeLessThan(270);
  });
});

describe('destination', () => {
  it('round-trips with bearingDeg and distanceM', () => {
    for (const bearing of [0, 37, 90, 145, 180, 233.5, 270, 359]) {
      for (const dist of [10, 1_500, 50_000, 480_000]) {
        const to = destination(KABUL, bearing, dist);
        expect(Math.abs(distanceM(KABUL, to) - dist)).toBeLessThan(1e-3);
        expect(Math.abs(angleDiff(bearingDeg(KABUL, to), bearing))).toBeLessThan(1e-6);
      }
    }
  });

  it('lands on Kandahar when started from Kabul on the Kabul → Kandahar bearing', () => {
    const to = destination(KABUL, bearingDeg(KABUL, KANDAHAR), distanceM(KABUL, KANDAHAR));
    expect(to.lat).toBeCloseTo(KANDAHAR.lat, 7);
    expect(to.lon).toBeCloseTo(KANDAHAR.lon, 7);
  });

  it('wraps longitude into [-180, 180)', () => {
    const to = destination({ lat: 0, lon: 179.9 }, 90, 50_000);
    expect(to.lon).toBeLessThan(-179);
    expect(to.lon).toBeGreaterThanOrEqual(-180);
  });
});

describe('insideBox', () => {
  it('includes the edges and excludes the outside', () => {
    const box = { minLat: 29.4, maxLat: 38.5, minLon: 60.5, maxLon: 74.9 };
    expect(insideBox(KABUL, box)).toBe(true);
    expect(insideBox({ lat: 29.4, lon: 74.9 }, box)).toBe(true);
    expect(insideBox({ lat: 29.39, lon: 65 }, box)).toBe(false);
    expect(insideBox({ lat: 35, lon: 74.91 }, box)).toBe(false);
  });
});
