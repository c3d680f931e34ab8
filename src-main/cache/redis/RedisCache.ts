import type { ChainableCommander, Redis } from 'ioredis';
import { CACHE_ENTITIES, type CacheEntity } from '../../../src-shared/constants';
import type { ConvoySummary, Drone, EngagementStats, Telemetry } from '../../../src-shared/model';
import { accuracyPct } from '../../domain/ranking';
import type { ComponentHealth } from '../../store/Store';
import {
  METRIC_TTL_S,
  minuteBucket,
  type Cache,
  type CacheDiagnostics,
  type CacheLog,
  type CacheStats,
  type LeaderboardMember,
  type LeaderboardRow,
  type WaypointProgress,
} from '../Cache';
import engagementUpdateLua from '../../../schema/redis/engagement_update.lua?raw';
import leaderboardPageLua from '../../../schema/redis/leaderboard_page.lua?raw';
import leaseReleaseLua from '../../../schema/redis/lease_release.lua?raw';
import leaseRenewLua from '../../../schema/redis/lease_renew.lua?raw';
import { LuaScript } from './luaScript';
import {
  droneFromHash,
  progressFromHash,
  progressToHash,
  statsFromHash,
  statsToHash,
  summaryFromHash,
  summaryToHash,
  telemetryFromJson,
  telemetryToJson,
} from './redisCodec';
import { createConnection, redactUrl, type RedisSettings } from './redisConnection';
import { DroneStateWriter } from './droneStateWriter';
import { RedisKeys, ttlSeconds } from './redisKeys';

/** How often the hit/miss counters are added to the seed's `cache:hits:*` keys. */
const COUNTER_FLUSH_MS = 1_000;
/** Keys deleted per round trip in a bulk invalidation. */
const SCAN_COUNT = 100;

const engagementUpdate = new LuaScript('engagement_update', engagementUpdateLua);
const leaderboardPage = new LuaScript('leaderboard_page', leaderboardPageLua);
const leaseRenew = new LuaScript('lease_renew', leaseRenewLua);
/**
 * Drones per write of a telemetry tick: Redis starts on a chunk while Node encodes the next, and
 * no one write holds Redis (single-threaded) for the whole tick.
 */
const DRONE_STATE_CHUNK = 250;
const leaseRelease = new LuaScript('lease_release', leaseReleaseLua);

/**
 * The Cache port on Redis, as the seed lays it out (schema/redis/cache_schema.md): the nine
 * structures with their keys, types and TTLs, the engagement update as one Lua script, batches
 * pipelined (one round trip for 2,000 drones, not 2,000). It holds nothing the store does not:
 * every miss is answered from the store by the services.
 */
export class RedisCache implements Cache {
  readonly kind = 'redis';
  private readonly clients: Redis[];
  private next = 0;
  private readonly keys: RedisKeys;
  private readonly droneStates: DroneStateWriter;
  private readonly hits: Record<string, number> = {};
  private readonly misses: Record<string, number> = {};
  private readonly unflushed = new Map<string, number>();
  private readonly flusher: ReturnType<typeof setInterval>;
  private lastError: string | null = null;
  private closed = false;

  private constructor(
    private readonly settings: RedisSettings,
    private readonly log: CacheLog,
  ) {
    this.keys = new RedisKeys(settings.keyPrefix);
    this.droneStates = new DroneStateWriter(this.keys.droneState, ttlSeconds('droneState'));
    this.clients = Array.from({ length: Math.max(1, settings.poolSize) }, () => {
      const client = createConnection(settings);
      // Without a listener ioredis would throw; one line per distinct error, not one per retry.
      client.on('error', (error: Error) => this.noteError(error));
      client.on('ready', () => {
        if (this.lastError !== null) this.log.info('redis: connected again');
        this.lastError = null;
        // A server that was away may have lost the hashes (no persistence): write them whole.
        this.droneStates.forgetAll();
        // A restarted server has an empty script cache; loading now saves a NOSCRIPT round trip.
        void this.loadScripts(client).catch((e: unknown) => this.noteError(e as Error));
      });
      return client;
    });
    this.flusher = setInterval(() => void this.flushCounters(), COUNTER_FLUSH_MS);
    this.flusher.unref?.();
  }

