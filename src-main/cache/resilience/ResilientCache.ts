import type { CacheEntity } from '../../../src-shared/constants';
import type { ConvoySummary, Drone, EngagementStats, Telemetry } from '../../../src-shared/model';
import type { ComponentHealth } from '../../store/Store';
import {
  isDiagnosable,
  type Cache,
  type CacheDiagnostics,
  type CacheStats,
  type LeaderboardMember,
  type LeaderboardRow,
  type WaypointProgress,
} from '../Cache';
import { LatencyWindow } from '../latencyWindow';
import {
  CIRCUIT_DEFAULTS,
  CircuitBreaker,
  type CircuitBreakerOptions,
  type CircuitSnapshot,
  type CircuitState,
} from './CircuitBreaker';

/**
 * What the wrapper logs through: the core Logger fits (ports may not import the core), and so does
 * a CacheLog without debug, which then hears nothing of probes.
 */
export interface ResilienceLog {
  debug?(message: string, detail?: unknown): void;
  info(message: string, detail?: unknown): void;
  warn(message: string, detail?: unknown): void;
}

export interface ResilientCacheOptions {
  /** A call slower than this counts as a failure and its caller gets the fallback. Default 250 ms. */
  timeoutMs?: number;
  /** How long close() waits for the inner cache, so a hung connection cannot stall shutdown. */
  closeTimeoutMs?: number;
  /** The wrapper owns the breaker's onChange: it logs transitions. */
  breaker?: Omit<CircuitBreakerOptions, 'onChange'>;
  log?: ResilienceLog;
}

const RESILIENT_CACHE_DEFAULTS = { timeoutMs: 250, closeTimeoutMs: 1_000 } as const;

export type CacheOperation = Exclude<keyof Cache, 'kind' | 'health' | 'stats' | 'close'>;

/**
 * Fallbacks served since the wrapper was made: calls whose caller got null (reads) or a quiet
 * resolve (writes) instead of the inner cache's answer. Kept apart from stats(), which stays the
 * inner cache's own hit/miss count.
 */
export interface FallbackStats {
  /** Not attempted: the circuit was open, or half-open with its one probe already out. */
  open: number;
  /** Attempted, and slower than timeoutMs. */
  timeout: number;
  /** Attempted, and the inner cache failed. */
  error: number;
  /** Not attempted: the entry may be out of date after a write that did not land. */
  stale: number;
  byOperation: Partial<Record<CacheOperation, number>>;
  /** Entries currently held as possibly out of date; a gauge, not a counter. */
  suspectEntries: number;
}

type FallbackReason = 'open' | 'timeout' | 'error' | 'stale';
type Outcome<T> =
  { status: 'value'; value: T } | { status: 'error'; error: unknown } | { status: 'timeout' };
type Attempt<T> = { ok: true; value: T } | { ok: false };
type Settled<T> = { ok: true; value: T } | { ok: false; reason: 'timeout' | 'error' };

interface Entry {
  entity: CacheEntity;
  id: string;
}

/** The entries invalidateConvoy drops, in MemoryCache (pinned by its test) and Redis alike. */
const CONVOY_ENTITIES: readonly CacheEntity[] = [
  'leaderboard',
  'convoySummary',
  'convoyRoster',
  'meshTopology',
];

const entry = (entity: CacheEntity, id: string): Entry =>
  // The active-convoy list is one entry whatever id names it.
  ({ entity, id: entity === 'activeConvoys' ? '' : id });
const keyOf = (e: Entry): string => `${e.entity}:${e.id}`;

const describe = (error: unknown): string =>
  error instanceof Error ? error.message || error.name : String(error);

/**
 * Redis errors can quote the connection URL, password included; everything this class logs or
 * reports goes through here first.
 */
const redact = (message: string): string =>
  message.replace(/\/\/\S*@/g, '//').replace(/([?&](?:password|pass|pwd|auth)=)[^&\s]*/gi, '$1***');

const NO_ANSWER: Attempt<never> = { ok: false };

/**
 * Keeps the app working while the cache is down or slow. Every call is bounded by a timeout and
 * goes through a circuit breaker; a failed, slow or refused call gets the fallback the services
 * already handle: null for reads (a miss, so they rebuild from the store) and a quiet resolve for
 * writes (the store is the source of truth). Nothing here throws to a caller.
 *
 * A dropped write leaves the inner cache holding what was there before it, which the store has
 * since moved past, and the TTLs alone would let that be served after recovery (a leaderboard
 * that keeps being updated never expires). So every entry a failed write or invalidation touched
 * is held as suspect: reads of it are misses without asking the inner cache, a later write of it
 * that succeeds clears it, and once calls succeed again the rest are invalidated in the inner
 * cache in the background.
 */
