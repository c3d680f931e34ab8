import { mkdir } from 'node:fs/promises';
import type {
  Alert,
  Convoy,
  ConvoyStatus,
  Engagement,
  EngagementStats,
  Telemetry,
  Waypoint,
} from '../../../src-shared/model';
import { SerialQueue } from '../duckdb/serialQueue';
import type {
  ComponentHealth,
  DroneRecord,
  SimulatorCheckpoint,
  Store,
  StoreLog,
  TelemetryRange,
  WaypointArrival,
} from '../Store';
import { SpoolFile, type SpoolEntry, type SpoolRead } from './SpoolFile';

/** How often a spool with entries tries the store again. */
const DRAIN_RETRY_MS = 1_000;
/** Spool entries replayed together (see `drain`). */
const DRAIN_CHUNK = 256;
/** Telemetry rows per spool line: a torn last line stays small. */
const ROWS_PER_LINE = 500;

export interface SpoolStatus {
  /** Telemetry rows and engagements acknowledged but not yet in the store. */
  spooledRows: number;
  spooledEngagements: number;
  draining: boolean;
  /** Entries the store refused for good (kept in the log, not retried). */
  rejected: number;
}

/**
 * Store-and-forward in front of a remote store: when the cluster cannot be reached, telemetry
 * and engagements go to a durable local spool (an fsynced append-only file in the data folder)
 * and count as written; they are replayed in order when it answers again, and until the spool
 * is empty every new write joins the queue behind them, so a drone's engagements reach the
 * store in the order they happened. Replays are harmless because the store's writes are
 * idempotent (keys fixed by the data): an entry replayed twice after a crash lands once.
 *
 * Reads see spooled data too: a drone's stats are the newest spooled ones, engagements and
 * telemetry are merged in. Everything else (fleet, alerts, settings) is not spooled: those
 * writes fail while the store is down, and their callers keep them and retry.
 */
export class SpoolingStore implements Store {
  readonly kind: string;
  private readonly serial = new SerialQueue();
  private timer: ReturnType<typeof setInterval> | null = null;
  private draining = false;
  /** Set while the last pass of a drain runs: new writes wait for it (see `drain`). */
  private gate: Promise<void> | null = null;
  private spooledRows = 0;
  private spooledEngagements: { engagement: Engagement; stats: EngagementStats }[] = [];
  private rejected = 0;
  private closed = false;
  /**
   * Each drone's stats as last read from or written to the store (null: it never engaged), so
   * that engagements can still be recorded (spooled) while the store cannot be read.
   */
  private readonly knownStats = new Map<string, EngagementStats | null>();

  private constructor(
    private readonly inner: Store,
    private readonly spool: SpoolFile,
    private readonly isUnreachable: (error: unknown) => boolean,
    private readonly log: StoreLog,
  ) {
    this.kind = inner.kind;
  }

  /** Opens the spool in `dir`; what an earlier run left there is replayed as soon as the store answers. */
  static async open(
    inner: Store,
    dir: string,
    isUnreachable: (error: unknown) => boolean,
    log: StoreLog,
  ): Promise<SpoolingStore> {
    await mkdir(dir, { recursive: true });
    const store = new SpoolingStore(inner, await SpoolFile.open(dir), isUnreachable, log);
    for await (const { entry } of store.spool.undrained()) if (entry) store.count(entry, 1);
    await store.learnStats();
    if (store.spool.pending) {
      log.warn(
        `store: ${store.spooledRows} telemetry rows and ${store.spooledEngagements.length} engagements spooled by an earlier run; replaying`,
      );
      store.scheduleDrain();
    }
    return store;
  }

  /**
   * Reads every drone's stats (or learns it has none) while the store is reachable, so that an
   * engagement can be recorded for any drone of the fleet once it is not.
   */
  private async learnStats(convoyIds?: ReadonlySet<string>): Promise<void> {
    const drones = (await this.inner.listDrones()).filter(
      (d) => !convoyIds || convoyIds.has(d.convoyId),
    );
    const convoys = new Set(drones.map((d) => d.convoyId));
    for (const convoyId of convoys) {
      const stats = await this.inner.listStats(convoyId);
      for (const d of drones) {
        if (d.convoyId === convoyId && !this.newestSpooledStats(d.id)) {
          this.knownStats.set(d.id, stats.get(d.id) ?? null);
        }
      }
    }
  }

