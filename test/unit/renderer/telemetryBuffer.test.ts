import { describe, expect, it, vi } from 'vitest';
import { STATUS_CODES, decodeFrame, encodeFrame } from '../../../src-shared/telemetryFrame';
import { TelemetryBuffer } from '../../../src-renderer/state/telemetryBuffer';
import { telemetryFrame } from './telemetryFrames';

const knownSlots = (b: TelemetryBuffer): number[] =>
  [...b.known.subarray(0, b.size)].flatMap((k, slot) => (k === 1 ? [slot] : []));

describe('TelemetryBuffer', () => {
  it('stores each drone at its index slot, in degrees', () => {
    const b = new TelemetryBuffer();
    b.apply(
      telemetryFrame(1_000, [
        { slot: 2, lat: -33.8688197, lon: 151.2092955, headingDeg: 271.5, status: 'RTB' },
      ]),
    );
    expect(b.size).toBe(3);
    expect(knownSlots(b)).toEqual([2]);
    expect(b.lat[2]).toBeCloseTo(-33.8688197, 7);
    expect(b.lon[2]).toBeCloseTo(151.2092955, 7);
    expect(b.headingDeg[2]).toBe(271.5);
    expect(b.status[2]).toBe(STATUS_CODES.RTB);
    expect(b.simTime).toBe(1_000);
  });

  it('keeps drones missing from an incremental frame, forgets them after a full frame', () => {
    const b = new TelemetryBuffer();
    b.apply(telemetryFrame(1_000, [{ slot: 0 }, { slot: 5 }, { slot: 9 }], { full: true }));
    b.apply(telemetryFrame(1_100, [{ slot: 5, lat: 10 }]));
    expect(knownSlots(b)).toEqual([0, 5, 9]);
    expect(b.size).toBe(10);

    b.apply(telemetryFrame(1_200, [{ slot: 0 }, { slot: 5 }], { full: true }));
    expect(knownSlots(b)).toEqual([0, 5]);
    expect(b.size).toBe(6);
    expect(b.known[9]).toBe(0);
  });

  it('never moves simulation time back for a late incremental frame, but a full frame resets it', () => {
    const b = new TelemetryBuffer();
    b.apply(telemetryFrame(5_000, [{ slot: 0 }]));
    b.apply(telemetryFrame(4_000, [{ slot: 1 }]));
    expect(b.simTime).toBe(5_000);
    // A restarted simulator or a replay seek starts over with a full frame.
    b.apply(telemetryFrame(2_000, [{ slot: 0 }], { full: true }));
    expect(b.simTime).toBe(2_000);
  });

  it('grows past its initial size without losing earlier slots, up to the largest Uint16 index', () => {
    const b = new TelemetryBuffer();
    b.apply(telemetryFrame(1_000, [{ slot: 3, lat: 12.5, lon: 45.25 }]));
    b.apply(telemetryFrame(1_100, [{ slot: 1_000, lat: 1 }]));
    b.apply(telemetryFrame(1_200, [{ slot: 0xffff, lat: 2 }]));
    expect(b.size).toBe(0x10000);
    expect(b.known.length).toBe(0x10000);
    expect(b.lat[3]).toBeCloseTo(12.5, 7);
    expect(b.lon[3]).toBeCloseTo(45.25, 7);
    expect(b.lat[1_000]).toBeCloseTo(1, 7);
    expect(b.lat[0xffff]).toBeCloseTo(2, 7);
    expect(knownSlots(b)).toEqual([3, 1_000, 0xffff]);
  });

  it('truncate forgets slots at or past the new size, and only shrinks', () => {
    const b = new TelemetryBuffer();
    b.apply(telemetryFrame(1_000, [{ slot: 1 }, { slot: 4 }, { slot: 7 }]));
    const listener = vi.fn();
    b.subscribe(listener);

    b.truncate(8);
    expect(b.size).toBe(8);
    expect(listener).not.toHaveBeenCalled();

    b.truncate(4);
    expect(b.size).toBe(4);
    expect(knownSlots(b)).toEqual([1]);
    expect(b.known[4]).toBe(0);
    expect(b.known[7]).toBe(0);
    expect(listener).toHaveBeenCalledTimes(1);
  });

  it('notifies subscribers after every frame until they unsubscribe', () => {
    const b = new TelemetryBuffer();
    const seen: number[] = [];
    const unsubscribe = b.subscribe(() => seen.push(b.simTime));
    b.apply(telemetryFrame(1_000, [{ slot: 0 }]));
    b.apply(telemetryFrame(1_100, []));
    unsubscribe();
    b.apply(telemetryFrame(1_200, [{ slot: 0 }]));
    expect(seen).toEqual([1_000, 1_100]);
  });

  it('reads a frame that went through the wire codec the same as the original', () => {
    const frame = telemetryFrame(
      1_700_000_000_000,
      [
        { slot: 0, lat: 34.5553, lon: 69.2075, headingDeg: 12, status: 'LOITER' },
        { slot: 17, lat: -0.0000001, lon: -179.9999999, headingDeg: 359.5, status: 'LOST' },
      ],
      { full: true },
    );
    const direct = new TelemetryBuffer();
    const wired = new TelemetryBuffer();
    direct.apply(frame);
    wired.apply(decodeFrame(encodeFrame(frame)));
    expect(wired.size).toBe(direct.size);
    expect(wired.simTime).toBe(direct.simTime);
    for (const column of ['known', 'lat', 'lon', 'headingDeg', 'status'] as const) {
      expect([...wired[column].subarray(0, wired.size)]).toEqual([
        ...direct[column].subarray(0, direct.size),
      ]);
    }
    expect(wired.lat[17]).toBe(-0.0000001);
  });
});