  /**
   * Connects every connection of the pool. An unreachable server is not fatal (the app runs on
   * the store until it comes back, and the clients keep reconnecting); wrong credentials are,
   * because retrying will never fix them.
   */
  static async connect(settings: RedisSettings, log: CacheLog): Promise<RedisCache> {
    const cache = new RedisCache(settings, log);
    // A wrong password does not fail the connect itself; the first command says so.
    const results = await Promise.allSettled(
      cache.clients.map(async (c) => {
        await c.connect();
        await c.ping();
      }),
    );
    const failure = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
    if (failure) {
      // The AUTH reply arrives as a connection error event, the command fails for want of a
      // ready connection: the recorded error is the one that says why.
      const message =
        cache.lastError ?? redactUrl(String((failure.reason as Error)?.message ?? failure.reason));
      if (/WRONGPASS|NOAUTH|NOPERM|invalid password|invalid username/i.test(message)) {
        await cache.close();
        throw new Error(`Redis refused the credentials in REDIS_URL: ${message}`);
      }
      log.warn(`redis: not reachable at start (${message}); running on the store until it is`);
    }
    return cache;
  }

  private noteError(error: Error): void {
    const message = redactUrl(error.message);
    if (message !== this.lastError && !this.closed) this.log.warn(`redis: ${message}`);
    this.lastError = message;
  }

  private async loadScripts(client: Redis): Promise<void> {
    for (const script of [engagementUpdate, leaderboardPage, leaseRenew, leaseRelease]) {
      await script.load(client);
    }
  }

  /** The next ready connection; with none, an error that says why (not ioredis's "stream isn't writeable"). */
  private client(): Redis {
    for (let tried = 0; tried < this.clients.length; tried++) {
      const client = this.clients[this.next]!;
      this.next = (this.next + 1) % this.clients.length;
      if (client.status === 'ready') return client;
    }
    throw new Error(`Redis unavailable: ${this.lastError ?? 'not connected'}`);
  }

  health(): ComponentHealth {
    const ready = this.clients.filter((c) => c.status === 'ready').length;
    if (ready === this.clients.length) return { kind: this.kind, state: 'up' };
    return {
      kind: this.kind,
      state: ready > 0 ? 'degraded' : 'down',
      detail: this.lastError ?? `connections ready: ${ready}/${this.clients.length}`,
    };
  }

  private count<T>(entity: CacheEntity, value: T | null): T | null {
    const counter = value === null ? this.misses : this.hits;
    counter[entity] = (counter[entity] ?? 0) + 1;
    const key = value === null ? this.keys.misses(entity) : this.keys.hits(entity);
    this.unflushed.set(key, (this.unflushed.get(key) ?? 0) + 1);
    return value;
  }

  private async flushCounters(): Promise<void> {
    if (this.unflushed.size === 0 || !this.clients.some((c) => c.status === 'ready')) return;
    const client = this.client();
    const batch = [...this.unflushed];
    this.unflushed.clear();
    const pipeline = client.pipeline();
    for (const [key, n] of batch) pipeline.incrby(key, n);
    await exec(pipeline).catch(() => {
      // Counters are monitoring, not data: put them back for the next try.
      for (const [key, n] of batch) this.unflushed.set(key, (this.unflushed.get(key) ?? 0) + n);
    });
  }

  /**
   * A telemetry tick's drones, as keyframes and deltas (DroneStateWriter), each chunk one write
   * on the connection; the chunks are in flight together.
   */
  async putDroneStates(drones: readonly Drone[]): Promise<void> {
    if (drones.length === 0) return;
    const client = this.client();
    const now = Date.now();
    const writes: Promise<unknown>[] = [];
    for (let at = 0; at < drones.length; at += DRONE_STATE_CHUNK) {
      const chunk = drones.slice(at, at + DRONE_STATE_CHUNK);
      writes.push(
        this.droneStates
          .encode(chunk, now)
          .send(client)
          .catch((error: unknown) => {
            // Some of the chunk may have landed, some not: its next write is whole.
            this.droneStates.forget(chunk.map((d) => d.id));
            throw error;
          }),
      );
    }
    await Promise.all(writes);
  }

  async getDroneState(droneId: string): Promise<Drone | null> {
    const hash = await this.client().hgetall(this.keys.droneState(droneId));
    const drone = droneFromHash(droneId, hash);
    // Gone or partial (a delta landed on a vanished key): whoever fills the miss writes it whole.
    if (!drone) this.droneStates.forget([droneId]);
    return this.count('droneState', drone);
  }