export class ResilientCache implements Cache {
  readonly kind: string;
  private readonly breaker: CircuitBreaker;
  private readonly timeoutMs: number;
  private readonly closeTimeoutMs: number;
  private readonly openMs: number;
  private readonly now: () => number;
  private readonly log: ResilienceLog | undefined;

  private readonly counts: Record<FallbackReason, number> = {
    open: 0,
    timeout: 0,
    error: 0,
    stale: 0,
  };
  private readonly byOperation: Partial<Record<CacheOperation, number>> = {};
  private readonly latencies = new LatencyWindow();
  /** Suspect entries by key, each with the sequence number at which it was marked. */
  private readonly suspects = new Map<string, Entry & { markedAt: number }>();
  /** Orders write starts against suspect marks: only a write begun after a mark clears it. */
  private sequence = 0;
  private repairing = false;
  private outageStartedAt: number | null = null;
  private closing: Promise<void> | null = null;

  constructor(
    private readonly inner: Cache,
    options: ResilientCacheOptions = {},
  ) {
    this.kind = inner.kind;
    this.timeoutMs = options.timeoutMs ?? RESILIENT_CACHE_DEFAULTS.timeoutMs;
    this.closeTimeoutMs = options.closeTimeoutMs ?? RESILIENT_CACHE_DEFAULTS.closeTimeoutMs;
    this.openMs = options.breaker?.openMs ?? CIRCUIT_DEFAULTS.openMs;
    this.now = options.breaker?.now ?? Date.now;
    this.log = options.log;
    if (!(this.timeoutMs > 0)) {
      throw new RangeError(`timeoutMs must be positive, got ${this.timeoutMs}`);
    }
    // Every admitted call then settles before the circuit can turn half-open, so the breaker never
    // mistakes a call from before the outage for its probe.
    if (this.timeoutMs >= this.openMs) {
      throw new RangeError(`timeoutMs (${this.timeoutMs}) must be below openMs (${this.openMs})`);
    }
    this.breaker = new CircuitBreaker({
      ...options.breaker,
      onChange: (state, previous, reason) => this.circuitChanged(state, previous, reason),
    });
  }

  health(): ComponentHealth {
    const circuit = this.breaker.snapshot();
    if (circuit.state === 'open') {
      return {
        kind: this.kind,
        state: 'degraded',
        detail: `circuit open: ${circuit.lastError ?? 'unknown error'}`,
      };
    }
    if (circuit.state === 'half-open') {
      return { kind: this.kind, state: 'degraded', detail: 'circuit half-open' };
    }
    let inner: ComponentHealth;
    try {
      inner = this.inner.health();
    } catch (error) {
      return { kind: this.kind, state: 'degraded', detail: redact(describe(error)) };
    }
    if (inner.state === 'up') {
      return inner.detail === undefined
        ? { kind: this.kind, state: 'up' }
        : { kind: this.kind, state: 'up', detail: redact(inner.detail) };
    }
    // Down is not ours to report: with fallbacks the app keeps working without the cache.
    return {
      kind: this.kind,
      state: 'degraded',
      detail: redact(inner.detail ?? `${this.kind} ${inner.state}`),
    };
  }

  async countInWindow(scope: string, windowS: number) {
    const attempt = await this.attempt('countInWindow', () =>
      this.inner.countInWindow(scope, windowS),
    );
    // Without the cache there is no count: null, and the caller lets the use through.
    return attempt.ok ? attempt.value : null;
  }

  async addToMetric(name: string, amount: number, atMs: number): Promise<void> {
    // Monitoring, not data: a lost increment is not worth marking anything suspect.
    await this.attempt('addToMetric', () => this.inner.addToMetric(name, amount, atMs));
  }

  async metricPerMinute(name: string, fromMs: number, toMs: number): Promise<number[]> {
    const attempt = await this.attempt('metricPerMinute', () =>
      this.inner.metricPerMinute(name, fromMs, toMs),
    );
    return attempt.ok ? attempt.value : [];
  }

  async tryLease(name: string, token: string, ttlS: number) {
    const attempt = await this.attempt('tryLease', () => this.inner.tryLease(name, token, ttlS));
    return attempt.ok ? attempt.value : ('unavailable' as const);
  }

  async renewLease(name: string, token: string, ttlS: number) {
    const attempt = await this.attempt('renewLease', () =>
      this.inner.renewLease(name, token, ttlS),
    );
    return attempt.ok ? attempt.value : ('unavailable' as const);
  }

