import type { DroneStatus } from '../../../src-shared/model';
import {
  STATUS_CODES,
  allocateFrame,
  toE7,
  type TelemetryFrame,
} from '../../../src-shared/telemetryFrame';

/** One drone's row in a test frame; anything left out is a plausible airborne default. */
export interface DroneSample {
  slot: number;
  lat?: number;
  lon?: number;
  headingDeg?: number;
  status?: DroneStatus;
  altitudeM?: number;
  speedMps?: number;
  fuelPct?: number;
  meshConnectivity?: number;
  waypoint?: number;
}

/**
 * Builds frames through the shared codec's own allocator, so the buffers under test see exactly
 * the column types the host sends (Float32 fuel, fixed-point positions).
 */
export function telemetryFrame(
  simTime: number,
  drones: readonly DroneSample[],
  options: { full?: boolean; indexVersion?: number } = {},
): TelemetryFrame {
  const frame = allocateFrame(drones.length);
  frame.simTime = simTime;
  frame.full = options.full ?? false;
  frame.indexVersion = options.indexVersion ?? 1;
  drones.forEach((d, i) => {
    frame.index[i] = d.slot;
    frame.latE7[i] = toE7(d.lat ?? 34.5);
    frame.lonE7[i] = toE7(d.lon ?? 69.2);
    frame.headingDeg[i] = d.headingDeg ?? 0;
    frame.status[i] = STATUS_CODES[d.status ?? 'AIRBORNE'];
    frame.altitudeM[i] = d.altitudeM ?? 5000;
    frame.speedMps[i] = d.speedMps ?? 60;
    frame.fuelPct[i] = d.fuelPct ?? 80;
    frame.meshConnectivity[i] = d.meshConnectivity ?? 0.5;
    frame.currentWaypoint[i] = d.waypoint ?? 0;
  });
  return frame;
}
