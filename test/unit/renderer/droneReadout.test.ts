import { describe, expect, it } from 'vitest';
import { WAYPOINTS_PER_DRONE } from '../../../src-shared/constants';
import type { Drone, Waypoint } from '../../../src-shared/model';
import { readDrone } from '../../../src-renderer/panels/DroneStatus/droneReadout';
import { DroneLiveBuffer } from '../../../src-renderer/state/droneLiveBuffer';
import { TelemetryBuffer } from '../../../src-renderer/state/telemetryBuffer';
import { telemetryFrame, type DroneSample } from './telemetryFrames';

const DRONE_ID = '00000000-0000-4000-8000-000000000001';
const T0 = 1_700_000_000_000;

const drone = (over: Partial<Drone> = {}): Drone => ({
  id: DRONE_ID,
  convoyId: '00000000-0000-4000-8000-0000000000c1',
  callsign: 'HAWK-1',
  platformType: 'MQ9_REAPER',
  status: 'LOITER',
  lat: 31.5,
  lon: 65.75,
  altitudeM: 6100,
  headingDeg: 45,
  speedMps: 70,
  fuelPct: 55,
  currentWaypoint: 4,
  distanceToNextKm: 12,
  totalEngagements: 0,
  successfulHits: 0,
  accuracyPct: 0,
  currentStreak: 0,
  bestStreak: 0,
  meshConnectivity: 0.9,
  updatedAt: T0,
  ...over,
});

function waypoints(arrived: number, finalEta: number | null = T0 + 3_600_000): Waypoint[] {
  return Array.from({ length: WAYPOINTS_PER_DRONE }, (_, seq) => ({
    droneId: DRONE_ID,
    seq,
    lat: 30 + seq * 0.1,
    lon: 65,
    altitudeM: 5000,
    eta: seq === WAYPOINTS_PER_DRONE - 1 ? finalEta : null,
    arrivedAt: seq < arrived ? T0 + seq * 60_000 : null,
  }));
}

function buffers(frames: Array<[number, DroneSample[], boolean?]>): {
  telemetry: TelemetryBuffer;
  live: DroneLiveBuffer;
} {
  const telemetry = new TelemetryBuffer();
  const live = new DroneLiveBuffer();
  for (const [simTime, drones, full] of frames) {
    const frame = telemetryFrame(simTime, drones, { full: full ?? false });
    telemetry.apply(frame);
    live.apply(frame);
  }
  return { telemetry, live };
}

describe('readDrone', () => {
  it('has nothing to show with neither live data nor a drone.get', () => {
    const { telemetry, live } = buffers([]);
    expect(readDrone(0, telemetry, live, null, null)).toBeNull();
    expect(readDrone(undefined, telemetry, live, null, null)).toBeNull();
  });

  it('shows the last drone.get until the drone has live telemetry', () => {
    const { telemetry, live } = buffers([[T0 + 5_000, [{ slot: 1 }]]]);
    const readout = readDrone(0, telemetry, live, drone(), null);
    expect(readout).toMatchObject({
      live: false,
      status: 'LOITER',
      lat: 31.5,
      lon: 65.75,
      altitudeM: 6100,
      fuelPct: 55,
      currentWaypoint: 4,
      // The drone reported at T0; the newest frame says it is now T0 + 5 s.
      linkAgeMs: 5_000,
    });
  });

  it('prefers live values once the drone has reported', () => {
    const { telemetry, live } = buffers([
      [
        T0 + 10_000,
        [
          {
            slot: 2,
            lat: 32.25,
            lon: 66.5,
            headingDeg: 180,
            status: 'ENGAGING',
            altitudeM: 3000,
            speedMps: 41.5,
            fuelPct: 30.5,
            meshConnectivity: 0.25,
            waypoint: 9,
          },
        ],
      ],
      [T0 + 12_000, []],
    ]);
    expect(readDrone(2, telemetry, live, drone(), null)).toEqual({
      status: 'ENGAGING',
      lat: expect.closeTo(32.25, 7),
      lon: expect.closeTo(66.5, 7),
      altitudeM: 3000,
      headingDeg: 180,
      speedMps: 41.5,
      fuelPct: 30.5,
      meshConnectivity: 0.25,
      currentWaypoint: 9,
      waypointsDone: 9,
      finalEta: null,
      finalArrived: false,
      linkAgeMs: 2_000,
      live: true,
    });
  });

  it('takes the later of the frame and the drone.get as the last report', () => {
    // drone.get fetched after the last frame the renderer saw for this drone.
    const { telemetry, live } = buffers([
      [T0 + 1_000, [{ slot: 0 }]],
      [T0 + 4_000, []],
    ]);
    const readout = readDrone(0, telemetry, live, drone({ updatedAt: T0 + 3_000 }), null);
    expect(readout?.linkAgeMs).toBe(1_000);
  });

  it('has no link age for a drone first seen in a full frame and with no drone.get', () => {
    const { telemetry, live } = buffers([[T0, [{ slot: 0 }], true]]);
    expect(readDrone(0, telemetry, live, null, null)?.linkAgeMs).toBeNull();
  });

  it('counts waypoints done from the current one or the arrival log, whichever is further', () => {
    const { telemetry, live } = buffers([[T0, [{ slot: 0, waypoint: 6 }]]]);
    expect(readDrone(0, telemetry, live, null, waypoints(3))?.waypointsDone).toBe(6);
    expect(readDrone(0, telemetry, live, null, waypoints(11))?.waypointsDone).toBe(11);
  });

  it('at the end of the route counts every waypoint and shows the arrival as the final ETA', () => {
    const { telemetry, live } = buffers([[T0, [{ slot: 0, waypoint: WAYPOINTS_PER_DRONE - 1 }]]]);
    const route = waypoints(WAYPOINTS_PER_DRONE);
    const readout = readDrone(0, telemetry, live, null, route);
    expect(readout).toMatchObject({
      waypointsDone: WAYPOINTS_PER_DRONE,
      finalArrived: true,
      finalEta: route.at(-1)?.arrivedAt,
    });
  });

  it('shows the planned final ETA before arrival', () => {
    const { telemetry, live } = buffers([]);
    const readout = readDrone(undefined, telemetry, live, drone(), waypoints(2, T0 + 999_000));
    expect(readout).toMatchObject({ finalEta: T0 + 999_000, finalArrived: false });
    expect(readout?.waypointsDone).toBe(4);
  });
});
