import { execFile, spawnSync } from 'node:child_process';
import { promisify } from 'node:util';
import type { Redis } from 'ioredis';
import type { LeaderboardMember } from '../../src-main/cache/Cache';
import { RedisCache } from '../../src-main/cache/redis/RedisCache';
import { droneToHash } from '../../src-main/cache/redis/redisCodec';
import { createLogger } from '../../src-main/core/logger';
import { applyEngagement, EMPTY_STATS } from '../../src-main/domain/ranking';
import { composeDrone } from '../../src-main/services/droneService';
import { FleetSimulator, type SimDrone } from '../../src-main/simulator/FleetSimulator';
import type { Drone, EngagementStats, Telemetry } from '../../src-shared/model';
import { prng } from '../support/prng';
import { REDIS_SERVER, startRedisServer, type RedisServer } from '../support/redisServer';
import type { BenchLine } from './telemetryIngest.bench';

/**
 * The Redis cache against a real redis-server of its own: drone-state writes at fleet scale
 * beside redis-benchmark's pipelined HSET on the same server, and the engagement script's latency
 * on a loaded leaderboard.
 */
const REDIS_BENCHMARK = process.env['REDIS_BENCHMARK_PATH'] ?? 'redis-benchmark';
const CONVOYS = 4;
const PER_CONVOY = 500;
const SECONDS = Number(process.env['BENCH_REDIS_SECONDS'] ?? 10);
/** Distinct batches cycled through, so consecutive writes never carry the same values. */
const DISTINCT_BATCHES = 30;
const ENGAGEMENT_UPDATES = 5_000;
/** Untimed first runs, so JIT warm-up and the first EVALSHA's script load are not measured. */
const WARMUP_BATCHES = 5;
const WARMUP_UPDATES = 100;

const execFileAsync = promisify(execFile);

function installed(binary: string): boolean {
  return spawnSync(binary, ['--version'], { encoding: 'utf8' }).status === 0;
}

/**
 * Drones as the console's cache sees them: the simulator's telemetry composed with engagement
 * stats that grow with its engagements, built before timing so the loop measures the cache only.
 */
function generateDroneBatches(sim: FleetSimulator): Drone[][] {
  const latest = new Map<string, Telemetry>();
  const stats = new Map<string, EngagementStats>();
  const batches: Drone[][] = [];
  for (let b = 0; b < DISTINCT_BATCHES; b++) {
    const step = sim.step();
    // A LOST drone stops reporting; the cache still holds its last state, so it is written too.
    for (const row of step.telemetry) latest.set(row.droneId, row);
    for (const e of step.engagements) {
      stats.set(
        e.droneId,
        applyEngagement(stats.get(e.droneId) ?? EMPTY_STATS, e.hit, e.recordedAt),
      );
    }
    batches.push(
      sim.fleet.drones.map((d) =>
        composeDrone(d, latest.get(d.id), stats.get(d.id) ?? EMPTY_STATS),
      ),
    );
  }
  return batches;
}

/** Nearest-rank percentile of an ascending array. */
function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.max(0, Math.ceil(p * sorted.length) - 1)] ?? Number.NaN;
}

const ms = (value: number): number => Number(value.toFixed(3));

/**
 * Redis's own accounting (INFO), so that a slow number splits into time in Redis and time in
 * Node. The server is this bench's alone, so resetting its counters disturbs no one.
 */
async function serverMs(client: Redis, commands: readonly string[]): Promise<number> {
  const info = await client.info('commandstats');
  return commands.reduce((sum, c) => {
    const m = new RegExp(`^cmdstat_${c}:.*?[:,]usec=(\\d+)`, 'm').exec(info);
    return sum + Number(m?.[1] ?? 0) / 1000;
  }, 0);
}

async function serverLatency(client: Redis, command: string): Promise<Record<string, number>> {
  const info = await client.info('latencystats');
  const m = new RegExp(`^latency_percentiles_usec_${command}:p50=([\\d.]+),p99=([\\d.]+)`, 'm');
  const found = m.exec(info);
  // A server without latency tracking (before 7.0): the line just lacks the fields.
  if (!found) return {};
  return { server_p50_ms: ms(Number(found[1]) / 1000), server_p99_ms: ms(Number(found[2]) / 1000) };
}

