import { CACHE_TTL_SECONDS, type CacheEntity } from '../../../src-shared/constants';
import type { ConvoySummary, Drone, EngagementStats, Telemetry } from '../../../src-shared/model';
import type { ComponentHealth } from '../../store/Store';
import {
  METRIC_TTL_S,
  minuteBucket,
  type Cache,
  type CacheStats,
  type LeaderboardMember,
  type LeaderboardRow,
  type WaypointProgress,
} from '../Cache';
import { MemoryLeaderboard } from './MemoryLeaderboard';
import { TtlMap } from './TtlMap';

const ttl = (entity: CacheEntity): number => CACHE_TTL_SECONDS[entity] * 1000;

/**
 * The in-process cache of the embedded default: plain maps with the seed's TTLs. Single-threaded
 * JavaScript makes every operation atomic, which is what the Redis Lua script buys there.
 */
export class MemoryCache implements Cache {
  readonly kind = 'memory';
  private readonly droneState: TtlMap<string, Drone>;
  private readonly telemetry: TtlMap<string, Telemetry>;
  private readonly roster: TtlMap<string, string[]>;
  private readonly active: TtlMap<'all', string[]>;
  private readonly summary: TtlMap<string, ConvoySummary>;
  private readonly mesh: TtlMap<string, Map<string, string[]>>;
  private readonly progress: TtlMap<string, WaypointProgress>;
  private readonly engagementStats: TtlMap<string, EngagementStats>;
  private readonly leaderboards: TtlMap<string, MemoryLeaderboard>;
  private readonly windows: TtlMap<string, { count: number; endsAt: number }>;
  private readonly metrics: TtlMap<string, number>;
  private readonly leases = new Map<string, { token: string; until: number }>();
  private readonly hits: Record<string, number> = {};
  private readonly misses: Record<string, number> = {};
  private readonly sweeper: ReturnType<typeof setInterval>;
  private readonly now: () => number;

  constructor(now: () => number = Date.now) {
    this.droneState = new TtlMap(ttl('droneState'), now);
    this.telemetry = new TtlMap(ttl('telemetryLatest'), now);
    this.roster = new TtlMap(ttl('convoyRoster'), now);
    this.active = new TtlMap(ttl('activeConvoys'), now);
    this.summary = new TtlMap(ttl('convoySummary'), now);
    this.mesh = new TtlMap(ttl('meshTopology'), now);
    this.progress = new TtlMap(ttl('waypointProgress'), now);
    this.engagementStats = new TtlMap(ttl('engagementStats'), now);
    this.leaderboards = new TtlMap(ttl('leaderboard'), now);
    this.windows = new TtlMap(24 * 3600 * 1000, now);
    this.metrics = new TtlMap(METRIC_TTL_S * 1000, now);
    this.now = now;
    this.sweeper = setInterval(() => this.sweep(), 30_000);
    this.sweeper.unref?.();
  }

  health(): ComponentHealth {
    return { kind: this.kind, state: 'up' };
  }

  private count<T>(entity: CacheEntity, value: T | undefined): T | null {
    const counter = value === undefined ? this.misses : this.hits;
    counter[entity] = (counter[entity] ?? 0) + 1;
    return value ?? null;
  }

  async putDroneStates(drones: readonly Drone[]): Promise<void> {
    for (const d of drones) this.droneState.set(d.id, d);
  }
  async getDroneState(droneId: string): Promise<Drone | null> {
    return this.count('droneState', this.droneState.get(droneId));
  }

  async putLatestTelemetry(rows: readonly Telemetry[]): Promise<void> {
    for (const r of rows) this.telemetry.set(r.droneId, r);
  }
  async getLatestTelemetry(droneId: string): Promise<Telemetry | null> {
    return this.count('telemetryLatest', this.telemetry.get(droneId));
  }

  async putRoster(convoyId: string, droneIds: readonly string[]): Promise<void> {
    this.roster.set(convoyId, [...droneIds]);
  }
  async getRoster(convoyId: string): Promise<string[] | null> {
    return this.count('convoyRoster', this.roster.get(convoyId));
  }

  async putActiveConvoys(convoyIds: readonly string[]): Promise<void> {
    this.active.set('all', [...convoyIds]);
  }
  async getActiveConvoys(): Promise<string[] | null> {
    return this.count('activeConvoys', this.active.get('all'));
  }

  async putConvoySummary(summary: ConvoySummary): Promise<void> {
    this.summary.set(summary.convoyId, summary);
  }
  async getConvoySummary(convoyId: string): Promise<ConvoySummary | null> {
    return this.count('convoySummary', this.summary.get(convoyId));
  }

