import { z } from 'zod';
import { DRONE_STATUSES, type DroneStatus } from './model';

/**
 * A live telemetry frame: the drones that changed since the previous frame, as a struct of typed
 * arrays. Positions are fixed-point (1e-7 degree, about 1 cm) so that 2,000 drones fit in 64 KiB.
 * `index` points into the `drones.index` table of version `indexVersion`.
 */
export interface TelemetryFrame {
  seq: number;
  indexVersion: number;
  /** Simulation time of the newest row in the frame, epoch ms. */
  simTime: number;
  /** True when the frame holds every drone (first frame for a client, or after a dropped frame). */
  full: boolean;
  count: number;
  index: Uint16Array;
  latE7: Int32Array;
  lonE7: Int32Array;
  altitudeM: Float32Array;
  headingDeg: Float32Array;
  speedMps: Float32Array;
  fuelPct: Float32Array;
  meshConnectivity: Float32Array;
  status: Uint8Array;
  currentWaypoint: Uint8Array;
}

const columns = [
  ['index', Uint16Array],
  ['latE7', Int32Array],
  ['lonE7', Int32Array],
  ['altitudeM', Float32Array],
  ['headingDeg', Float32Array],
  ['speedMps', Float32Array],
  ['fuelPct', Float32Array],
  ['meshConnectivity', Float32Array],
  ['status', Uint8Array],
  ['currentWaypoint', Uint8Array],
] as const;

type ColumnName = (typeof columns)[number][0];

export const TelemetryFrame = z.custom<TelemetryFrame>((value) => {
  if (typeof value !== 'object' || value === null) return false;
  const frame = value as Record<string, unknown>;
  const count = frame['count'];
  if (typeof count !== 'number' || !Number.isInteger(count) || count < 0) return false;
  return columns.every(([name, ctor]) => {
    const column = frame[name];
    return column instanceof ctor && column.length === count;
  });
}, 'not a telemetry frame');

export const BYTES_PER_DRONE = columns.reduce((sum, [, ctor]) => sum + ctor.BYTES_PER_ELEMENT, 0);

export function allocateFrame(count: number): TelemetryFrame {
  return {
    seq: 0,
    indexVersion: 0,
    simTime: 0,
    full: false,
    count,
    index: new Uint16Array(count),
    latE7: new Int32Array(count),
    lonE7: new Int32Array(count),
    altitudeM: new Float32Array(count),
    headingDeg: new Float32Array(count),
    speedMps: new Float32Array(count),
    fuelPct: new Float32Array(count),
    meshConnectivity: new Float32Array(count),
    status: new Uint8Array(count),
    currentWaypoint: new Uint8Array(count),
  };
}

export const STATUS_CODES: Record<DroneStatus, number> = Object.fromEntries(
  DRONE_STATUSES.map((s, i) => [s, i]),
) as Record<DroneStatus, number>;

export function statusFromCode(code: number): DroneStatus {
  return DRONE_STATUSES[code] ?? 'LOST';
}

export const toE7 = (deg: number): number => Math.round(deg * 1e7);
export const fromE7 = (e7: number): number => e7 / 1e7;

// Binary layout: a fixed header, then each column in order, every column padded to 8 bytes so
// the decoder can view the columns in place without copying.
const MAGIC = 0x46544744; // 'DGTF' little-endian
const FORMAT_VERSION = 1;
const HEADER_BYTES = 32;
const pad8 = (n: number): number => (n + 7) & ~7;

export function encodedFrameBytes(count: number): number {
  return columns.reduce(
    (sum, [, ctor]) => sum + pad8(count * ctor.BYTES_PER_ELEMENT),
    HEADER_BYTES,
  );
}

/**
 * Which stream a binary frame belongs to: the live fleet, or the replay of a mission. A socket
 * carries both as binary messages; this header byte (once padding, so 0 for live) tells them apart.
 */
export const FRAME_STREAMS = ['telemetry.frame', 'replay.frame'] as const;
export type FrameStream = (typeof FRAME_STREAMS)[number];
const STREAM_BYTE = 6;

export function encodeFrame(
  frame: TelemetryFrame,
  stream: FrameStream = 'telemetry.frame',
): ArrayBuffer {
  const buffer = new ArrayBuffer(encodedFrameBytes(frame.count));
  const view = new DataView(buffer);
  view.setUint32(0, MAGIC, true);
  view.setUint8(4, FORMAT_VERSION);
  view.setUint8(5, frame.full ? 1 : 0);
  view.setUint8(STREAM_BYTE, FRAME_STREAMS.indexOf(stream));
  view.setUint32(8, frame.count, true);
  view.setUint32(12, frame.seq >>> 0, true);
  view.setUint32(16, frame.indexVersion >>> 0, true);
  view.setFloat64(24, frame.simTime, true);
  let offset = HEADER_BYTES;
  for (const [name, ctor] of columns) {
    const source = frame[name as ColumnName];
    new ctor(buffer, offset, frame.count).set(source as never);
    offset += pad8(frame.count * ctor.BYTES_PER_ELEMENT);
  }
  return buffer;
}

/** The stream of an encoded frame; null when the bytes are not a frame of a known stream. */
export function frameStreamOf(buffer: ArrayBuffer): FrameStream | null {
  if (buffer.byteLength < HEADER_BYTES) return null;
  const view = new DataView(buffer);
  if (view.getUint32(0, true) !== MAGIC) return null;
  return FRAME_STREAMS[view.getUint8(STREAM_BYTE)] ?? null;
}

export function decodeFrame(buffer: ArrayBuffer): TelemetryFrame {
  if (buffer.byteLength < HEADER_BYTES) throw new Error('telemetry frame too short');
  const view = new DataView(buffer);
  if (view.getUint32(0, true) !== MAGIC) throw new Error('not a telemetry frame');
  if (view.getUint8(4) !== FORMAT_VERSION) throw new Error('unsupported telemetry frame version');
  const count = view.getUint32(8, true);
  if (buffer.byteLength !== encodedFrameBytes(count)) throw new Error('telemetry frame truncated');
  const frame = allocateFrame(0);
  frame.full = view.getUint8(5) === 1;
  frame.count = count;
  frame.seq = view.getUint32(12, true);
  frame.indexVersion = view.getUint32(16, true);
  frame.simTime = view.getFloat64(24, true);
  let offset = HEADER_BYTES;
  const target = frame as unknown as Record<ColumnName, unknown>;
  for (const [name, ctor] of columns) {
    target[name] = new ctor(buffer, offset, count);
    offset += pad8(count * ctor.BYTES_PER_ELEMENT);
  }
  return frame;
}
