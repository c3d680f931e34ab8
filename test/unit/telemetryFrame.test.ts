import { describe, expect, it } from 'vitest';
import { DRONE_STATUSES } from '../../src-shared/model';
import {
  BYTES_PER_DRONE,
  STATUS_CODES,
  TelemetryFrame,
  allocateFrame,
  decodeFrame,
  encodeFrame,
  encodedFrameBytes,
  frameStreamOf,
  fromE7,
  statusFromCode,
  toE7,
} from '../../src-shared/telemetryFrame';
import { prng } from '../support/prng';

const COLUMNS = [
  'index',
  'latE7',
  'lonE7',
  'altitudeM',
  'headingDeg',
  'speedMps',
  'fuelPct',
  'meshConnectivity',
  'status',
  'currentWaypoint',
] as const;

function randomFrame(count: number, seed: number): TelemetryFrame {
  const rnd = prng(seed);
  const f = allocateFrame(count);
  f.seq = 123_456;
  f.indexVersion = 7;
  f.simTime = 1_700_000_000_123.5; // a float64 that is not an integer
  f.full = true;
  for (let i = 0; i < count; i++) {
    f.index[i] = Math.floor(rnd() * 65_536);
    f.latE7[i] = toE7(rnd() * 180 - 90);
    f.lonE7[i] = toE7(rnd() * 360 - 180);
    f.altitudeM[i] = rnd() * 15_000;
    f.headingDeg[i] = rnd() * 360;
    f.speedMps[i] = rnd() * 120;
    f.fuelPct[i] = rnd() * 100;
    f.meshConnectivity[i] = rnd();
    f.status[i] = Math.floor(rnd() * DRONE_STATUSES.length);
    f.currentWaypoint[i] = Math.floor(rnd() * 25);
  }
  return f;
}

function expectSameFrame(actual: TelemetryFrame, expected: TelemetryFrame): void {
  expect(actual.seq).toBe(expected.seq);
  expect(actual.indexVersion).toBe(expected.indexVersion);
  expect(actual.simTime).toBe(expected.simTime);
  expect(actual.full).toBe(expected.full);
  expect(actual.count).toBe(expected.count);
  for (const name of COLUMNS) {
    const a = actual[name];
    const e = expected[name];
    expect(a.constructor, name).toBe(e.constructor);
    expect(Array.from(a), name).toEqual(Array.from(e));
  }
}

describe('encodeFrame / decodeFrame', () => {
  it('round-trips every header field and every column', () => {
    const frame = randomFrame(500, 1);
    const decoded = decodeFrame(encodeFrame(frame));
    expectSameFrame(decoded, frame);
    expect(TelemetryFrame.safeParse(decoded).success).toBe(true);
  });

  it('round-trips counts that need column padding (the columns stay aligned)', () => {
    for (const count of [0, 1, 2, 3, 5, 7, 9, 31]) {
      const frame = randomFrame(count, count + 10);
      frame.full = count % 2 === 0;
      frame.seq = count;
      const buffer = encodeFrame(frame);
      expect(buffer.byteLength, `count ${count}`).toBe(encodedFrameBytes(count));
      expect(buffer.byteLength % 8, `count ${count}`).toBe(0);
      expectSameFrame(decodeFrame(buffer), frame);
    }
  });

  it('keeps extreme values of each column type', () => {
    const f = allocateFrame(2);
    f.index.set([0, 65_535]);
    f.latE7.set([toE7(-90), toE7(90)]);
    f.lonE7.set([toE7(-180), toE7(180)]);
    f.status.set([0, 255]);
    f.currentWaypoint.set([0, 255]);
    f.fuelPct.set([-0.5, Math.fround(1e30)]);
    f.seq = 2 ** 32 - 1;
    expectSameFrame(decodeFrame(encodeFrame(f)), f);
  });

  it('packs 2,000 drones into at most 64 KiB', () => {
    // 2 (index) + 4 + 4 (lat/lon) + 5 × 4 (floats) + 1 + 1 (status, waypoint) = 32 bytes a drone.
    expect(BYTES_PER_DRONE).toBe(32);
    const bytes = encodedFrameBytes(2_000);
    expect(bytes).toBeLessThanOrEqual(65_536);
    const buffer = encodeFrame(randomFrame(2_000, 2));
    expect(buffer.byteLength).toBe(bytes);
    expect(buffer.byteLength).toBeLessThanOrEqual(65_536);
  });

  it('rejects a truncated buffer', () => {
    const buffer = encodeFrame(randomFrame(10, 3));
    expect(() => decodeFrame(buffer.slice(0, buffer.byteLength - 8))).toThrow(/truncated/);
    expect(() => decodeFrame(buffer.slice(0, 40))).toThrow(/truncated/);
  });

  it('rejects a buffer with trailing bytes', () => {
    const buffer = encodeFrame(randomFrame(10, 3));
    const longer = new Uint8Array(buffer.byteLength + 8);
    longer.set(new Uint8Array(buffer));
    expect(() => decodeFrame(longer.buffer)).toThrow();
  });

  it('rejects a wrong magic number', () => {
    const buffer = encodeFrame(randomFrame(4, 4));
    const view = new DataView(buffer);
    view.setUint8(0, view.getUint8(0) ^ 0xff);
    expect(() => decodeFrame(buffer)).toThrow(/not a telemetry frame/);
  });

  it('rejects an unknown format version', () => {
    const buffer = encodeFrame(randomFrame(4, 4));
    new DataView(buffer).setUint8(4, 99);
    expect(() => decodeFrame(buffer)).toThrow(/version/);
  });

  it('rejects a buffer shorter than the header', () => {
    expect(() => decodeFrame(new ArrayBuffer(0))).toThrow(/too short/);
    expect(() => decodeFrame(new ArrayBuffer(31))).toThrow(/too short/);
  });
});

