import type { Telemetry } from '../../src-shared/model';
import {
  allocateFrame,
  STATUS_CODES,
  toE7,
  type TelemetryFrame,
} from '../../src-shared/telemetryFrame';
import { INGEST_METRICS, type Cache } from '../cache/Cache';
import type { EventBus } from '../core/eventBus';
import type { Logger } from '../core/logger';
import type { Store } from '../store/Store';
import type { FleetRegistry } from './fleetRegistry';

export interface TelemetryServiceOptions {
  /** How often buffered rows are written to the store: a crash loses at most this much. */
  flushIntervalMs: number;
  frameRateHz: number;
}

export interface TelemetryCounters {
  rowsIngested: number;
  rowsStored: number;
  pendingRows: number;
  flushFailures: number;
  lastFlushMs: number;
  framesSent: number;
}

/**
 * Live telemetry: keeps each drone's newest row, writes rows to the store behind (in batches, at
 * least once a second and on close), and publishes fixed-rate frames of the drones that changed.
 */
export class TelemetryService {
  private readonly latestByDrone = new Map<string, Telemetry>();
  private readonly changed = new Set<string>();
  private buffer: Telemetry[] = [];
  private flushing: Promise<void> | null = null;
  private flushTimer: ReturnType<typeof setInterval> | null = null;
  private frameTimer: ReturnType<typeof setInterval> | null = null;
  private seq = 0;
  private newestTime = 0;
  private readonly counters: TelemetryCounters = {
    rowsIngested: 0,
    rowsStored: 0,
    pendingRows: 0,
    flushFailures: 0,
    lastFlushMs: 0,
    framesSent: 0,
  };

  constructor(
    private readonly store: Store,
    private readonly cache: Cache,
    private readonly registry: FleetRegistry,
    private readonly bus: EventBus,
    private readonly log: Logger,
    private readonly options: TelemetryServiceOptions,
  ) {}

  /** Seeds the live state from the store (the drones' last known rows) after a restart. */
  restore(latest: ReadonlyMap<string, Telemetry>): void {
    for (const [id, row] of latest) {
      this.latestByDrone.set(id, row);
      this.changed.add(id);
      if (row.recordedAt > this.newestTime) this.newestTime = row.recordedAt;
    }
  }

  start(): void {
    this.flushTimer ??= setInterval(() => void this.flush(), this.options.flushIntervalMs);
    this.frameTimer ??= setInterval(() => this.publishFrame(), 1000 / this.options.frameRateHz);
  }

  ingest(rows: readonly Telemetry[]): void {
    const statusChanged: string[] = [];
    for (const row of rows) {
      const previous = this.latestByDrone.get(row.droneId);
      if (previous && previous.status !== row.status) statusChanged.push(row.droneId);
      this.latestByDrone.set(row.droneId, row);
      this.changed.add(row.droneId);
      if (row.recordedAt > this.newestTime) this.newestTime = row.recordedAt;
    }
    for (const row of rows) this.buffer.push(row);
    this.counters.rowsIngested += rows.length;
    // The cache is a copy: a cache failure must not stop ingest.
    this.cache
      .putLatestTelemetry(rows)
      .catch((error: unknown) => this.log.warn('cache telemetry write failed', error));
    // The seed's invalidation on a status change: the drone's state and its convoy's summary.
    for (const droneId of statusChanged) {
      const convoyId = this.registry.drone(droneId)?.convoyId;
      void Promise.all([
        this.cache.invalidate('droneState', droneId),
        convoyId ? this.cache.invalidate('convoySummary', convoyId) : undefined,
      ]).catch(() => undefined);
    }
  }

  latest(droneId: string): Telemetry | undefined {
    return this.latestByDrone.get(droneId);
  }

  latestAll(): ReadonlyMap<string, Telemetry> {
    return this.latestByDrone;
  }

  get pendingRows(): number {
    return this.buffer.length;
  }

  stats(): TelemetryCounters {
    return { ...this.counters, pendingRows: this.buffer.length };
  }

