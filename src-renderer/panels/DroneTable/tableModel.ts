import { DEFAULT_LOW_FUEL_PCT } from '../../../src-shared/constants';
import type { DroneStatus } from '../../../src-shared/model';
import { statusFromCode } from '../../../src-shared/telemetryFrame';
import type { DroneLiveBuffer } from '../../state/droneLiveBuffer';
import type {
  DroneIndexEntry,
  DroneSortKey,
  DroneStats,
  DroneTableView,
} from '../../state/gcsStore';
import type { TelemetryBuffer } from '../../state/telemetryBuffer';

/** One drone as the table shows it: a snapshot of the live buffers and its engagement record. */
export interface DroneRow {
  droneId: string;
  callsign: string;
  convoyId: string;
  convoyCallsign: string;
  /** Null until the drone's first telemetry. */
  status: DroneStatus | null;
  fuelPct: number | null;
  altitudeM: number | null;
  speedMps: number | null;
  waypoint: number | null;
  linkAgeMs: number | null;
  accuracyPct: number | null;
  engagements: number | null;
  hits: number | null;
  streak: number | null;
}

export function buildRows(
  drones: readonly DroneIndexEntry[],
  telemetry: TelemetryBuffer,
  live: DroneLiveBuffer,
  stats: ReadonlyMap<string, DroneStats>,
  convoyCallsigns: ReadonlyMap<string, string>,
): DroneRow[] {
  const rows: DroneRow[] = new Array(drones.length);
  for (let i = 0; i < drones.length; i++) {
    const d = drones[i] as DroneIndexEntry;
    const slot = d.index;
    const known = telemetry.known[slot] === 1 && live.seen[slot] === 1;
    const seenAt = live.lastSeenAt[slot] ?? 0;
    const s = stats.get(d.droneId);
    rows[i] = {
      droneId: d.droneId,
      callsign: d.callsign,
      convoyId: d.convoyId,
      convoyCallsign: convoyCallsigns.get(d.convoyId) ?? '—',
      status: known ? statusFromCode(telemetry.status[slot] ?? 0) : null,
      fuelPct: known ? (live.fuelPct[slot] ?? 0) : null,
      altitudeM: known ? (live.altitudeM[slot] ?? 0) : null,
      speedMps: known ? (live.speedMps[slot] ?? 0) : null,
      waypoint: known ? (live.currentWaypoint[slot] ?? 0) : null,
      linkAgeMs: known && seenAt > 0 ? Math.max(0, live.simTime - seenAt) : null,
      accuracyPct: s?.accuracyPct ?? null,
      engagements: s?.totalEngagements ?? null,
      hits: s?.successfulHits ?? null,
      streak: s?.currentStreak ?? null,
    };
  }
  return rows;
}

function inRange(value: number | null, min: number | null, max: number | null): boolean {
  if (min === null && max === null) return true;
  if (value === null) return false;
  return (min === null || value >= min) && (max === null || value <= max);
}

export function filterRows(rows: readonly DroneRow[], view: DroneTableView): DroneRow[] {
  return rows.filter(
    (r) =>
      (view.convoyId === null || r.convoyId === view.convoyId) &&
      (view.status === null || r.status === view.status) &&
      (!view.lowFuelOnly || (r.fuelPct !== null && r.fuelPct < DEFAULT_LOW_FUEL_PCT)) &&
      inRange(r.fuelPct, view.fuelMin, view.fuelMax) &&
      inRange(r.accuracyPct, view.accuracyMin, view.accuracyMax),
  );
}

const sortValue: Record<DroneSortKey, (r: DroneRow) => string | number | null> = {
  callsign: (r) => r.callsign,
  convoy: (r) => r.convoyCallsign,
  status: (r) => r.status,
  fuel: (r) => r.fuelPct,
  altitude: (r) => r.altitudeM,
  speed: (r) => r.speedMps,
  accuracy: (r) => r.accuracyPct,
  engagements: (r) => r.engagements,
  hits: (r) => r.hits,
  streak: (r) => r.streak,
  waypoint: (r) => r.waypoint,
  link: (r) => r.linkAgeMs,
};

// One collator for every comparison: `localeCompare` with options builds a new one per call,
// which at 2,000 rows made a sort take hundreds of milliseconds.
const collator = new Intl.Collator('en', { numeric: true });

/**
 * Sorted by `key`, ties by callsign then id so the order is stable between refreshes; unknown
 * values always last, whichever the direction.
 */
export function sortRows(rows: DroneRow[], key: DroneSortKey, dir: 'asc' | 'desc'): DroneRow[] {
  const value = sortValue[key];
  const sign = dir === 'asc' ? 1 : -1;
  return rows.sort((a, b) => {
    const va = value(a);
    const vb = value(b);
    if (va !== vb) {
      if (va === null) return 1;
      if (vb === null) return -1;
      // The numeric collator calls "VIPER-01" and "VIPER-1" equal: those fall through to the
      // tie-break, or their order would depend on the order they came in.
      const order =
        typeof va === 'number' && typeof vb === 'number'
          ? va - vb
          : collator.compare(String(va), String(vb));
      if (order !== 0) return order * sign;
    }
    return (
      collator.compare(a.callsign, b.callsign) ||
      (a.droneId < b.droneId ? -1 : a.droneId > b.droneId ? 1 : 0)
    );
  });
}

/**
 * The selection after a click on `droneId` in the table's current order, the way file lists do
 * it: a plain click selects one; ctrl/cmd toggles one; shift selects the range from the anchor
 * (adding to the selection with ctrl/cmd too).
 */
export function clickSelection(
  order: readonly string[],
  current: ReadonlySet<string>,
  primary: string | null,
  anchor: string | null,
  droneId: string,
  mods: { toggle: boolean; range: boolean },
): { ids: string[]; primary: string | null; anchor: string | null } {
  if (mods.range && anchor !== null) {
    const from = order.indexOf(anchor);
    const to = order.indexOf(droneId);
    if (from !== -1 && to !== -1) {
      const range = order.slice(Math.min(from, to), Math.max(from, to) + 1);
      const ids = mods.toggle ? [...new Set([...current, ...range])] : range;
      return { ids, primary: droneId, anchor };
    }
  }
  if (mods.toggle) {
    if (current.has(droneId)) {
      const ids = [...current].filter((id) => id !== droneId);
      const nextPrimary = primary === droneId ? (ids.at(-1) ?? null) : primary;
      return { ids, primary: nextPrimary, anchor: droneId };
    }
    return { ids: [...current, droneId], primary: droneId, anchor: droneId };
  }
  return { ids: [droneId], primary: droneId, anchor: droneId };
}
