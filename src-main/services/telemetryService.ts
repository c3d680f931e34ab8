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
import { WriteBehindQueue } from '../strategies/writeBehind';
import { writeAround } from '../strategies/writeAround';
import { writeThrough } from '../strategies/writeThrough';
import type { CacheStrategies } from '../strategies/strategyConfig';
import type { FleetRegistry } from './fleetRegistry';

export interface TelemetryServiceOptions {
  /** How often buffered rows are written to the store: a crash loses at most this much. */
  flushIntervalMs: number;
  frameRateHz: number;
  /**
   * How each batch's newest rows reach the cache (`telemetry:latest`): copied after the rows are
   * handed to the history (write-through, the default) or the cached entries dropped instead
   * (write-around).
   */
  latestStrategy?: CacheStrategies['telemetryLatest'];
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
 * Live telemetry: keeps each drone's newest row, writes rows to the store behind (a
 * WriteBehindQueue: in batches, at least once a second and on close, a failed batch kept in order
 * for the next try), and publishes fixed-rate frames of the drones that changed.
 *
 * The history queue is unbounded here: ingest is synchronous, and the simulator, its producer,
 * already pauses while too many rows are pending (simulatorService), so nothing would wait on it.
 */
export class TelemetryService {
  private readonly latestByDrone = new Map<string, Telemetry>();
  private readonly changed = new Set<string>();
  private readonly history: WriteBehindQueue<Telemetry>;
  private frameTimer: ReturnType<typeof setInterval> | null = null;
  private seq = 0;
  private newestTime = 0;
  private rowsIngested = 0;
  private framesSent = 0;

  constructor(
    store: Store,
    private readonly cache: Cache,
    private readonly registry: FleetRegistry,
    private readonly bus: EventBus,
    private readonly log: Logger,
    private readonly options: TelemetryServiceOptions,
  ) {
    this.history = new WriteBehindQueue<Telemetry>({
      write: (batch) => store.appendTelemetry(batch),
      flushIntervalMs: options.flushIntervalMs,
      onFlushed: (count) => {
        // Ingest per wall-clock minute, shared by every instance on the same cache.
        this.cache
          .addToMetric(INGEST_METRICS.telemetryRows, count, Date.now())
          .catch(() => undefined);
      },
      onFlushError: (error, count) =>
        this.log.error(`telemetry flush of ${count} rows failed; kept for retry`, error),
    });
  }

  /** Seeds the live state from the store (the drones' last known rows) after a restart. */
  restore(latest: ReadonlyMap<string, Telemetry>): void {
    for (const [id, row] of latest) {
      this.latestByDrone.set(id, row);
      this.changed.add(id);
      if (row.recordedAt > this.newestTime) this.newestTime = row.recordedAt;
    }
  }

  start(): void {
    this.history.start();
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
    this.rowsIngested += rows.length;
    // The rows go to the history (write-behind, accepted at once) and then to the cache as the
    // strategy table says. The cache is a copy: a cache failure must not stop ingest.
    this.writeLatest(rows).catch((error: unknown) =>
      this.log.warn('telemetry after close not stored', error),
    );
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

  /**
   * Hands the rows to the history, then copies them to `telemetry:latest` (write-through) or drops
   * the drones' cached entries (write-around). The history push is synchronous while it has room
   * (it always has: unbounded), so pendingRows counts the rows as soon as ingest returns.
   */
  private writeLatest(rows: readonly Telemetry[]): Promise<void> {
    const droneIds = [...new Set(rows.map((r) => r.droneId))];
    const writeStore = (_ids: readonly string[], batch: readonly Telemetry[]) =>
      this.history.push(batch);
    const onCacheError = (error: unknown) => this.log.warn('cache telemetry write failed', error);
    if (this.options.latestStrategy === 'write-around') {
      return writeAround(droneIds, rows, {
        writeStore,
        invalidateCache: async (ids) => {
          await Promise.all(ids.map((id) => this.cache.invalidate('telemetryLatest', id)));
        },
        onCacheError,
      });
    }
    return writeThrough(droneIds, rows, {
      writeStore,
      writeCache: (_ids, batch) => this.cache.putLatestTelemetry(batch),
      onCacheError,
    });
  }

  /** Rows accepted and not yet stored (buffered or being written). */
  get pendingRows(): number {
    const c = this.history.counters();
    return c.pending + c.waitingItems;
  }

  stats(): TelemetryCounters {
    const c = this.history.counters();
    return {
      rowsIngested: this.rowsIngested,
      rowsStored: c.flushed,
      pendingRows: c.pending + c.waitingItems,
      flushFailures: c.failures,
      lastFlushMs: c.lastFlushMs,
      framesSent: this.framesSent,
    };
  }

  /** Writes everything buffered so far. Rows of a failed batch stay buffered, in order, for the next try. */
  flush(): Promise<void> {
    return this.history.flush();
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
    this.framesSent++;
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

  /** Stops the frames and the flush timer and writes everything pending (one try). */
  async close(): Promise<void> {
    if (this.frameTimer) clearInterval(this.frameTimer);
    this.frameTimer = null;
    await this.history.close();
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
