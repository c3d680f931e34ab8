import { describe, expect, it } from 'vitest';
import { LINK_DEGRADED_AFTER_MS, LINK_LOST_AFTER_MS } from '../../../src-shared/constants';
import { PLATFORM_TYPES } from '../../../src-shared/model';
import {
  PLATFORM_LABELS,
  formatAge,
  formatAltitude,
  formatDuration,
  formatHeading,
  formatLat,
  formatLon,
  formatPct,
  formatSpeed,
  formatUtcTime,
  fuelLevel,
  linkState,
} from '../../../src-renderer/panels/common/format';

describe('panels/common/format', () => {
  it('formatUtcTime shows UTC, truncating milliseconds', () => {
    expect(formatUtcTime(Date.UTC(2024, 0, 2, 3, 4, 5, 999))).toBe('03:04:05');
    expect(formatUtcTime(Date.UTC(2024, 11, 31, 23, 59, 59))).toBe('23:59:59');
  });

  it('formatLat and formatLon give five decimals and the hemisphere', () => {
    expect(formatLat(34.5553219)).toBe('34.55532° N');
    expect(formatLat(-33.5)).toBe('33.50000° S');
    expect(formatLon(69.2075)).toBe('69.20750° E');
    expect(formatLon(-0.1)).toBe('0.10000° W');
    expect(formatLat(0)).toBe('0.00000° N');
  });

  it.each([
    [7, '007°'],
    [0, '000°'],
    [359.4, '359°'],
    [359.6, '000°'],
    [360, '000°'],
    [-10, '350°'],
    [725, '005°'],
  ])('formatHeading(%d) is %s', (deg, text) => {
    expect(formatHeading(deg)).toBe(text);
  });

  it('formatPct, formatAltitude and formatSpeed', () => {
    expect(formatPct(42.6)).toBe('43%');
    expect(formatPct(42.36, 1)).toBe('42.4%');
    expect(formatAltitude(12_345.6)).toBe('12,346 m');
    expect(formatAltitude(950)).toBe('950 m');
    expect(formatSpeed(48)).toBe('48.0 m/s');
  });

  it('fuelLevel: ok above 50 %, warn from 25 to 50 %, bad below 25 %', () => {
    expect(fuelLevel(100)).toBe('ok');
    expect(fuelLevel(50.1)).toBe('ok');
    expect(fuelLevel(50)).toBe('warn');
    expect(fuelLevel(25)).toBe('warn');
    expect(fuelLevel(24.9)).toBe('bad');
    expect(fuelLevel(0)).toBe('bad');
  });

  it('linkState follows the shared thresholds, unknown with no age', () => {
    expect(linkState(null)).toBe('unknown');
    expect(linkState(0)).toBe('ok');
    expect(linkState(LINK_DEGRADED_AFTER_MS)).toBe('ok');
    expect(linkState(LINK_DEGRADED_AFTER_MS + 1)).toBe('degraded');
    expect(linkState(LINK_LOST_AFTER_MS)).toBe('degraded');
    expect(linkState(LINK_LOST_AFTER_MS + 1)).toBe('lost');
  });

  it.each([
    [null, '—'],
    [-500, '0.0 s'],
    [2_340, '2.3 s'],
    [9_940, '9.9 s'],
    [10_000, '10 s'],
    [59_999, '59 s'],
    [60_000, '1:00 m'],
    [125_000, '2:05 m'],
    [3_599_999, '59:59 m'],
    [3_600_000, '1:00 h'],
    [7_384_000, '2:03 h'],
  ])('formatAge(%s) is %s', (ms, text) => {
    expect(formatAge(ms)).toBe(text);
  });

  it.each([
    [0, '0:00'],
    [59_400, '0:59'],
    [59_500, '1:00'],
    [3_661_000, '1:01:01'],
    [-90_000, '1:30'],
    [36_000_000, '10:00:00'],
  ])('formatDuration(%d) is %s', (ms, text) => {
    expect(formatDuration(ms)).toBe(text);
  });

  it('has a label for every platform type', () => {
    for (const platform of PLATFORM_TYPES) expect(PLATFORM_LABELS[platform]).toBeTruthy();
  });
});
