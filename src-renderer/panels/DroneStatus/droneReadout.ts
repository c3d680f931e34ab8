import { WAYPOINTS_PER_DRONE } from '../../../src-shared/constants';
import type { Drone, DroneStatus, Waypoint } from '../../../src-shared/model';
import { statusFromCode } from '../../../src-shared/telemetryFrame';
import type { DroneLiveBuffer } from '../../state/droneLiveBuffer';
import type { TelemetryBuffer } from '../../state/telemetryBuffer';

/** Everything the status panel shows about one drone, in raw units. */
export interface DroneReadout {
  status: DroneStatus;
  lat: number;
  lon: number;
  altitudeM: number;
  headingDeg: number;
  speedMps: number;
  fuelPct: number;
  meshConnectivity: number;
  currentWaypoint: number;
  /** Waypoints reached, 0..25. */
  waypointsDone: number;
  /** Planned (or actual) arrival at the final waypoint, epoch ms; null when unknown. */
  finalEta: number | null;
  finalArrived: boolean;
  /** Simulation ms since the drone's last telemetry, null when not known. */
  linkAgeMs: number | null;
  /** True when the flight values come from live frames rather than the last `drone.get`. */
  live: boolean;
}

/**
 * Combines the live buffers (positions and flight values, several times a second) with the last
 * `drone.get` (the fallback before the first frame, and the drone's last report time).
 */
export function readDrone(
  slot: number | undefined,
  telemetry: TelemetryBuffer,
  live: DroneLiveBuffer,
  drone: Drone | null,
  waypoints: readonly Waypoint[] | null,
): DroneReadout | null {
  const hasLive = slot !== undefined && telemetry.known[slot] === 1 && live.seen[slot] === 1;
  if (!hasLive && !drone) return null;
  const at = slot ?? 0;
  const currentWaypoint = hasLive ? (live.currentWaypoint[at] ?? 0) : (drone?.currentWaypoint ?? 0);
  const final = waypoints?.find((w) => w.seq === WAYPOINTS_PER_DRONE - 1) ?? null;
  const finalArrived = final?.arrivedAt != null;
  const arrivedCount = waypoints?.reduce((n, w) => (w.arrivedAt !== null ? n + 1 : n), 0) ?? 0;
  // The current waypoint is the one flown to, so those before it are done; the arrival log
  // covers the end of the route, where the index stays on the last waypoint.
  const waypointsDone = Math.min(
    WAYPOINTS_PER_DRONE,
    Math.max(currentWaypoint, finalArrived ? WAYPOINTS_PER_DRONE : 0, arrivedCount),
  );

  const newest = Math.max(live.simTime, drone?.updatedAt ?? 0);
  const frameSeen = hasLive ? (live.lastSeenAt[at] ?? 0) : 0;
  // Both are times the drone is known to have reported: the later one is its last report.
  const lastSeen = Math.max(frameSeen, drone?.updatedAt ?? 0);
  const linkAgeMs = lastSeen > 0 && newest > 0 ? Math.max(0, newest - lastSeen) : null;

  if (hasLive) {
    return {
      status: statusFromCode(telemetry.status[at] ?? 0),
      lat: telemetry.lat[at] ?? 0,
      lon: telemetry.lon[at] ?? 0,
      altitudeM: live.altitudeM[at] ?? 0,
      headingDeg: telemetry.headingDeg[at] ?? 0,
      speedMps: live.speedMps[at] ?? 0,
      fuelPct: live.fuelPct[at] ?? 0,
      meshConnectivity: live.meshConnectivity[at] ?? 0,
      currentWaypoint,
      waypointsDone,
      finalEta: final?.arrivedAt ?? final?.eta ?? null,
      finalArrived,
      linkAgeMs,
      live: true,
    };
  }
  const d = drone as Drone;
  return {
    status: d.status,
    lat: d.lat,
    lon: d.lon,
    altitudeM: d.altitudeM,
    headingDeg: d.headingDeg,
    speedMps: d.speedMps,
    fuelPct: d.fuelPct,
    meshConnectivity: d.meshConnectivity,
    currentWaypoint,
    waypointsDone,
    finalEta: final?.arrivedAt ?? final?.eta ?? null,
    finalArrived,
    linkAgeMs,
    live: false,
  };
}
