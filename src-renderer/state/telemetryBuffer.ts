import { fromE7, type TelemetryFrame } from '../../src-shared/telemetryFrame';

/** A frame's drone index is a Uint16, so no buffer ever needs more slots than this. */
const MAX_SLOTS = 0x10000;
const INITIAL_SLOTS = 256;

/**
 * The latest position of every drone, keyed by its `drones.index` number, in plain typed arrays.
 * Frames arrive at 10 Hz for up to 10,000 drones and only the map canvas reads positions, so they
 * stay out of React state: copying them there would re-render the tree on every frame.
 */
export class TelemetryBuffer {
  /** One past the highest slot that may hold a drone. */
  size = 0;
  /** 1 where the slot has had a position since the last full frame. */
  known = new Uint8Array(INITIAL_SLOTS);
  lat = new Float64Array(INITIAL_SLOTS);
  lon = new Float64Array(INITIAL_SLOTS);
  headingDeg = new Float32Array(INITIAL_SLOTS);
  /** `STATUS_CODES` of src-shared/telemetryFrame. */
  status = new Uint8Array(INITIAL_SLOTS);
  /** Simulation time of the newest frame applied, epoch ms; 0 before the first. */
  simTime = 0;
  private readonly listeners = new Set<() => void>();

  apply(frame: TelemetryFrame): void {
    // A full frame lists every drone there is: one missing from it is gone, not merely still.
    if (frame.full) {
      this.known.fill(0);
      this.size = 0;
    }
    for (let i = 0; i < frame.count; i++) {
      const slot = frame.index[i] ?? 0;
      if (slot >= this.known.length) this.grow(slot + 1);
      this.known[slot] = 1;
      this.lat[slot] = fromE7(frame.latE7[i] ?? 0);
      this.lon[slot] = fromE7(frame.lonE7[i] ?? 0);
      this.headingDeg[slot] = frame.headingDeg[i] ?? 0;
      this.status[slot] = frame.status[i] ?? 0;
      if (slot >= this.size) this.size = slot + 1;
    }
    if (frame.simTime > this.simTime || frame.full) this.simTime = frame.simTime;
    for (const listener of this.listeners) listener();
  }

  /** Forgets slots at or past `size`: a new, shorter drone index has no drones there. */
  truncate(size: number): void {
    if (size >= this.size) return;
    this.known.fill(0, size);
    this.size = size;
    for (const listener of this.listeners) listener();
  }

  /** Called after every change; returns the unsubscribe function. */
  subscribe(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private grow(minSlots: number): void {
    let slots = this.known.length;
    while (slots < minSlots) slots *= 2;
    slots = Math.min(slots, MAX_SLOTS);
    this.known = enlarged(this.known, new Uint8Array(slots));
    this.lat = enlarged(this.lat, new Float64Array(slots));
    this.lon = enlarged(this.lon, new Float64Array(slots));
    this.headingDeg = enlarged(this.headingDeg, new Float32Array(slots));
    this.status = enlarged(this.status, new Uint8Array(slots));
  }
}

type NumberArray = ArrayLike<number> & { set(values: ArrayLike<number>): void };

function enlarged<T extends NumberArray>(source: T, target: T): T {
  target.set(source);
  return target;
}
