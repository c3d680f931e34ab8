import type { TelemetryFrame } from '../../src-shared/telemetryFrame';

const INITIAL_SLOTS = 256;

/**
 * The telemetry values the panels show besides position (which TelemetryBuffer keeps for the
 * map), per drone slot of the drone index, in typed arrays outside React state. Panels read it
 * when the store's `liveTick` moves (a few times a second), never per frame.
 *
 * `lastSeenAt` is the simulation time of the newest frame that brought a new row for the drone:
 * frames carry only drones that reported since the previous frame, so a drone's presence in an
 * incremental frame means a fresh row. A full frame (on connect, or after a dropped frame) lists
 * every drone whether it reported lately or not, so it only counts as news for a drone whose
 * values changed since we last saw it; a drone first seen in a full frame has an unknown link
 * age (0) until it appears in an incremental one, which takes one frame for a live drone.
 */
export class DroneLiveBuffer {
  altitudeM = new Float32Array(INITIAL_SLOTS);
  speedMps = new Float32Array(INITIAL_SLOTS);
  fuelPct = new Float32Array(INITIAL_SLOTS);
  meshConnectivity = new Float32Array(INITIAL_SLOTS);
  currentWaypoint = new Uint8Array(INITIAL_SLOTS);
  /** Epoch ms (simulation time); 0 while unknown. */
  lastSeenAt = new Float64Array(INITIAL_SLOTS);
  /** 1 once the slot has had values under the current index version. */
  seen = new Uint8Array(INITIAL_SLOTS);
  /** Simulation time of the newest frame applied, epoch ms; 0 before the first. */
  simTime = 0;
  /** Bumped by every applied frame, so a reader can tell whether anything moved. */
  version = 0;
  private indexVersion: number | null = null;

  apply(frame: TelemetryFrame): void {
    // A new index version renumbers the slots: what we knew belongs to other drones now.
    if (frame.indexVersion !== this.indexVersion) {
      this.indexVersion = frame.indexVersion;
      this.seen.fill(0);
      this.lastSeenAt.fill(0);
    }
    for (let i = 0; i < frame.count; i++) {
      const slot = frame.index[i] ?? 0;
      if (slot >= this.seen.length) this.grow(slot + 1);
      const altitudeM = frame.altitudeM[i] ?? 0;
      const speedMps = frame.speedMps[i] ?? 0;
      const fuelPct = frame.fuelPct[i] ?? 0;
      const mesh = frame.meshConnectivity[i] ?? 0;
      const waypoint = frame.currentWaypoint[i] ?? 0;
      if (!frame.full) {
        this.lastSeenAt[slot] = frame.simTime;
      } else if (
        this.seen[slot] === 1 &&
        (this.altitudeM[slot] !== altitudeM ||
          this.speedMps[slot] !== speedMps ||
          this.fuelPct[slot] !== fuelPct ||
          this.currentWaypoint[slot] !== waypoint)
      ) {
        this.lastSeenAt[slot] = frame.simTime;
      }
      this.seen[slot] = 1;
      this.altitudeM[slot] = altitudeM;
      this.speedMps[slot] = speedMps;
      this.fuelPct[slot] = fuelPct;
      this.meshConnectivity[slot] = mesh;
      this.currentWaypoint[slot] = waypoint;
    }
    if (frame.simTime > this.simTime || frame.full) this.simTime = frame.simTime;
    this.version++;
  }

  private grow(minSlots: number): void {
    let slots = this.seen.length;
    while (slots < minSlots) slots *= 2;
    this.altitudeM = enlarged(this.altitudeM, new Float32Array(slots));
    this.speedMps = enlarged(this.speedMps, new Float32Array(slots));
    this.fuelPct = enlarged(this.fuelPct, new Float32Array(slots));
    this.meshConnectivity = enlarged(this.meshConnectivity, new Float32Array(slots));
    this.currentWaypoint = enlarged(this.currentWaypoint, new Uint8Array(slots));
    this.lastSeenAt = enlarged(this.lastSeenAt, new Float64Array(slots));
    this.seen = enlarged(this.seen, new Uint8Array(slots));
  }
}

type NumberArray = ArrayLike<number> & { set(values: ArrayLike<number>): void };

function enlarged<T extends NumberArray>(source: T, target: T): T {
  target.set(source);
  return target;
}