  status(): SpoolStatus {
    return {
      spooledRows: this.spooledRows,
      spooledEngagements: this.spooledEngagements.length,
      draining: this.draining,
      rejected: this.rejected,
    };
  }

  health(): ComponentHealth {
    const inner = this.inner.health();
    if (!this.spool.pending) return inner;
    const spooled = `${this.spooledRows} rows and ${this.spooledEngagements.length} engagements spooled`;
    return {
      ...inner,
      state: 'degraded',
      detail:
        inner.state === 'up'
          ? `store back, replaying: ${spooled}`
          : `store offline, ${spooled}${inner.detail ? ` (${inner.detail})` : ''}`,
    };
  }

  // ---- the spooled writes --------------------------------------------------------------------

  appendTelemetry(rows: readonly Telemetry[]): Promise<void> {
    if (rows.length === 0) return Promise.resolve();
    const entries: SpoolEntry[] = [];
    for (let at = 0; at < rows.length; at += ROWS_PER_LINE) {
      entries.push({ kind: 'telemetry', rows: rows.slice(at, at + ROWS_PER_LINE) });
    }
    return this.write(entries, () => this.inner.appendTelemetry(rows));
  }

  async recordEngagement(engagement: Engagement, stats: EngagementStats): Promise<void> {
    await this.write([{ kind: 'engagement', engagement, stats }], () =>
      this.inner.recordEngagement(engagement, stats),
    );
    this.knownStats.set(engagement.droneId, stats);
  }

  /**
   * Straight to the store while the spool is empty; into the spool while it is not (behind what
   * is there), or when the store turns out to be unreachable. Other errors are the caller's.
   */
  private async write(entries: SpoolEntry[], direct: () => Promise<void>): Promise<void> {
    this.assertOpen();
    while (this.gate) await this.gate;
    if (!this.spool.pending) {
      try {
        await direct();
        return;
      } catch (error) {
        if (!this.isUnreachable(error)) throw error;
        this.log.warn(`store unreachable (${describe(error)}); spooling writes locally`);
      }
    }
    await this.serial.run(() => this.spool.append(entries));
    for (const entry of entries) this.count(entry, 1);
    this.scheduleDrain();
  }

  private count(entry: SpoolEntry, sign: 1 | -1): void {
    if (entry.kind === 'telemetry') {
      this.spooledRows += sign * entry.rows.length;
    } else if (sign === 1) {
      this.spooledEngagements.push({ engagement: entry.engagement, stats: entry.stats });
    } else {
      const i = this.spooledEngagements.findIndex((s) => s.engagement.id === entry.engagement.id);
      if (i !== -1) this.spooledEngagements.splice(i, 1);
    }
  }

  private scheduleDrain(): void {
    if (this.timer || this.closed) return;
    this.timer = setInterval(() => void this.drain(), DRAIN_RETRY_MS);
    this.timer.unref?.();
    void this.drain();
  }

  /**
   * Replays the spool; stops at the first sign that the store is still away. Entries go in
   * chunks: within one, telemetry and different drones' engagements are written concurrently,
   * each drone's engagements one after another in the order they happened (one at a time, a
   * spool of a minute's engagements took longer to replay than new ones took to arrive). A
   * chunk is marked done only once all of it is in the store; a crash mid-chunk replays it,
   * which the store's idempotent writes make harmless.
   */
  async drain(): Promise<void> {
    if (this.draining || this.closed) return;
    this.draining = true;
    try {
      for (;;) {
        // New writes keep joining the spool while it drains, so it might never be empty: once
        // a pass finds little left, new writes wait (briefly) while the last pass runs, and
        // then go straight to the store.
        const entries = await this.pass();
        if (entries === null) return;
        if (entries > DRAIN_CHUNK) continue;
        const gate = this.closeGate();
        try {
          if ((await this.pass()) === null) return;
          if (await this.serial.run(() => this.spool.clearIfDrained())) {
            this.log.info('store: spool replayed; writing directly again');
            if (this.timer) clearInterval(this.timer);
            this.timer = null;
            this.spooledRows = 0;
            this.spooledEngagements = [];
            return;
          }
        } finally {
          gate();
        }
      }
    } finally {
      this.draining = false;
    }
  }

  /** Holds new writes until the returned function is called. */
  private closeGate(): () => void {
    let open!: () => void;
    this.gate = new Promise<void>((resolve) => (open = resolve));
    return () => {
      this.gate = null;
      open();
    };
  }