  async putLatestTelemetry(rows: readonly Telemetry[]): Promise<void> {
    if (rows.length === 0) return;
    const pipeline = this.client().pipeline();
    for (const r of rows) {
      pipeline.set(
        this.keys.telemetryLatest(r.droneId),
        telemetryToJson(r),
        'EX',
        ttlSeconds('telemetryLatest'),
      );
    }
    await exec(pipeline);
  }

  async getLatestTelemetry(droneId: string): Promise<Telemetry | null> {
    const text = await this.client().get(this.keys.telemetryLatest(droneId));
    return this.count('telemetryLatest', telemetryFromJson(text));
  }

  async putRoster(convoyId: string, droneIds: readonly string[]): Promise<void> {
    const key = this.keys.roster(convoyId);
    const multi = this.client().multi().del(key);
    if (droneIds.length > 0) multi.sadd(key, ...droneIds).expire(key, ttlSeconds('convoyRoster'));
    await exec(multi);
  }

  async getRoster(convoyId: string): Promise<string[] | null> {
    const ids = await this.client().smembers(this.keys.roster(convoyId));
    // A set has no order; sorted, the answer is at least the same every time.
    return this.count('convoyRoster', ids.length === 0 ? null : ids.sort());
  }

  async putActiveConvoys(convoyIds: readonly string[]): Promise<void> {
    const key = this.keys.activeConvoys();
    const multi = this.client().multi().del(key);
    if (convoyIds.length > 0)
      multi.rpush(key, ...convoyIds).expire(key, ttlSeconds('activeConvoys'));
    await exec(multi);
  }

  async getActiveConvoys(): Promise<string[] | null> {
    const ids = await this.client().lrange(this.keys.activeConvoys(), 0, -1);
    // Redis keeps no empty list: an empty answer is a missing key, so a miss.
    return this.count('activeConvoys', ids.length === 0 ? null : ids);
  }

  async putConvoySummary(summary: ConvoySummary): Promise<void> {
    const key = this.keys.convoySummary(summary.convoyId);
    await exec(
      this.client()
        .multi()
        .del(key)
        .hset(key, summaryToHash(summary))
        .expire(key, ttlSeconds('convoySummary')),
    );
  }

  async getConvoySummary(convoyId: string): Promise<ConvoySummary | null> {
    const hash = await this.client().hgetall(this.keys.convoySummary(convoyId));
    return this.count('convoySummary', summaryFromHash(convoyId, hash));
  }

  async putMeshTopology(
    convoyId: string,
    neighbours: ReadonlyMap<string, readonly string[]>,
  ): Promise<void> {
    const key = this.keys.meshTopology(convoyId);
    const multi = this.client().multi().del(key);
    if (neighbours.size > 0) {
      const fields: Record<string, string> = {};
      for (const [droneId, ids] of neighbours) fields[droneId] = JSON.stringify(ids);
      multi.hset(key, fields).expire(key, ttlSeconds('meshTopology'));
    }
    await exec(multi);
  }

  async getMeshNeighbours(convoyId: string, droneId: string): Promise<string[] | null> {
    const text = await this.client().hget(this.keys.meshTopology(convoyId), droneId);
    return this.count('meshTopology', parseStringArray(text));
  }

  async putWaypointProgress(droneId: string, progress: WaypointProgress): Promise<void> {
    const key = this.keys.waypointProgress(droneId);
    await exec(
      this.client()
        .multi()
        .hset(key, progressToHash(progress))
        .expire(key, ttlSeconds('waypointProgress')),
    );
  }

  async getWaypointProgress(droneId: string): Promise<WaypointProgress | null> {
    const hash = await this.client().hgetall(this.keys.waypointProgress(droneId));
    return this.count('waypointProgress', progressFromHash(hash));
  }

  async putEngagementStats(droneId: string, stats: EngagementStats): Promise<void> {
    const key = this.keys.engagementStats(droneId);
    await exec(
      this.client()
        .multi()
        .hset(key, statsToHash(stats))
        .expire(key, ttlSeconds('engagementStats')),
    );
  }

  async getEngagementStats(droneId: string): Promise<EngagementStats | null> {
    const hash = await this.client().hgetall(this.keys.engagementStats(droneId));
    return this.count('engagementStats', statsFromHash(hash));
  }