  /** Writes everything buffered so far. Rows of a failed batch stay buffered, in order, for the next try. */
  flush(): Promise<void> {
    if (this.flushing)
      return this.flushing.then(() => (this.buffer.length ? this.flush() : undefined));
    if (this.buffer.length === 0) return Promise.resolve();
    const batch = this.buffer;
    this.buffer = [];
    const started = performance.now();
    this.flushing = this.store
      .appendTelemetry(batch)
      .then(() => {
        this.counters.rowsStored += batch.length;
        this.counters.lastFlushMs = performance.now() - started;
        // Ingest per wall-clock minute, shared by every instance on the same cache.
        this.cache
          .addToMetric(INGEST_METRICS.telemetryRows, batch.length, Date.now())
          .catch(() => undefined);
      })
      .catch((error: unknown) => {
        this.counters.flushFailures++;
        this.buffer = batch.concat(this.buffer);
        this.log.error(`telemetry flush of ${batch.length} rows failed; kept for retry`, error);
      })
      .finally(() => {
        this.flushing = null;
      });
    return this.flushing;
  }

  /** A frame of every drone with a known position: for a new client or one that missed frames. */
  fullFrame(): TelemetryFrame {
    return this.buildFrame([...this.latestByDrone.keys()], true);
  }

  private publishFrame(): void {
    if (this.changed.size === 0) return;
    const ids = [...this.changed];
    this.changed.clear();
    this.bus.emit('telemetry.frame', this.buildFrame(ids, false));
    this.counters.framesSent++;
  }

  private buildFrame(ids: readonly string[], full: boolean): TelemetryFrame {
    const frame = allocateFrame(ids.length);
    let n = 0;
    for (const id of ids) {
      const index = this.registry.indexOf(id);
      const row = this.latestByDrone.get(id);
      if (index === undefined || row === undefined) continue;
      frame.index[n] = index;
      frame.latE7[n] = toE7(row.lat);
      frame.lonE7[n] = toE7(row.lon);
      frame.altitudeM[n] = row.altitudeM;
      frame.headingDeg[n] = row.headingDeg;
      frame.speedMps[n] = row.speedMps;
      frame.fuelPct[n] = row.fuelPct;
      frame.meshConnectivity[n] = row.meshConnectivity;
      frame.status[n] = STATUS_CODES[row.status];
      frame.currentWaypoint[n] = row.currentWaypoint;
      n++;
    }
    const trimmed = n === ids.length ? frame : trimFrame(frame, n);
    trimmed.seq = ++this.seq;
    trimmed.indexVersion = this.registry.version;
    trimmed.simTime = this.newestTime;
    trimmed.full = full;
    return trimmed;
  }

  /** Forgets drones that left the fleet (a re-planned simulation), so frames stay within the index. */
  retainOnly(droneIds: ReadonlySet<string>): void {
    for (const id of [...this.latestByDrone.keys()]) {
      if (!droneIds.has(id)) {
        this.latestByDrone.delete(id);
        this.changed.delete(id);
      }
    }
  }

  async close(): Promise<void> {
    if (this.flushTimer) clearInterval(this.flushTimer);
    if (this.frameTimer) clearInterval(this.frameTimer);
    this.flushTimer = this.frameTimer = null;
    await this.flush();
  }
}

function trimFrame(frame: TelemetryFrame, n: number): TelemetryFrame {
  return {
    ...frame,
    count: n,
    index: frame.index.slice(0, n),
    latE7: frame.latE7.slice(0, n),
    lonE7: frame.lonE7.slice(0, n),
    altitudeM: frame.altitudeM.slice(0, n),
    headingDeg: frame.headingDeg.slice(0, n),
    speedMps: frame.speedMps.slice(0, n),
    fuelPct: frame.fuelPct.slice(0, n),
    meshConnectivity: frame.meshConnectivity.slice(0, n),
    status: frame.status.slice(0, n),
    currentWaypoint: frame.currentWaypoint.slice(0, n),
  };
}