  /** Replays what the spool holds now; the number of entries, or null if the store is still away. */
  private async pass(): Promise<number | null> {
    let entries = 0;
    let chunk: SpoolRead[] = [];
    for await (const read of this.spool.undrained()) {
      chunk.push(read);
      if (chunk.length < DRAIN_CHUNK) continue;
      if (!(await this.replay(chunk))) return null;
      entries += chunk.length;
      chunk = [];
    }
    if (chunk.length > 0) {
      if (!(await this.replay(chunk))) return null;
      entries += chunk.length;
    }
    return entries;
  }

  /** Writes one chunk to the store; false (nothing marked) if the store is still away. */
  private async replay(chunk: readonly SpoolRead[]): Promise<boolean> {
    const jobs: (() => Promise<void>)[] = [];
    const byDrone = new Map<string, SpoolEntry[]>();
    for (const read of chunk) {
      const entry = read.entry;
      if (!entry) {
        this.rejected++;
        this.log.error(
          `store spool: an unreadable line skipped: ${'line' in read ? read.line : ''}`,
        );
      } else if (entry.kind === 'telemetry') {
        jobs.push(() => this.replayOne(entry));
      } else {
        const queue = byDrone.get(entry.engagement.droneId);
        if (queue) queue.push(entry);
        else byDrone.set(entry.engagement.droneId, [entry]);
      }
    }
    for (const queue of byDrone.values()) {
      jobs.push(async () => {
        for (const entry of queue) await this.replayOne(entry);
      });
    }
    const results = await Promise.allSettled(jobs.map((job) => job()));
    const away = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
    if (away) return false;
    await this.serial.run(() => this.spool.markDrained(chunk.at(-1)!.end));
    for (const read of chunk) if (read.entry) this.count(read.entry, -1);
    return true;
  }

  /** One entry into the store; an entry it refuses for good is skipped (and reported), not retried. */
  private async replayOne(entry: SpoolEntry): Promise<void> {
    try {
      if (entry.kind === 'telemetry') await this.inner.appendTelemetry(entry.rows);
      else await this.inner.recordEngagement(entry.engagement, entry.stats);
    } catch (error) {
      if (this.isUnreachable(error)) throw error;
      this.rejected++;
      this.log.error(`store refused a spooled ${entry.kind}; skipped`, error);
    }
  }

  // ---- reads that see the spool --------------------------------------------------------------

  async getStats(droneId: string): Promise<EngagementStats | null> {
    const spooled = this.newestSpooledStats(droneId);
    if (spooled) return spooled;
    try {
      const stored = await this.inner.getStats(droneId);
      this.knownStats.set(droneId, stored);
      return stored;
    } catch (error) {
      if (this.isUnreachable(error) && this.knownStats.has(droneId)) {
        return this.knownStats.get(droneId)!;
      }
      throw error;
    }
  }

  private newestSpooledStats(droneId: string): EngagementStats | null {
    for (let i = this.spooledEngagements.length - 1; i >= 0; i--) {
      const s = this.spooledEngagements[i]!;
      if (s.engagement.droneId === droneId) return s.stats;
    }
    return null;
  }

  async listStats(convoyId: string): Promise<Map<string, EngagementStats>> {
    const stats = await this.inner.listStats(convoyId);
    for (const [droneId, st] of stats) this.knownStats.set(droneId, st);
    for (const s of this.spooledEngagements) {
      if (s.engagement.convoyId === convoyId) stats.set(s.engagement.droneId, s.stats);
    }
    return stats;
  }

  async listEngagements(filter: { convoyId?: string; droneId?: string }): Promise<Engagement[]> {
    const stored = await this.inner.listEngagements(filter);
    const seen = new Set(stored.map((e) => e.id));
    const spooled = this.spooledEngagements
      .map((s) => s.engagement)
      .filter(
        (e) =>
          !seen.has(e.id) &&
          (!filter.convoyId || e.convoyId === filter.convoyId) &&
          (!filter.droneId || e.droneId === filter.droneId),
      );
    if (spooled.length === 0) return stored;
    // Spooled engagements are each drone's newest: after its stored ones, in time order.
    return [...stored, ...spooled].sort(
      (a, b) =>
        a.recordedAt - b.recordedAt || (a.droneId < b.droneId ? -1 : a.droneId > b.droneId ? 1 : 0),
    );
  }