  async releaseLease(name: string, token: string): Promise<void> {
    // Not released now: it expires by itself within its TTL.
    await this.attempt('releaseLease', () => this.inner.releaseLease(name, token));
  }

  /** Latency of the calls that reached the inner cache (timeouts count as the timeout). */
  latency(): ReturnType<LatencyWindow['percentiles']> {
    return this.latencies.percentiles();
  }

  /** The inner cache's own report, when it has one and the circuit lets a call through. */
  async diagnostics(): Promise<CacheDiagnostics | null> {
    const inner = this.inner;
    // Only with the circuit closed: taking the half-open probe here would not report its outcome.
    if (!isDiagnosable(inner) || this.breaker.state !== 'closed') return null;
    const outcome = await this.settle(() => inner.diagnostics(), this.timeoutMs);
    return outcome.status === 'value' ? outcome.value : null;
  }

  circuit(): CircuitSnapshot {
    return this.breaker.snapshot();
  }

  fallbacks(): FallbackStats {
    return {
      ...this.counts,
      byOperation: { ...this.byOperation },
      suspectEntries: this.suspects.size,
    };
  }

  putDroneStates(drones: readonly Drone[]): Promise<void> {
    return this.write(
      'putDroneStates',
      () => drones.map((d) => entry('droneState', d.id)),
      () => this.inner.putDroneStates(drones),
    );
  }
  getDroneState(droneId: string): Promise<Drone | null> {
    return this.read('getDroneState', entry('droneState', droneId), () =>
      this.inner.getDroneState(droneId),
    );
  }

  putLatestTelemetry(rows: readonly Telemetry[]): Promise<void> {
    return this.write(
      'putLatestTelemetry',
      () => rows.map((r) => entry('telemetryLatest', r.droneId)),
      () => this.inner.putLatestTelemetry(rows),
    );
  }
  getLatestTelemetry(droneId: string): Promise<Telemetry | null> {
    return this.read('getLatestTelemetry', entry('telemetryLatest', droneId), () =>
      this.inner.getLatestTelemetry(droneId),
    );
  }

  putRoster(convoyId: string, droneIds: readonly string[]): Promise<void> {
    return this.write(
      'putRoster',
      () => [entry('convoyRoster', convoyId)],
      () => this.inner.putRoster(convoyId, droneIds),
    );
  }
  getRoster(convoyId: string): Promise<string[] | null> {
    return this.read('getRoster', entry('convoyRoster', convoyId), () =>
      this.inner.getRoster(convoyId),
    );
  }

  putActiveConvoys(convoyIds: readonly string[]): Promise<void> {
    return this.write(
      'putActiveConvoys',
      () => [entry('activeConvoys', '')],
      () => this.inner.putActiveConvoys(convoyIds),
    );
  }
  getActiveConvoys(): Promise<string[] | null> {
    return this.read('getActiveConvoys', entry('activeConvoys', ''), () =>
      this.inner.getActiveConvoys(),
    );
  }

  putConvoySummary(summary: ConvoySummary): Promise<void> {
    return this.write(
      'putConvoySummary',
      () => [entry('convoySummary', summary.convoyId)],
      () => this.inner.putConvoySummary(summary),
    );
  }
  getConvoySummary(convoyId: string): Promise<ConvoySummary | null> {
    return this.read('getConvoySummary', entry('convoySummary', convoyId), () =>
      this.inner.getConvoySummary(convoyId),
    );
  }

  putMeshTopology(
    convoyId: string,
    neighbours: ReadonlyMap<string, readonly string[]>,
  ): Promise<void> {
    return this.write(
      'putMeshTopology',
      () => [entry('meshTopology', convoyId)],
      () => this.inner.putMeshTopology(convoyId, neighbours),
    );
  }
  getMeshNeighbours(convoyId: string, droneId: string): Promise<string[] | null> {
    return this.read('getMeshNeighbours', entry('meshTopology', convoyId), () =>
      this.inner.getMeshNeighbours(convoyId, droneId),
    );
  }

  putWaypointProgress(droneId: string, progress: WaypointProgress): Promise<void> {
    return this.write(
      'putWaypointProgress',
      () => [entry('waypointProgress', droneId)],
      () => this.inner.putWaypointProgress(droneId, progress),
    );
  }
  getWaypointProgress(droneId: string): Promise<WaypointProgress | null> {
    return this.read('getWaypointProgress', entry('waypointProgress', droneId), () =>
      this.inner.getWaypointProgress(droneId),
    );
  }