async function droneStateWrites(cache: RedisCache, batches: readonly Drone[][]) {
  for (let i = 0; i < WARMUP_BATCHES; i++) await cache.putDroneStates(batches[i % batches.length]!);
  const stats = cache.connection();
  await stats.config('RESETSTAT');
  const latencies: number[] = [];
  let drones = 0;
  const started = performance.now();
  const deadline = started + SECONDS * 1000;
  // One batch in flight at a time, as the telemetry service issues them.
  for (let i = 0; performance.now() < deadline; i++) {
    const batch = batches[i % batches.length]!;
    const t0 = performance.now();
    await cache.putDroneStates(batch);
    latencies.push(performance.now() - t0);
    drones += batch.length;
  }
  const seconds = (performance.now() - started) / 1000;
  return {
    rate: drones / seconds,
    latencies: latencies.sort((a, b) => a - b),
    redisMs: await serverMs(stats, ['hset', 'expire']),
  };
}

/** redis-benchmark's pipelined requests against the same server: what Redis does unhindered. */
async function redisBenchmark(port: number, test: readonly string[]): Promise<number> {
  const { stdout } = await execFileAsync(REDIS_BENCHMARK, [
    ...['-h', '127.0.0.1', '-p', String(port), '-P', '16', '-n', '200000', '-q', '--csv'],
    ...test,
  ]);
  // A header ("test","rps",...), then the test's row: "HSET","554016.62",...
  const row = stdout.split('\n').filter((l) => l.startsWith('"'))[1] ?? '';
  const rps = Number(/","([\d.]+)"/.exec(row)?.[1]);
  if (!Number.isFinite(rps) || rps <= 0) {
    throw new Error(`unreadable redis-benchmark output: ${stdout}`);
  }
  return rps;
}

/** A board of drones that have each flown a random number of engagements at their own skill. */
function randomMembers(
  drones: readonly SimDrone[],
  rand: () => number,
  at: number,
): LeaderboardMember[] {
  return drones.map((d) => {
    let stats = EMPTY_STATS;
    const engagements = Math.floor(rand() * 80);
    for (let k = 0; k < engagements; k++) {
      stats = applyEngagement(stats, rand() < d.hitProbability, at - (engagements - k) * 60_000);
    }
    return { droneId: d.id, callsign: d.callsign, stats };
  });
}

async function engagementLines(
  name: string,
  cache: RedisCache,
  convoyId: string,
  drones: readonly SimDrone[],
  rand: () => number,
  startAt: number,
): Promise<BenchLine[]> {
  const members = randomMembers(drones, rand, startAt);
  await cache.loadLeaderboard(convoyId, members);
  const latencies: number[] = [];
  let at = startAt;
  for (let k = 0; k < WARMUP_UPDATES + ENGAGEMENT_UPDATES; k++) {
    if (k === WARMUP_UPDATES) await cache.connection().config('RESETSTAT');
    const j = Math.floor(rand() * members.length);
    const m = members[j]!;
    at += 1000;
    const next = { ...m, stats: applyEngagement(m.stats, rand() < drones[j]!.hitProbability, at) };
    members[j] = next;
    const t0 = performance.now();
    const result = await cache.updateLeaderboard(convoyId, next);
    const elapsed = performance.now() - t0;
    // A miss would time a script that returned early, not the update.
    if (!result) throw new Error(`leaderboard of ${convoyId} was not cached`);
    if (k >= WARMUP_UPDATES) latencies.push(elapsed);
  }
  // The script's time inside Redis beside the round trip: the difference is network and Node.
  const server = await serverLatency(cache.connection(), 'evalsha');
  latencies.sort((a, b) => a - b);
  const mean = latencies.reduce((s, v) => s + v, 0) / latencies.length;
  const common = { unit: 'ms', members: drones.length, updates: latencies.length };
  return [
    {
      bench: `${name}_p99_ms`,
      value: ms(percentile(latencies, 0.99)),
      ...common,
      ...server,
      target: 2,
    },
    { bench: `${name}_p50_ms`, value: ms(percentile(latencies, 0.5)), ...common },
    { bench: `${name}_mean_ms`, value: ms(mean), ...common },
  ];
}

export async function* redisCacheBenches(): AsyncGenerator<BenchLine> {
  const missing = [REDIS_SERVER, REDIS_BENCHMARK].filter((b) => !installed(b));
  if (missing.length > 0) {
    yield {
      bench: 'redis.skipped',
      value: 0,
      unit: 'none',
      reason: `not installed: ${missing.join(', ')} (apt-get install redis-server redis-tools)`,
    };
    return;
  }

  let server: RedisServer | null = null;
  let cache: RedisCache | null = null;
  try {
    server = await startRedisServer();
    cache = await RedisCache.connect(
      { url: server.url, poolSize: 2, keyPrefix: '' },
      createLogger('warn'),
    );
    const sim = new FleetSimulator({
      seed: 42,
      convoys: CONVOYS,
      dronesPerConvoy: PER_CONVOY,
      engagementsPerDroneHour: 30,
      startTime: Date.UTC(2026, 0, 1),
    });
    const batches = generateDroneBatches(sim);

    const writes = await droneStateWrites(cache, batches);
    const batchCount = writes.latencies.length;
    yield {
      bench: 'redis.drone_state_updates_per_s',
      value: Math.round(writes.rate),
      unit: 'drones/s',
      batch: CONVOYS * PER_CONVOY,
      batches: batchCount,
      seconds: SECONDS,
      poolSize: 2,
      batch_p50_ms: ms(percentile(writes.latencies, 0.5)),
      batch_p99_ms: ms(percentile(writes.latencies, 0.99)),
      // HSET and EXPIRE as Redis timed them: the rest of a batch is the client and the wire.
      redis_ms_per_batch: ms(writes.redisMs / batchCount),
      target: 50_000,
    };

    const hset = await redisBenchmark(server.port, ['-t', 'hset']);
    yield {
      bench: 'redis.benchmark_hset_per_s',
      value: Math.round(hset),
      unit: 'requests/s',
      command: 'redis-benchmark -P 16 -t hset -n 200000 (50 clients, 1 field of 3 bytes)',
    };
    yield {
      bench: 'redis.drone_updates_vs_hset',
      value: Number((writes.rate / hset).toFixed(3)),
      unit: 'ratio',
      note:
        'a drone update is an HSET of its changed fields (all 19 plus EXPIRE every 10th write: ' +
        'schema/redis/cache_schema.md); the one-field HSET is the ceiling, not a like-for-like',
    };
    // The fairer baseline: the same 19 fields a drone update writes, in the same pipelining.
    const fields = Object.entries(droneToHash(batches[0]![0]!)).flat();
    const droneHset = await redisBenchmark(server.port, [
      ...['-r', String(CONVOYS * PER_CONVOY), 'HSET', 'drone:state:__rand_int__', ...fields],
    ]);
    yield {
      bench: 'redis.benchmark_drone_hset_per_s',
      value: Math.round(droneHset),
      unit: 'requests/s',
      command: `redis-benchmark -P 16 -n 200000 -r 2000 HSET drone:state:__rand_int__ <the ${fields.length / 2} fields of a drone>`,
      ratio: Number((writes.rate / droneHset).toFixed(3)),
    };

    // Convoy 0's drone states were just written, so the script also updates them, as it does live.
    const rand = prng(7);
    const [first, second] = sim.fleet.convoys;
    const board = sim.fleet.drones.filter((d) => d.convoyId === first!.id);
    yield* await engagementLines(
      'redis.engagement_script',
      cache,
      first!.id,
      board,
      rand,
      sim.simTime,
    );
    const small = sim.fleet.drones.filter((d) => d.convoyId === second!.id).slice(0, 12);
    yield* await engagementLines(
      'redis.engagement_script_12_members',
      cache,
      second!.id,
      small,
      rand,
      sim.simTime,
    );
  } finally {
    await cache?.close();
    await server?.stop();
  }
}