  async telemetryForDrone(droneId: string, fromMs: number, toMs: number): Promise<Telemetry[]> {
    const stored = await this.inner.telemetryForDrone(droneId, fromMs, toMs);
    if (!this.spool.pending) return stored;
    const byTime = new Map(stored.map((r) => [r.recordedAt, r]));
    for await (const { entry } of this.spool.undrained()) {
      if (entry?.kind !== 'telemetry') continue;
      for (const r of entry.rows) {
        if (r.droneId === droneId && r.recordedAt >= fromMs && r.recordedAt <= toMs) {
          byTime.set(r.recordedAt, r);
        }
      }
    }
    return [...byTime.values()].sort((a, b) => a.recordedAt - b.recordedAt);
  }

  async latestTelemetry(): Promise<Map<string, Telemetry>> {
    const latest = await this.inner.latestTelemetry();
    if (!this.spool.pending) return latest;
    for await (const { entry } of this.spool.undrained()) {
      if (entry?.kind !== 'telemetry') continue;
      for (const r of entry.rows) {
        const known = latest.get(r.droneId);
        if (!known || r.recordedAt >= known.recordedAt) latest.set(r.droneId, r);
      }
    }
    return latest;
  }

  /** Stored rows plus those waiting in the spool. */
  async countTelemetry(): Promise<number> {
    return (await this.inner.countTelemetry()) + this.spooledRows;
  }

  /**
   * Refused while rows wait in the spool: an export of a range the cluster holds only part of
   * would look whole and not be. Once the spool has drained, the cluster's pages pass through.
   */
  async *telemetryPages(range: TelemetryRange, pageRows?: number): AsyncIterable<Telemetry[]> {
    if (this.spool.pending) {
      throw new Error(
        `the store is offline with ${this.spooledRows} telemetry rows and ${this.spooledEngagements.length} engagements spooled: export once it is back and the spool has drained`,
      );
    }
    yield* this.inner.telemetryPages(range, pageRows);
  }

  // ---- passed through ------------------------------------------------------------------------

  async saveFleet(
    convoys: readonly Convoy[],
    drones: readonly DroneRecord[],
    waypoints: readonly Waypoint[],
  ): Promise<void> {
    await this.inner.saveFleet(convoys, drones, waypoints);
    await this.learnStats(new Set(convoys.map((c) => c.id))).catch((error: unknown) =>
      this.log.warn(`store: could not read the new fleet's stats: ${describe(error)}`),
    );
  }
  setConvoyStatus(convoyId: string, status: ConvoyStatus): Promise<void> {
    return this.inner.setConvoyStatus(convoyId, status);
  }
  listConvoys(): Promise<Convoy[]> {
    return this.inner.listConvoys();
  }
  listDrones(): Promise<DroneRecord[]> {
    return this.inner.listDrones();
  }
  getWaypoints(droneId: string): Promise<Waypoint[]> {
    return this.inner.getWaypoints(droneId);
  }
  markWaypointsArrived(arrivals: readonly WaypointArrival[]): Promise<void> {
    return this.inner.markWaypointsArrived(arrivals);
  }
  saveAlerts(alerts: readonly Alert[]): Promise<void> {
    return this.inner.saveAlerts(alerts);
  }
  recentAlerts(clearedLimit: number): Promise<Alert[]> {
    return this.inner.recentAlerts(clearedLimit);
  }
  getSetting(key: string): Promise<string | null> {
    return this.inner.getSetting(key);
  }
  putSetting(key: string, value: string | null): Promise<void> {
    return this.inner.putSetting(key, value);
  }
  loadSimulatorCheckpoint(): Promise<SimulatorCheckpoint | null> {
    return this.inner.loadSimulatorCheckpoint();
  }
  saveSimulatorCheckpoint(checkpoint: SimulatorCheckpoint): Promise<void> {
    return this.inner.saveSimulatorCheckpoint(checkpoint);
  }

  /** Tries a last drain (what stays is replayed by the next run), then closes. */
  async close(): Promise<void> {
    if (this.closed) return;
    if (this.spool.pending) await this.drain().catch(() => undefined);
    this.closed = true;
    if (this.timer) clearInterval(this.timer);
    await this.serial.run(() => this.spool.close());
    await this.inner.close();
  }

  private assertOpen(): void {
    if (this.closed) throw new Error('store is closed');
  }
}

/** The first line: the driver's messages go on to print whole inner errors and stacks. */
function describe(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).split('\n')[0]!;
}