  async loadLeaderboard(convoyId: string, members: readonly LeaderboardMember[]): Promise<void> {
    const board = this.keys.leaderboard(convoyId);
    // One transaction: a reader sees the old board or the new one, never half of each.
    const multi = this.client().multi().del(board);
    for (const m of members) {
      const key = this.keys.engagementStats(m.droneId);
      multi
        .hset(key, {
          ...statsToHash(m.stats),
          callsign: m.callsign,
          convoy_id: convoyId,
          rank_change: '0',
        })
        .expire(key, ttlSeconds('engagementStats'));
    }
    if (members.length > 0) {
      multi.zadd(board, ...members.flatMap((m) => [scoreOf(m.stats), m.droneId]));
      multi.expire(board, ttlSeconds('leaderboard'));
    }
    await exec(multi);
  }

  async updateLeaderboard(
    convoyId: string,
    member: LeaderboardMember,
  ): Promise<{ previousRank: number | null; newRank: number } | null> {
    const s = statsToHash(member.stats);
    const result = (await engagementUpdate.run(
      this.client(),
      [
        this.keys.leaderboard(convoyId),
        this.keys.engagementStats(member.droneId),
        this.keys.droneState(member.droneId),
      ],
      [
        member.droneId,
        scoreOf(member.stats),
        s['total_engagements']!,
        s['successful_hits']!,
        s['current_streak']!,
        s['best_streak']!,
        s['last_engagement']!,
        s['last_result']!,
        member.callsign,
        convoyId,
        ttlSeconds('leaderboard'),
        ttlSeconds('engagementStats'),
        this.keys.engagementStatsPrefix,
      ],
    )) as [number, number] | null;
    if (!result) return null;
    const [previous, next] = result;
    return { previousRank: previous === -1 ? null : previous, newRank: next };
  }

  async leaderboardPage(
    convoyId: string,
    offset: number,
    limit: number,
  ): Promise<{ rows: LeaderboardRow[]; size: number } | null> {
    const reply = (await leaderboardPage.run(
      this.client(),
      [this.keys.leaderboard(convoyId)],
      [offset, Math.min(limit, Number.MAX_SAFE_INTEGER), this.keys.engagementStatsPrefix],
    )) as (string | number)[] | null;
    if (!reply) return this.count('leaderboard', null);
    const size = Number(reply[0]);
    const rows: LeaderboardRow[] = [];
    const FIELDS = 9;
    for (let i = 1; i + FIELDS - 1 < reply.length; i += FIELDS) {
      const [droneId, callsign, total, hits, streak, best, lastAt, lastResult, change] = reply
        .slice(i, i + FIELDS)
        .map(String);
      const stats = statsFromHash({
        total_engagements: total!,
        successful_hits: hits!,
        current_streak: streak!,
        best_streak: best!,
        last_engagement: lastAt!,
        last_result: lastResult!,
      });
      // A member whose stats another program mangled: the board is not usable, so a miss.
      if (!stats) return this.count('leaderboard', null);
      rows.push({
        droneId: droneId!,
        callsign: callsign!,
        stats,
        rank: offset + rows.length + 1,
        rankChange: Number(change) || 0,
      });
    }
    return this.count('leaderboard', { rows, size });
  }

  async countInWindow(scope: string, windowS: number) {
    const key = this.keys.rateLimit(scope, windowS);
    // SET NX starts a window only if none is running; INCR counts; TTL says when it resets.
    const results = await this.client()
      .multi()
      .set(key, '0', 'EX', windowS, 'NX')
      .incr(key)
      .ttl(key)
      .exec();
    const failed = results?.find(([error]) => error);
    if (failed?.[0]) throw failed[0];
    return { count: Number(results![1]![1]), resetInS: Math.max(0, Number(results![2]![1])) };
  }

  async addToMetric(name: string, amount: number, atMs: number): Promise<void> {
    const key = this.keys.metric(name, minuteBucket(atMs));
    await exec(this.client().multi().incrby(key, amount).expire(key, METRIC_TTL_S));
  }

