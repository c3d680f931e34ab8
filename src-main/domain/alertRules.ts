import { PROXIMITY_VERTICAL_M } from '../../src-shared/constants';
import type { AlertKind, AlertSeverity, BoundingBox, DroneStatus } from '../../src-shared/model';
import { distanceM, insideBox } from './geo';

/**
 * The alert rules: which conditions hold for the fleet right now. Pure: the alert service keeps
 * the alerts' lifecycle (raise, update, clear) and calls this once a second.
 *
 * Each rule clears with some hysteresis (a margin past its threshold) so that a value hovering
 * at a threshold does not raise and clear an alert every second.
 */
export interface AlertThresholds {
  lowFuelPct: number;
  proximityM: number;
  linkDegradedMs: number;
  linkLostMs: number;
}

export interface DroneSnapshot {
  droneId: string;
  convoyId: string;
  callsign: string;
  lat: number;
  lon: number;
  altitudeM: number;
  fuelPct: number;
  status: DroneStatus;
  /** Time of the drone's newest telemetry row. */
  recordedAt: number;
}

export interface AlertCondition {
  /** Identifies the condition across evaluations: kind plus the drones involved. */
  key: string;
  kind: AlertKind;
  severity: AlertSeverity;
  droneIds: string[];
  convoyId: string | null;
  message: string;
}

const FUEL_CLEAR_MARGIN_PCT = 2;
const FUEL_CRITICAL_PCT = 10;
const PROXIMITY_CLEAR_FACTOR = 1.2;
/**
 * At most this many proximity alerts at once: the closest pairs, open ones first. A packed
 * formation can hold thousands of close pairs; a feed of thousands helps no operator, and
 * writing them every second would hold up the store.
 */
export const MAX_PROXIMITY_ALERTS = 50;
const ON_THE_GROUND = new Set<DroneStatus>(['LANDED', 'GROUNDED', 'LOST']);

export function alertKey(kind: AlertKind, droneIds: readonly string[]): string {
  return `${kind}:${[...droneIds].sort().join('|')}`;
}

const metres = (m: number): string =>
  m >= 1000 ? `${(m / 1000).toFixed(1)} km` : `${Math.round(m)} m`;

/**
 * @param open keys of the conditions that are open now, so a rule can apply its clearing margin.
 * @param now the GCS clock (simulation time when simulating): link age is measured against it.
 */
export function evaluateAlerts(
  drones: readonly DroneSnapshot[],
  now: number,
  aorOf: (convoyId: string) => BoundingBox | undefined,
  thresholds: AlertThresholds,
  open: ReadonlySet<string>,
): AlertCondition[] {
  const conditions: AlertCondition[] = [];
  const add = (
    kind: AlertKind,
    severity: AlertSeverity,
    d: DroneSnapshot[],
    message: string,
  ): void => {
    const droneIds = d.map((x) => x.droneId);
    const convoys = new Set(d.map((x) => x.convoyId));
    conditions.push({
      key: alertKey(kind, droneIds),
      kind,
      severity,
      droneIds,
      convoyId: convoys.size === 1 ? d[0]!.convoyId : null,
      message,
    });
  };

  for (const d of drones) {
    const age = now - d.recordedAt;
    if (d.status !== 'LANDED' && age > thresholds.linkLostMs) {
      add(
        'LINK_LOST',
        'CRITICAL',
        [d],
        `${d.callsign}: no telemetry for ${Math.round(age / 1000)} s`,
      );
    } else if (d.status !== 'LANDED' && age > thresholds.linkDegradedMs) {
      add(
        'LINK_DEGRADED',
        'WARNING',
        [d],
        `${d.callsign}: telemetry ${Math.round(age / 1000)} s old`,
      );
    }
    if (ON_THE_GROUND.has(d.status)) continue;

    const fuelOpen = open.has(alertKey('LOW_FUEL', [d.droneId]));
    const fuelLimit = thresholds.lowFuelPct + (fuelOpen ? FUEL_CLEAR_MARGIN_PCT : 0);
    if (d.fuelPct < fuelLimit) {
      add(
        'LOW_FUEL',
        d.fuelPct < FUEL_CRITICAL_PCT ? 'CRITICAL' : 'WARNING',
        [d],
        `${d.callsign}: fuel ${d.fuelPct.toFixed(0)}%`,
      );
    }
    const aor = aorOf(d.convoyId);
    if (aor && !insideBox(d, aor))
      add('GEOFENCE', 'WARNING', [d], `${d.callsign} has left the AOR`);
  }

  for (const [a, b, distance] of closePairs(drones, thresholds, open)) {
    add(
      'PROXIMITY',
      'WARNING',
      [a, b],
      `${a.callsign} and ${b.callsign} ${metres(distance)} apart`,
    );
  }
  return conditions;
}

/** Airborne pairs within range, found through a grid of cells one clearing distance wide. */
function closePairs(
  drones: readonly DroneSnapshot[],
  thresholds: AlertThresholds,
  open: ReadonlySet<string>,
): [DroneSnapshot, DroneSnapshot, number][] {
  const reach = thresholds.proximityM * PROXIMITY_CLEAR_FACTOR;
  const cellLat = reach / 111_320;
  const grid = new Map<string, DroneSnapshot[]>();
  const cellOf = (d: DroneSnapshot): [number, number] => {
    const cellLon = cellLat / Math.max(0.01, Math.cos((d.lat * Math.PI) / 180));
    return [Math.floor(d.lat / cellLat), Math.floor(d.lon / cellLon)];
  };
  const airborne = drones.filter((d) => !ON_THE_GROUND.has(d.status));
  for (const d of airborne) {
    const [y, x] = cellOf(d);
    const key = `${y}:${x}`;
    const cell = grid.get(key);
    if (cell) cell.push(d);
    else grid.set(key, [d]);
  }
  const pairs: [DroneSnapshot, DroneSnapshot, number, boolean][] = [];
  for (const a of airborne) {
    const [y, x] = cellOf(a);
    for (let dy = -1; dy <= 1; dy++) {
      for (let dx = -1; dx <= 1; dx++) {
        for (const b of grid.get(`${y + dy}:${x + dx}`) ?? []) {
          if (b.droneId <= a.droneId) continue; // each pair once
          if (Math.abs(a.altitudeM - b.altitudeM) >= PROXIMITY_VERTICAL_M) continue;
          const distance = distanceM(a, b);
          const isOpen = open.has(alertKey('PROXIMITY', [a.droneId, b.droneId]));
          if (distance < (isOpen ? reach : thresholds.proximityM))
            pairs.push([a, b, distance, isOpen]);
        }
      }
    }
  }
  // Open alerts keep their place (no churn at the cap), then the closest new pairs.
  pairs.sort((p, q) => Number(q[3]) - Number(p[3]) || p[2] - q[2]);
  return pairs.slice(0, MAX_PROXIMITY_ALERTS).map(([a, b, d]) => [a, b, d]);
}