  putEngagementStats(droneId: string, stats: EngagementStats): Promise<void> {
    return this.write(
      'putEngagementStats',
      () => [entry('engagementStats', droneId)],
      () => this.inner.putEngagementStats(droneId, stats),
    );
  }
  getEngagementStats(droneId: string): Promise<EngagementStats | null> {
    return this.read('getEngagementStats', entry('engagementStats', droneId), () =>
      this.inner.getEngagementStats(droneId),
    );
  }

  loadLeaderboard(convoyId: string, members: readonly LeaderboardMember[]): Promise<void> {
    return this.write(
      'loadLeaderboard',
      () => [entry('leaderboard', convoyId)],
      () => this.inner.loadLeaderboard(convoyId, members),
      () => members.map((m) => entry('engagementStats', m.droneId)),
    );
  }

  async updateLeaderboard(
    convoyId: string,
    member: LeaderboardMember,
  ): Promise<{ previousRank: number | null; newRank: number } | null> {
    const board = entry('leaderboard', convoyId);
    // A suspect board answers "not cached", so the caller reloads it whole from the store rather
    // than moving one member on a board whose other members may be out of date.
    if (this.isSuspect(board)) return this.fallBack('updateLeaderboard', 'stale', null);
    const attempt = await this.attempt('updateLeaderboard', () =>
      this.inner.updateLeaderboard(convoyId, member),
    );
    if (!attempt.ok) {
      // Redis's script also writes the member's stats and its drone state's engagement fields.
      this.markSuspect([
        board,
        entry('engagementStats', member.droneId),
        entry('droneState', member.droneId),
      ]);
      return null;
    }
    this.startRepair();
    return attempt.value;
  }

  leaderboardPage(
    convoyId: string,
    offset: number,
    limit: number,
  ): Promise<{ rows: LeaderboardRow[]; size: number } | null> {
    return this.read('leaderboardPage', entry('leaderboard', convoyId), () =>
      this.inner.leaderboardPage(convoyId, offset, limit),
    );
  }

  invalidate(entity: CacheEntity, id: string): Promise<void> {
    return this.write(
      'invalidate',
      () => [entry(entity, id)],
      () => this.inner.invalidate(entity, id),
    );
  }

  invalidateConvoy(convoyId: string): Promise<void> {
    return this.write(
      'invalidateConvoy',
      () => CONVOY_ENTITIES.map((entity) => entry(entity, convoyId)),
      () => this.inner.invalidateConvoy(convoyId),
    );
  }

  stats(): CacheStats {
    return this.inner.stats();
  }

  close(): Promise<void> {
    this.closing ??= this.closeInner();
    return this.closing;
  }

  private async closeInner(): Promise<void> {
    const outcome = await this.settle(() => this.inner.close(), this.closeTimeoutMs);
    if (outcome.status === 'error') {
      this.log?.warn(`cache close failed (${this.kind}): ${redact(describe(outcome.error))}`);
    } else if (outcome.status === 'timeout') {
      this.log?.warn(
        `cache close (${this.kind}) did not finish within ${this.closeTimeoutMs} ms; shutdown goes on`,
      );
    }
  }

  private async read<T>(
    operation: CacheOperation,
    target: Entry,
    call: () => Promise<T | null>,
  ): Promise<T | null> {
    if (this.isSuspect(target)) return this.fallBack(operation, 'stale', null);
    const attempt = await this.attempt(operation, call);
    if (!attempt.ok) return null;
    this.startRepair();
    return attempt.value;
  }

  /**
   * `targets` are the entries the call writes in any implementation: marked if it fails, cleared
   * if it succeeds. `alsoMaybe` are entries only some implementation writes with them (Redis keeps
   * each member's stats beside its board): marked on failure, but a success proves nothing of them
   * in the others. Both are thunks because a telemetry tick writes every drone and rarely needs them.
   */
  private async write(
    operation: CacheOperation,
    targets: () => readonly Entry[],
    call: () => Promise<void>,
    alsoMaybe?: () => readonly Entry[],
  ): Promise<void> {
    const startedAt = ++this.sequence;
    const attempt = await this.attempt(operation, call);
    if (!attempt.ok) {
      this.markSuspect([...targets(), ...(alsoMaybe?.() ?? [])]);
      return;
    }
    if (this.suspects.size > 0) this.clearSuspects(targets(), startedAt);
    // After the clearing, so the repair does not invalidate what this write just made current.
    this.startRepair();
  }