  async metricPerMinute(name: string, fromMs: number, toMs: number): Promise<number[]> {
    const keys: string[] = [];
    for (let t = fromMs - (fromMs % 60_000); t <= toMs; t += 60_000) {
      keys.push(this.keys.metric(name, minuteBucket(t)));
    }
    if (keys.length === 0) return [];
    return (await this.client().mget(...keys)).map((v) => Number(v ?? 0));
  }

  async tryLease(name: string, token: string, ttlS: number) {
    const set = await this.client().set(this.keys.lease(name), token, 'EX', ttlS, 'NX');
    if (set === 'OK') return 'acquired' as const;
    // Ours already (a retried acquire): keep it and extend it.
    const renewed = await this.renewLease(name, token, ttlS);
    return renewed === 'renewed' ? ('acquired' as const) : ('held' as const);
  }

  async renewLease(name: string, token: string, ttlS: number) {
    const renewed = await leaseRenew.run(this.client(), [this.keys.lease(name)], [token, ttlS]);
    return Number(renewed) === 1 ? ('renewed' as const) : ('lost' as const);
  }

  async releaseLease(name: string, token: string): Promise<void> {
    await leaseRelease.run(this.client(), [this.keys.lease(name)], [token]);
  }

  async invalidate(entity: CacheEntity, id: string): Promise<void> {
    await this.client().del(this.keys.of(entity, id));
    // After the delete: a delta encoded meanwhile may have made a partial hash; the next is whole.
    if (entity === 'droneState') this.droneStates.forget([id]);
  }

  /** The seed's bulk invalidation: SCAN for `convoy:*:{id}*` (never KEYS), then the mesh. */
  async invalidateConvoy(convoyId: string): Promise<void> {
    const client = this.client();
    let cursor = '0';
    do {
      const [nextCursor, found] = await client.scan(
        cursor,
        'MATCH',
        this.keys.convoyPattern(convoyId),
        'COUNT',
        SCAN_COUNT,
      );
      cursor = nextCursor;
      if (found.length > 0) await client.unlink(...found);
    } while (cursor !== '0');
    await client.unlink(this.keys.meshTopology(convoyId));
  }

  stats(): CacheStats {
    return { hits: { ...this.hits }, misses: { ...this.misses } };
  }

  async diagnostics(): Promise<CacheDiagnostics> {
    const ready = this.clients.filter((c) => c.status === 'ready');
    let memoryUsedBytes: number | null = null;
    if (ready[0]) {
      const info = await ready[0].info('memory');
      const used = /^used_memory:(\d+)/m.exec(info);
      memoryUsedBytes = used ? Number(used[1]) : null;
    }
    return { memoryUsedBytes, connections: { total: this.clients.length, ready: ready.length } };
  }

  /** For tests and the bench: the connection commands go to next. */
  connection(): Redis {
    return this.client();
  }

  /** Counters as the seed's monitoring keys hold them (this instance's and any other's). */
  async sharedCounters(): Promise<CacheStats> {
    const client = this.client();
    const hits: Record<string, number> = {};
    const misses: Record<string, number> = {};
    const values = await client.mget(
      ...CACHE_ENTITIES.flatMap((e) => [this.keys.hits(e), this.keys.misses(e)]),
    );
    CACHE_ENTITIES.forEach((e, i) => {
      hits[e] = Number(values[2 * i] ?? 0);
      misses[e] = Number(values[2 * i + 1] ?? 0);
    });
    return { hits, misses };
  }

  async close(): Promise<void> {
    if (this.closed) return;
    clearInterval(this.flusher);
    await this.flushCounters().catch(() => undefined);
    this.closed = true;
    await Promise.all(
      this.clients.map((c) =>
        c.status === 'ready' ? c.quit().catch(() => c.disconnect()) : c.disconnect(),
      ),
    );
  }
}

/** The seed's score, accuracy_pct; equal fractions give equal doubles, so ties stay ties. */
function scoreOf(stats: EngagementStats): string {
  return String(accuracyPct(stats.successfulHits, stats.totalEngagements));
}

async function exec(pipeline: ChainableCommander): Promise<void> {
  const results = await pipeline.exec();
  const failed = results?.find(([error]) => error);
  if (failed?.[0]) throw failed[0];
}

function parseStringArray(text: string | null): string[] | null {
  if (text === null) return null;
  try {
    const value: unknown = JSON.parse(text);
    return Array.isArray(value) && value.every((v) => typeof v === 'string') ? value : null;
  } catch {
    return null;
  }
}
