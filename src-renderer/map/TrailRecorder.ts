import type { TelemetryBuffer } from '../state/telemetryBuffer';
import { mercatorX, mercatorY } from './mercator';

/** How much history a trail shows, in simulation time. */
export const TRAIL_WINDOW_MS = 5 * 60_000;
/** Points kept per drone at most: the ring buffer's size. */
const CAPACITY = 64;
/** A point is kept every this often on a straight course… */
const STRAIGHT_EVERY_MS = 10_000;
/** …or sooner, but never sooner than this, when the drone has turned by at least TURN_DEG. */
const TURN_EVERY_MS = 2_000;
const TURN_DEG = 12;
/** A move this long between two samples (Web Mercator units, ~40 km here) is a jump, not flight. */
const JUMP = 0.001;
/** Moves shorter than this (~0.5 m) are a drone standing still: nothing to add. */
const STILL = 1e-8;

/**
 * The last five minutes of every drone's track, simplified: a point every 10 s of simulation
 * time on a straight course, more often in turns, at most 64 per drone. All drones share flat
 * typed arrays (a ring of CAPACITY points per TelemetryBuffer slot), so 2,000 drones cost ~3 MB,
 * allocated once, and recording never allocates.
 *
 * It samples the TelemetryBuffer after each frame rather than decoding frames itself, so it
 * records exactly what the drone layer shows. Positions are kept in Web Mercator (0..1) so that
 * drawing does no trigonometry.
 */
export class TrailRecorder {
  /** Points per slot in the ring storage below. */
  static readonly CAPACITY = CAPACITY;
  // Read by TrailLayer while drawing, written only here. Ring storage, CAPACITY entries per slot,
  // Web Mercator coordinates and simulation time.
  x = new Float64Array(0);
  y = new Float64Array(0);
  time = new Float64Array(0);
  /** Per slot: ring index of the oldest point, and the number of points. */
  oldest = new Uint16Array(0);
  count = new Uint16Array(0);
  /** Per slot: bounds of its points, for culling trails outside the view. */
  minX = new Float64Array(0);
  maxX = new Float64Array(0);
  minY = new Float64Array(0);
  maxY = new Float64Array(0);
  /** Slots that may hold a trail: 0 ≤ slot < size. */
  size = 0;
  /** Per slot: heading at the newest point, to tell a turn. */
  private lastHeading = new Float32Array(0);
  private lastSampleTime = 0;
  private unsubscribe: (() => void) | null = null;
  private readonly listeners = new Set<() => void>();

  constructor(private readonly telemetry: TelemetryBuffer) {}

  start(): void {
    this.unsubscribe ??= this.telemetry.subscribe(this.sample);
  }

  stop(): void {
    this.unsubscribe?.();
    this.unsubscribe = null;
  }

  /** Forgets every trail: the drone index changed, so slots may now be other drones. */
  clear(): void {
    this.count.fill(0);
    this.lastSampleTime = 0;
    this.notify();
  }

