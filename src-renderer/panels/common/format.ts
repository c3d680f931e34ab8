import { LINK_DEGRADED_AFTER_MS, LINK_LOST_AFTER_MS } from '../../../src-shared/constants';

/** Epoch ms as UTC "HH:MM:SS": every operator reads the same clock, whatever their time zone. */
export function formatUtcTime(epochMs: number): string {
  return new Date(epochMs).toISOString().slice(11, 19);
}

/** Degrees with five decimals (about 1 m) and the hemisphere, as on a chart. */
export function formatLat(deg: number): string {
  return `${Math.abs(deg).toFixed(5)}° ${deg < 0 ? 'S' : 'N'}`;
}

export function formatLon(deg: number): string {
  return `${Math.abs(deg).toFixed(5)}° ${deg < 0 ? 'W' : 'E'}`;
}

/** Heading as three digits, the way it is spoken: 007°. */
export function formatHeading(deg: number): string {
  const whole = Math.round(((deg % 360) + 360) % 360) % 360;
  return `${String(whole).padStart(3, '0')}°`;
}

export function formatPct(pct: number, digits = 0): string {
  return `${pct.toFixed(digits)}%`;
}

const grouping = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });

export function formatAltitude(m: number): string {
  return `${grouping.format(m)} m`;
}

export function formatSpeed(mps: number): string {
  return `${mps.toFixed(1)} m/s`;
}

/** Fuel colour bands: green above 50 %, amber from 25 to 50 %, red below 25 %. */
export type Level = 'ok' | 'warn' | 'bad';

export function fuelLevel(pct: number): Level {
  if (pct > 50) return 'ok';
  if (pct >= 25) return 'warn';
  return 'bad';
}

/** How fresh a drone's telemetry is; `unknown` until the renderer has seen it report. */
export type LinkState = 'ok' | 'degraded' | 'lost' | 'unknown';

export function linkState(ageMs: number | null): LinkState {
  if (ageMs === null) return 'unknown';
  if (ageMs > LINK_LOST_AFTER_MS) return 'lost';
  if (ageMs > LINK_DEGRADED_AFTER_MS) return 'degraded';
  return 'ok';
}

export const LINK_LABELS: Record<LinkState, string> = {
  ok: 'OK',
  degraded: 'DEGRADED',
  lost: 'LOST',
  unknown: '—',
};

/** Link age: tenths under ten seconds (where "degraded" is decided), then m:ss, then h:mm. */
export function formatAge(ms: number | null): string {
  if (ms === null) return '—';
  const s = Math.max(0, ms) / 1000;
  if (s < 10) return `${s.toFixed(1)} s`;
  if (s < 60) return `${Math.floor(s)} s`;
  if (s < 3600) return `${Math.floor(s / 60)}:${pad2(Math.floor(s % 60))} m`;
  return `${Math.floor(s / 3600)}:${pad2(Math.floor((s % 3600) / 60))} h`;
}

/** A duration as "h:mm:ss" (or "m:ss" under an hour). */
export function formatDuration(ms: number): string {
  const total = Math.round(Math.abs(ms) / 1000);
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  return h > 0 ? `${h}:${pad2(m)}:${pad2(s)}` : `${m}:${pad2(s)}`;
}

function pad2(n: number): string {
  return String(n).padStart(2, '0');
}

/** Platform names as operators say them. */
export const PLATFORM_LABELS: Record<string, string> = {
  MQ9_REAPER: 'MQ-9 Reaper',
  MQ1C_GRAY_EAGLE: 'MQ-1C Gray Eagle',
  RQ7_SHADOW: 'RQ-7 Shadow',
  SCAN_EAGLE: 'ScanEagle',
};
