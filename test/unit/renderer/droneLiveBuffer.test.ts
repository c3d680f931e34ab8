import { describe, expect, it } from 'vitest';
import { DroneLiveBuffer } from '../../../src-renderer/state/droneLiveBuffer';
import { telemetryFrame, type DroneSample } from './telemetryFrames';

const drone = (slot: number, over: Omit<DroneSample, 'slot'> = {}): DroneSample => ({
  slot,
  altitudeM: 4200,
  speedMps: 48.5,
  fuelPct: 66.25,
  meshConnectivity: 0.75,
  waypoint: 7,
  ...over,
});

describe('DroneLiveBuffer', () => {
  it('keeps the flight values of each drone at its slot', () => {
    const b = new DroneLiveBuffer();
    b.apply(telemetryFrame(1_000, [drone(4)]));
    expect(b.seen[4]).toBe(1);
    expect(b.seen[3]).toBe(0);
    expect({
      altitudeM: b.altitudeM[4],
      speedMps: b.speedMps[4],
      fuelPct: b.fuelPct[4],
      meshConnectivity: b.meshConnectivity[4],
      currentWaypoint: b.currentWaypoint[4],
    }).toEqual({
      altitudeM: 4200,
      speedMps: 48.5,
      fuelPct: 66.25,
      meshConnectivity: 0.75,
      currentWaypoint: 7,
    });
  });

  it('an incremental frame is fresh news: last seen becomes its time', () => {
    const b = new DroneLiveBuffer();
    b.apply(telemetryFrame(1_000, [drone(0), drone(1)]));
    b.apply(telemetryFrame(2_000, [drone(1)]));
    expect(b.lastSeenAt[0]).toBe(1_000);
    expect(b.lastSeenAt[1]).toBe(2_000);
  });

  it('a drone first met in a full frame has an unknown last-seen time', () => {
    const b = new DroneLiveBuffer();
    b.apply(telemetryFrame(1_000, [drone(0)], { full: true }));
    expect(b.seen[0]).toBe(1);
    expect(b.lastSeenAt[0]).toBe(0);
  });

  it('a full frame repeating unchanged values does not refresh last seen', () => {
    const b = new DroneLiveBuffer();
    b.apply(telemetryFrame(1_000, [drone(0)]));
    b.apply(telemetryFrame(9_000, [drone(0)], { full: true }));
    expect(b.lastSeenAt[0]).toBe(1_000);
  });

  it.each([
    ['altitude', { altitudeM: 4300 }],
    ['speed', { speedMps: 50 }],
    ['fuel', { fuelPct: 66 }],
    ['waypoint', { waypoint: 8 }],
  ] as const)('a full frame with a new %s does refresh last seen', (_name, change) => {
    const b = new DroneLiveBuffer();
    b.apply(telemetryFrame(1_000, [drone(0)]));
    b.apply(telemetryFrame(9_000, [drone(0, change)], { full: true }));
    expect(b.lastSeenAt[0]).toBe(9_000);
  });

  it('a new index version forgets what was seen, since slots now belong to other drones', () => {
    const b = new DroneLiveBuffer();
    b.apply(telemetryFrame(1_000, [drone(0), drone(1)], { indexVersion: 1 }));
    b.apply(telemetryFrame(2_000, [drone(1)], { indexVersion: 2, full: true }));
    expect(b.seen[0]).toBe(0);
    expect(b.lastSeenAt[0]).toBe(0);
    expect(b.seen[1]).toBe(1);
    // Under the new index slot 1 is met for the first time, even though its values are the same.
    expect(b.lastSeenAt[1]).toBe(0);
  });

  it('keeps simulation time from going back, except on a full frame', () => {
    const b = new DroneLiveBuffer();
    b.apply(telemetryFrame(5_000, [drone(0)]));
    b.apply(telemetryFrame(4_000, [drone(0)]));
    expect(b.simTime).toBe(5_000);
    b.apply(telemetryFrame(3_000, [drone(0)], { full: true }));
    expect(b.simTime).toBe(3_000);
  });

  it('bumps version on every frame, empty ones included', () => {
    const b = new DroneLiveBuffer();
    b.apply(telemetryFrame(1_000, [drone(0)]));
    b.apply(telemetryFrame(1_100, []));
    expect(b.version).toBe(2);
  });

  it('grows for a high slot without losing the values of low ones', () => {
    const b = new DroneLiveBuffer();
    b.apply(telemetryFrame(1_000, [drone(2, { fuelPct: 12.5 })]));
    b.apply(telemetryFrame(1_100, [drone(5_000, { fuelPct: 99 })]));
    expect(b.seen.length).toBeGreaterThan(5_000);
    expect(b.fuelPct[2]).toBe(12.5);
    expect(b.lastSeenAt[2]).toBe(1_000);
    expect(b.seen[2]).toBe(1);
    expect(b.fuelPct[5_000]).toBe(99);
    expect(b.lastSeenAt[5_000]).toBe(1_100);
  });
});