  /** Called after each recorded change; returns the unsubscribe function. */
  subscribe(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private notify(): void {
    for (const listener of this.listeners) listener();
  }

  private readonly sample = (): void => {
    const t = this.telemetry;
    const now = t.simTime;
    if (now === this.lastSampleTime) return;
    // Simulation time went back (a restarted simulator, a replay seek): the history is not ours.
    if (now < this.lastSampleTime) this.count.fill(0);
    this.lastSampleTime = now;
    if (t.size > this.size) this.grow(t.size);

    let changed = false;
    for (let slot = 0; slot < t.size; slot++) {
      if (t.known[slot] !== 1) {
        if ((this.count[slot] ?? 0) > 0) {
          this.count[slot] = 0;
          changed = true;
        }
        continue;
      }
      changed = this.expire(slot, now) || changed;
      changed = this.consider(slot, now) || changed;
    }
    if (changed) this.notify();
  };

  /** Drops the points of `slot` older than the window. */
  private expire(slot: number, now: number): boolean {
    let n = this.count[slot] ?? 0;
    let first = this.oldest[slot] ?? 0;
    const oldest = now - TRAIL_WINDOW_MS;
    const base = slot * CAPACITY;
    let dropped = false;
    while (n > 0 && (this.time[base + first] ?? 0) < oldest) {
      first = (first + 1) % CAPACITY;
      n--;
      dropped = true;
    }
    if (!dropped) return false;
    this.oldest[slot] = first;
    this.count[slot] = n;
    this.updateBounds(slot);
    return true;
  }

  /** Appends the drone's current position when the simplification rules keep it. */
  private consider(slot: number, now: number): boolean {
    const t = this.telemetry;
    const x = mercatorX(t.lon[slot] ?? 0);
    const y = mercatorY(t.lat[slot] ?? 0);
    const heading = t.headingDeg[slot] ?? 0;
    const n = this.count[slot] ?? 0;
    if (n > 0) {
      const base = slot * CAPACITY;
      const newest = base + (((this.oldest[slot] ?? 0) + n - 1) % CAPACITY);
      const dx = x - (this.x[newest] ?? 0);
      const dy = y - (this.y[newest] ?? 0);
      const moved = Math.abs(dx) + Math.abs(dy);
      if (moved > JUMP) {
        this.count[slot] = 0;
      } else {
        if (moved < STILL) return false;
        const elapsed = now - (this.time[newest] ?? 0);
        if (elapsed < TURN_EVERY_MS) return false;
        const turn = Math.abs(((heading - (this.lastHeading[slot] ?? 0) + 540) % 360) - 180);
        if (elapsed < STRAIGHT_EVERY_MS && turn < TURN_DEG) return false;
      }
    }
    this.append(slot, x, y, now, heading);
    return true;
  }

  private append(slot: number, x: number, y: number, now: number, heading: number): void {
    const base = slot * CAPACITY;
    let n = this.count[slot] ?? 0;
    let first = this.oldest[slot] ?? 0;
    if (n === 0) first = 0;
    if (n === CAPACITY) {
      first = (first + 1) % CAPACITY;
      n--;
    }
    const at = base + ((first + n) % CAPACITY);
    this.x[at] = x;
    this.y[at] = y;
    this.time[at] = now;
    this.oldest[slot] = first;
    this.count[slot] = n + 1;
    this.lastHeading[slot] = heading;
    this.updateBounds(slot);
  }

  private updateBounds(slot: number): void {
    const n = this.count[slot] ?? 0;
    const base = slot * CAPACITY;
    const first = this.oldest[slot] ?? 0;
    let minX = Infinity;
    let maxX = -Infinity;
    let minY = Infinity;
    let maxY = -Infinity;
    for (let k = 0; k < n; k++) {
      const at = base + ((first + k) % CAPACITY);
      const x = this.x[at] ?? 0;
      const y = this.y[at] ?? 0;
      if (x < minX) minX = x;
      if (x > maxX) maxX = x;
      if (y < minY) minY = y;
      if (y > maxY) maxY = y;
    }
    this.minX[slot] = minX;
    this.maxX[slot] = maxX;
    this.minY[slot] = minY;
    this.maxY[slot] = maxY;
  }

  private grow(minSlots: number): void {
    let slots = Math.max(this.size, 64);
    while (slots < minSlots) slots *= 2;
    const points = slots * CAPACITY;
    this.x = grown(this.x, new Float64Array(points));
    this.y = grown(this.y, new Float64Array(points));
    this.time = grown(this.time, new Float64Array(points));
    this.oldest = grown(this.oldest, new Uint16Array(slots));
    this.count = grown(this.count, new Uint16Array(slots));
    this.lastHeading = grown(this.lastHeading, new Float32Array(slots));
    this.minX = grown(this.minX, new Float64Array(slots));
    this.maxX = grown(this.maxX, new Float64Array(slots));
    this.minY = grown(this.minY, new Float64Array(slots));
    this.maxY = grown(this.maxY, new Float64Array(slots));
    this.size = slots;
  }
}

function grown<T extends Float64Array | Float32Array | Uint16Array>(source: T, target: T): T {
  target.set(source);
  return target;
}