  /** One call through the breaker and the timeout, with the fallback counted when it fails. */
  private async attempt<T>(operation: CacheOperation, call: () => Promise<T>): Promise<Attempt<T>> {
    if (!this.breaker.allowRequest()) return this.fallBack(operation, 'open', NO_ANSWER);
    const result = await this.guarded(operation, call);
    if (result.ok) return result;
    return this.fallBack(operation, result.reason, NO_ANSWER);
  }

  /** A call the breaker admitted, its outcome recorded; not a fallback (the repair uses it too). */
  private async guarded<T>(operation: CacheOperation, call: () => Promise<T>): Promise<Settled<T>> {
    const startedAt = performance.now();
    const outcome = await this.settle(call, this.timeoutMs);
    this.latencies.record(performance.now() - startedAt);
    if (outcome.status === 'value') {
      this.breaker.recordSuccess();
      return { ok: true, value: outcome.value };
    }
    this.breaker.recordFailure(
      outcome.status === 'timeout'
        ? new Error(`${operation} timed out after ${this.timeoutMs} ms`)
        : new Error(redact(describe(outcome.error))),
    );
    return { ok: false, reason: outcome.status };
  }

  /** Never rejects; a result arriving after the deadline is dropped. */
  private settle<T>(call: () => Promise<T>, timeoutMs: number): Promise<Outcome<T>> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => resolve({ status: 'timeout' }), timeoutMs);
      const done = (outcome: Outcome<T>) => {
        clearTimeout(timer);
        resolve(outcome);
      };
      let pending: Promise<T>;
      try {
        pending = call();
      } catch (error) {
        pending = Promise.reject(error);
      }
      pending.then(
        (value) => done({ status: 'value', value }),
        (error: unknown) => done({ status: 'error', error }),
      );
    });
  }

  private fallBack<T>(operation: CacheOperation, reason: FallbackReason, value: T): T {
    this.counts[reason] += 1;
    this.byOperation[operation] = (this.byOperation[operation] ?? 0) + 1;
    return value;
  }

  private isSuspect(target: Entry): boolean {
    return this.suspects.has(keyOf(target));
  }

  private markSuspect(targets: readonly Entry[]): void {
    const markedAt = ++this.sequence;
    for (const target of targets) this.suspects.set(keyOf(target), { ...target, markedAt });
  }

  /**
   * A write that began before the mark may have raced the one that failed, and a timed-out write
   * can still land late, so only a write begun after the mark proves the entry current.
   */
  private clearSuspects(targets: readonly Entry[], startedAt: number): void {
    for (const target of targets) {
      const key = keyOf(target);
      const suspect = this.suspects.get(key);
      if (suspect && suspect.markedAt < startedAt) this.suspects.delete(key);
    }
  }

  private startRepair(): void {
    if (this.repairing || this.closing || this.suspects.size === 0) return;
    if (this.breaker.state !== 'closed') return;
    this.repairing = true;
    void this.repair()
      // Best effort: whatever stopped it, the entries left stay suspect and keep reading as misses.
      .catch(() => undefined)
      .finally(() => {
        this.repairing = false;
      });
  }

  /** Invalidates suspect entries one by one, stopping at the first failure or at close. */
  private async repair(): Promise<void> {
    for (const [key, suspect] of [...this.suspects]) {
      if (this.closing) return;
      if (this.suspects.get(key) !== suspect) continue;
      if (!this.breaker.allowRequest()) return;
      const startedAt = ++this.sequence;
      const result = await this.guarded('invalidate', () =>
        this.inner.invalidate(suspect.entity, suspect.id),
      );
      if (!result.ok) return;
      this.clearSuspects([suspect], startedAt);
    }
  }

  /** Once per transition, never per call: an outage is one warning and one recovery line. */
  private circuitChanged(state: CircuitState, previous: CircuitState, reason: string): void {
    const why = redact(reason);
    if (state === 'open' && previous === 'closed') {
      this.outageStartedAt = this.now();
      this.log?.warn(
        `cache circuit opened (${this.kind}): ${why}; serving fallbacks, first probe in ${this.openMs} ms`,
      );
    } else if (state === 'closed') {
      const seconds =
        this.outageStartedAt === null ? 0 : (this.now() - this.outageStartedAt) / 1000;
      this.outageStartedAt = null;
      this.log?.info(
        `cache circuit closed (${this.kind}): ${why} after ${seconds.toFixed(1)} s; ${this.suspects.size} entries marked stale during it`,
      );
    } else {
      // Probes and re-openings during one outage: debug, or a long outage writes a pair of lines
      // every maxOpenMs.
      this.log?.debug?.(`cache circuit ${state} (${this.kind}): ${why}`);
    }
  }
}