  async putMeshTopology(
    convoyId: string,
    neighbours: ReadonlyMap<string, readonly string[]>,
  ): Promise<void> {
    this.mesh.set(convoyId, new Map([...neighbours].map(([k, v]) => [k, [...v]])));
  }
  async getMeshNeighbours(convoyId: string, droneId: string): Promise<string[] | null> {
    return this.count('meshTopology', this.mesh.get(convoyId)?.get(droneId));
  }

  async putWaypointProgress(droneId: string, progress: WaypointProgress): Promise<void> {
    this.progress.set(droneId, progress);
  }
  async getWaypointProgress(droneId: string): Promise<WaypointProgress | null> {
    return this.count('waypointProgress', this.progress.get(droneId));
  }

  async putEngagementStats(droneId: string, stats: EngagementStats): Promise<void> {
    this.engagementStats.set(droneId, stats);
  }
  async getEngagementStats(droneId: string): Promise<EngagementStats | null> {
    return this.count('engagementStats', this.engagementStats.get(droneId));
  }

  async loadLeaderboard(convoyId: string, members: readonly LeaderboardMember[]): Promise<void> {
    this.leaderboards.set(convoyId, new MemoryLeaderboard(members));
  }

  async updateLeaderboard(convoyId: string, member: LeaderboardMember) {
    const board = this.leaderboards.get(convoyId);
    if (!board) return null;
    this.leaderboards.touch(convoyId);
    return board.update(member);
  }

  async leaderboardPage(
    convoyId: string,
    offset: number,
    limit: number,
  ): Promise<{ rows: LeaderboardRow[]; size: number } | null> {
    const board = this.count('leaderboard', this.leaderboards.get(convoyId));
    return board ? { rows: board.page(offset, limit), size: board.size } : null;
  }

  async countInWindow(scope: string, windowS: number) {
    const key = `${scope}:${windowS}`;
    const t = this.now();
    let w = this.windows.get(key);
    if (!w || w.endsAt <= t) {
      w = { count: 0, endsAt: t + windowS * 1000 };
      this.windows.set(key, w);
    }
    w.count++;
    return { count: w.count, resetInS: Math.ceil((w.endsAt - t) / 1000) };
  }

  async addToMetric(name: string, amount: number, atMs: number): Promise<void> {
    const key = `${name}:${minuteBucket(atMs)}`;
    this.metrics.set(key, (this.metrics.get(key) ?? 0) + amount);
  }

  async metricPerMinute(name: string, fromMs: number, toMs: number): Promise<number[]> {
    const out: number[] = [];
    for (let t = fromMs - (fromMs % 60_000); t <= toMs; t += 60_000) {
      out.push(this.metrics.get(`${name}:${minuteBucket(t)}`) ?? 0);
    }
    return out;
  }

  async tryLease(name: string, token: string, ttlS: number) {
    const held = this.leases.get(name);
    if (held && held.token !== token && held.until > this.now()) return 'held' as const;
    this.leases.set(name, { token, until: this.now() + ttlS * 1000 });
    return 'acquired' as const;
  }

  async renewLease(name: string, token: string, ttlS: number) {
    const held = this.leases.get(name);
    if (!held || held.token !== token || held.until <= this.now()) return 'lost' as const;
    held.until = this.now() + ttlS * 1000;
    return 'renewed' as const;
  }

  async releaseLease(name: string, token: string): Promise<void> {
    if (this.leases.get(name)?.token === token) this.leases.delete(name);
  }

  async invalidate(entity: CacheEntity, id: string): Promise<void> {
    const maps: Record<CacheEntity, TtlMap<string, unknown>> = {
      droneState: this.droneState,
      telemetryLatest: this.telemetry,
      convoyRoster: this.roster,
      activeConvoys: this.active as TtlMap<string, unknown>,
      convoySummary: this.summary,
      meshTopology: this.mesh,
      waypointProgress: this.progress,
      engagementStats: this.engagementStats,
      leaderboard: this.leaderboards,
    };
    // The active-convoy list is one entry: dropping any convoy from it drops the list.
    maps[entity].delete(entity === 'activeConvoys' ? 'all' : id);
  }

  async invalidateConvoy(convoyId: string): Promise<void> {
    this.leaderboards.delete(convoyId);
    this.summary.delete(convoyId);
    this.roster.delete(convoyId);
    this.mesh.delete(convoyId);
  }

  stats(): CacheStats {
    return { hits: { ...this.hits }, misses: { ...this.misses } };
  }

  private sweep(): void {
    for (const map of [
      this.droneState,
      this.telemetry,
      this.roster,
      this.summary,
      this.mesh,
      this.progress,
      this.engagementStats,
      this.leaderboards,
      this.windows,
      this.metrics,
    ]) {
      map.sweep();
    }
  }

  async close(): Promise<void> {
    clearInterval(this.sweeper);
  }
}