describe('TelemetryFrame schema', () => {
  it('accepts real frames', () => {
    expect(TelemetryFrame.safeParse(allocateFrame(0)).success).toBe(true);
    expect(TelemetryFrame.safeParse(randomFrame(17, 5)).success).toBe(true);
  });

  it('rejects a frame whose columns disagree with count', () => {
    for (const name of COLUMNS) {
      const f = randomFrame(8, 6) as unknown as Record<string, unknown>;
      const Ctor = (f[name] as { constructor: new (n: number) => unknown }).constructor;
      f[name] = new Ctor(7);
      expect(TelemetryFrame.safeParse(f).success, name).toBe(false);
    }
    const f = randomFrame(8, 6);
    expect(TelemetryFrame.safeParse({ ...f, count: 9 }).success).toBe(false);
  });

  it('rejects columns of the wrong array type, missing columns, bad counts and non-objects', () => {
    const f = randomFrame(4, 7);
    expect(TelemetryFrame.safeParse({ ...f, latE7: new Float64Array(4) }).success).toBe(false);
    expect(TelemetryFrame.safeParse({ ...f, status: [0, 1, 2, 3] }).success).toBe(false);
    const { fuelPct: _dropped, ...missing } = f;
    expect(TelemetryFrame.safeParse(missing).success).toBe(false);
    expect(TelemetryFrame.safeParse({ ...allocateFrame(0), count: -1 }).success).toBe(false);
    expect(TelemetryFrame.safeParse({ ...allocateFrame(0), count: 0.5 }).success).toBe(false);
    for (const value of [null, undefined, 42, 'frame', []]) {
      expect(TelemetryFrame.safeParse(value).success).toBe(false);
    }
  });
});

describe('fixed-point positions', () => {
  it('toE7/fromE7 lose at most 1e-7 degree anywhere on Earth', () => {
    const rnd = prng(8);
    let worst = 0;
    for (let i = 0; i < 20_000; i++) {
      const deg = rnd() * 360 - 180;
      worst = Math.max(worst, Math.abs(fromE7(toE7(deg)) - deg));
    }
    expect(worst).toBeLessThanOrEqual(1e-7);
    expect(toE7(69.2075)).toBe(692_075_000);
    expect(fromE7(-316_289_000)).toBe(-31.6289);
  });

  it('keeps that precision through an encoded frame (the E7 values fit an Int32)', () => {
    const rnd = prng(9);
    const n = 1_000;
    const lats = Array.from({ length: n }, () => rnd() * 180 - 90);
    const lons = Array.from({ length: n }, () => rnd() * 360 - 180);
    lats[0] = 90;
    lons[0] = -180;
    lons[1] = 180;
    const f = allocateFrame(n);
    lats.forEach((v, i) => (f.latE7[i] = toE7(v)));
    lons.forEach((v, i) => (f.lonE7[i] = toE7(v)));
    const d = decodeFrame(encodeFrame(f));
    for (let i = 0; i < n; i++) {
      expect(Math.abs(fromE7(d.latE7[i]!) - lats[i]!)).toBeLessThanOrEqual(1e-7);
      expect(Math.abs(fromE7(d.lonE7[i]!) - lons[i]!)).toBeLessThanOrEqual(1e-7);
    }
  });
});

describe('status codes', () => {
  it('map every drone status to a distinct byte and back; unknown codes read as LOST', () => {
    const codes = DRONE_STATUSES.map((s) => STATUS_CODES[s]);
    expect(new Set(codes).size).toBe(DRONE_STATUSES.length);
    for (const s of DRONE_STATUSES) expect(statusFromCode(STATUS_CODES[s])).toBe(s);
    expect(statusFromCode(200)).toBe('LOST');
  });
});

describe('frame streams on one socket', () => {
  it('marks each encoded frame with its stream, live frames as they always were', () => {
    const frame = randomFrame(3, 5);
    const live = encodeFrame(frame);
    const replay = encodeFrame(frame, 'replay.frame');
    expect(frameStreamOf(live)).toBe('telemetry.frame');
    expect(frameStreamOf(replay)).toBe('replay.frame');
    // The stream byte was padding before: a live frame's bytes are unchanged.
    expect(new Uint8Array(live)[6]).toBe(0);
    expect(decodeFrame(replay)).toMatchObject({ count: 3, seq: frame.seq, full: frame.full });
  });

  it('names no stream for bytes that are not a frame', () => {
    expect(frameStreamOf(new ArrayBuffer(4))).toBeNull();
    expect(frameStreamOf(new ArrayBuffer(64))).toBeNull();
    const odd = encodeFrame(randomFrame(1, 2));
    new Uint8Array(odd)[6] = 9;
    expect(frameStreamOf(odd)).toBeNull();
  });
});
