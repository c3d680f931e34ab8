import { describe, expect, it } from 'vitest';
import { CACHE_ENTITIES, CACHE_TTL_SECONDS, type CacheEntity } from '../../src-shared/constants';
import type { ConvoySummary, Drone, EngagementStats, Telemetry } from '../../src-shared/model';
import type { LeaderboardMember, WaypointProgress } from '../../src-main/cache/Cache';
import { MemoryCache } from '../../src-main/cache/memory/MemoryCache';

const CONVOY_A = '0b9d4c62-3f1a-4e8b-9c2d-7a6e5f4d3c21';
const CONVOY_B = '1c8e5d73-4a2b-4f9c-8d3e-8b7f6a5e4d32';
const DRONE_1 = '2d7f6e84-5b3c-4a0d-9e4f-9c8a7b6f5e43';
const DRONE_2 = '3e6a7f95-6c4d-4b1e-8f5a-ad9b8c7a6f54';

const drone = (id: string): Drone => ({
  id,
  convoyId: CONVOY_A,
  callsign: `VIPER-${id.slice(0, 4)}`,
  platformType: 'MQ9_REAPER',
  status: 'AIRBORNE',
  lat: 34.5,
  lon: 69.2,
  altitudeM: 5000,
  headingDeg: 90,
  speedMps: 80,
  fuelPct: 70,
  currentWaypoint: 3,
  distanceToNextKm: 4.2,
  totalEngagements: 2,
  successfulHits: 1,
  accuracyPct: 50,
  currentStreak: 0,
  bestStreak: 1,
  meshConnectivity: 0.9,
  updatedAt: 1,
});
const telemetry = (droneId: string): Telemetry => ({
  droneId,
  recordedAt: 5,
  lat: 34.5,
  lon: 69.2,
  altitudeM: 5000,
  headingDeg: 90,
  speedMps: 80,
  fuelPct: 70,
  currentWaypoint: 3,
  distanceToNextKm: 4.2,
  meshConnectivity: 0.9,
  status: 'LOITER',
});
const summary = (convoyId: string): ConvoySummary => ({
  convoyId,
  callsign: 'VIPER',
  missionType: 'ISR',
  status: 'ACTIVE',
  droneCount: 12,
  airborneCount: 10,
  totalEngagements: 20,
  totalHits: 15,
  avgAccuracyPct: 75,
  avgFuelPct: 60,
  missionStart: 0,
  updatedAt: 9,
});
const engagementStats = (hits: number, total: number): EngagementStats => ({
  totalEngagements: total,
  successfulHits: hits,
  currentStreak: 0,
  bestStreak: Math.min(hits, 1),
  lastEngagementAt: 7,
  lastResult: 'MISS',
});
const progress: WaypointProgress = {
  totalWaypoints: 25,
  currentWaypoint: 5,
  completedWaypoints: 4,
  progressPct: 16,
  etaFinal: null,
};
const member = (droneId: string, hits: number, total: number): LeaderboardMember => ({
  droneId,
  callsign: `CS-${droneId.slice(0, 4)}`,
  stats: engagementStats(hits, total),
});

/** The seed's TTL table (DESIGN.md, Storage): the constants must say the same. */
const SEED_TTL_S: Record<CacheEntity, number> = {
  leaderboard: 300,
  droneState: 60,
  convoyRoster: 3600,
  telemetryLatest: 10,
  engagementStats: 300,
  convoySummary: 120,
  activeConvoys: 300,
  meshTopology: 30,
  waypointProgress: 120,
};

interface EntityCase {
  /** Caches a value under `id` (a convoy id or a drone id, as the entity is keyed). */
  put(cache: MemoryCache, id: string): Promise<void>;
  get(cache: MemoryCache, id: string): Promise<unknown>;
  /** What `get` returns while the entry lives. */
  expected(id: string): unknown;
  id: string;
  otherId: string;
}

const cases: Record<CacheEntity, EntityCase> = {
  telemetryLatest: {
    put: (c, id) => c.putLatestTelemetry([telemetry(id)]),
    get: (c, id) => c.getLatestTelemetry(id),
    expected: (id) => telemetry(id),
    id: DRONE_1,
    otherId: DRONE_2,
  },
  droneState: {
    put: (c, id) => c.putDroneStates([drone(id)]),
    get: (c, id) => c.getDroneState(id),
    expected: (id) => drone(id),
    id: DRONE_1,
    otherId: DRONE_2,
  },
  convoySummary: {
    put: (c, id) => c.putConvoySummary(summary(id)),
    get: (c, id) => c.getConvoySummary(id),
    expected: (id) => summary(id),
    id: CONVOY_A,
    otherId: CONVOY_B,
  },
  leaderboard: {
    put: (c, id) => c.loadLeaderboard(id, [member(DRONE_1, 1, 2), member(DRONE_2, 2, 2)]),
    get: (c, id) => c.leaderboardPage(id, 0, 10),
    expected: () => ({
      size: 2,
      rows: [
        { ...member(DRONE_2, 2, 2), rank: 1, rankChange: 0 },
        { ...member(DRONE_1, 1, 2), rank: 2, rankChange: 0 },
      ],
    }),
    id: CONVOY_A,
    otherId: CONVOY_B,
  },
  engagementStats: {
    put: (c, id) => c.putEngagementStats(id, engagementStats(3, 4)),
    get: (c, id) => c.getEngagementStats(id),
    expected: () => engagementStats(3, 4),
    id: DRONE_1,
    otherId: DRONE_2,
  },
  activeConvoys: {
    put: (c) => c.putActiveConvoys([CONVOY_A, CONVOY_B]),
    get: (c) => c.getActiveConvoys(),
    expected: () => [CONVOY_A, CONVOY_B],
    id: CONVOY_A,
    otherId: CONVOY_B,
  },
  waypointProgress: {
    put: (c, id) => c.putWaypointProgress(id, progress),
    get: (c, id) => c.getWaypointProgress(id),
    expected: () => progress,
    id: DRONE_1,
    otherId: DRONE_2,
  },
  meshTopology: {
    put: (c, id) => c.putMeshTopology(id, new Map([[DRONE_1, [DRONE_2]]])),
    get: (c, id) => c.getMeshNeighbours(id, DRONE_1),
    expected: () => [DRONE_2],
    id: CONVOY_A,
    otherId: CONVOY_B,
  },
  convoyRoster: {
    put: (c, id) => c.putRoster(id, [DRONE_1, DRONE_2]),
    get: (c, id) => c.getRoster(id),
    expected: () => [DRONE_1, DRONE_2],
    id: CONVOY_A,
    otherId: CONVOY_B,
  },
};

function clockedCache() {
  const clock = { t: 1_700_000_000_000 };
  return { clock, cache: new MemoryCache(() => clock.t) };
}

describe('MemoryCache', () => {
  it('has a case for every cache entity, and the TTL constants match the seed', () => {
    expect(Object.keys(cases).sort()).toEqual([...CACHE_ENTITIES].sort());
    expect({ ...CACHE_TTL_SECONDS }).toEqual(SEED_TTL_S);
  });

  it('reports itself as an in-process cache that is up', async () => {
    const { cache } = clockedCache();
    expect(cache.kind).toBe('memory');
    expect(cache.health()).toEqual({ kind: 'memory', state: 'up' });
    await cache.close();
  });

  describe.each(CACHE_ENTITIES)('%s', (entity) => {
    const c = cases[entity];
    const ttlMs = SEED_TTL_S[entity] * 1000;

    it(`keeps an entry for its TTL (${SEED_TTL_S[entity]} s) and not a millisecond longer`, async () => {
      const { clock, cache } = clockedCache();
      expect(await c.get(cache, c.id)).toBeNull();
      await c.put(cache, c.id);
      expect(await c.get(cache, c.id)).toEqual(c.expected(c.id));
      clock.t += ttlMs - 1;
      expect(await c.get(cache, c.id)).toEqual(c.expected(c.id));
      clock.t += 1;
      expect(await c.get(cache, c.id)).toBeNull();
      await cache.close();
    });

    it('counts hits and misses for this entity only', async () => {
      const { clock, cache } = clockedCache();
      expect(cache.stats()).toEqual({ hits: {}, misses: {} });
      await c.get(cache, c.id); // miss
      await c.put(cache, c.id);
      await c.get(cache, c.id); // hit
      await c.get(cache, c.id); // hit
      clock.t += ttlMs;
      await c.get(cache, c.id); // miss: expired
      expect(cache.stats()).toEqual({ hits: { [entity]: 2 }, misses: { [entity]: 2 } });
      await cache.close();
    });

    it('returns stats that are a snapshot, not the live counters', async () => {
      const { cache } = clockedCache();
      const before = cache.stats();
      await c.get(cache, c.id);
      expect(before).toEqual({ hits: {}, misses: {} });
      await cache.close();
    });

    if (entity !== 'activeConvoys') {
      it('invalidate drops this id’s entry and leaves other ids alone', async () => {
        const { cache } = clockedCache();
        await c.put(cache, c.id);
        await c.put(cache, c.otherId);
        await cache.invalidate(entity, c.id);
        expect(await c.get(cache, c.id)).toBeNull();
        expect(await c.get(cache, c.otherId)).toEqual(c.expected(c.otherId));
        await cache.close();
      });
    }
  });

  // Regression test for a fixed bug (src-main/cache/memory/MemoryCache.ts, invalidate): the active-convoy list is stored
  // under the private key 'all', and invalidate('activeConvoys', id) deletes `id`, so it drops
  // the list only if the caller happens to pass 'all'. Any real id leaves a stale list for up to
  // 300 s. (Redis keeps it under one id-less key, convoys:active.)
  it('invalidate("activeConvoys", id) drops the active-convoy list', async () => {
    const { cache } = clockedCache();
    try {
      await cache.putActiveConvoys([CONVOY_A, CONVOY_B]);
      await cache.invalidate('activeConvoys', CONVOY_A);
      expect(await cache.getActiveConvoys()).toBeNull();
    } finally {
      await cache.close();
    }
  });

  it('copies arrays and maps it is given', async () => {
    const { cache } = clockedCache();
    const roster = [DRONE_1];
    const active = [CONVOY_A];
    const neighbours = [DRONE_2];
    await cache.putRoster(CONVOY_A, roster);
    await cache.putActiveConvoys(active);
    await cache.putMeshTopology(CONVOY_A, new Map([[DRONE_1, neighbours]]));
    roster.push(DRONE_2);
    active.push(CONVOY_B);
    neighbours.push(DRONE_1);
    expect(await cache.getRoster(CONVOY_A)).toEqual([DRONE_1]);
    expect(await cache.getActiveConvoys()).toEqual([CONVOY_A]);
    expect(await cache.getMeshNeighbours(CONVOY_A, DRONE_1)).toEqual([DRONE_2]);
    expect(await cache.getMeshNeighbours(CONVOY_A, DRONE_2)).toBeNull(); // not in the topology
    await cache.close();
  });

  describe('updateLeaderboard', () => {
    it('returns null when no board is loaded for the convoy', async () => {
      const { cache } = clockedCache();
      expect(await cache.updateLeaderboard(CONVOY_A, member(DRONE_1, 1, 1))).toBeNull();
      await cache.loadLeaderboard(CONVOY_B, [member(DRONE_2, 1, 1)]);
      expect(await cache.updateLeaderboard(CONVOY_A, member(DRONE_1, 1, 1))).toBeNull();
      // ...and it did not create one.
      expect(await cache.leaderboardPage(CONVOY_A, 0, 10)).toBeNull();
      await cache.close();
    });

    it('returns null once the board has expired', async () => {
      const { clock, cache } = clockedCache();
      await cache.loadLeaderboard(CONVOY_A, [member(DRONE_1, 1, 2)]);
      clock.t += SEED_TTL_S.leaderboard * 1000;
      expect(await cache.updateLeaderboard(CONVOY_A, member(DRONE_1, 2, 3))).toBeNull();
      await cache.close();
    });

    it('returns the previous and new rank, and the page shows the new order', async () => {
      const { cache } = clockedCache();
      await cache.loadLeaderboard(CONVOY_A, [member(DRONE_1, 1, 2), member(DRONE_2, 2, 2)]);
      expect(await cache.updateLeaderboard(CONVOY_A, member(DRONE_1, 3, 3))).toEqual({
        previousRank: 2,
        newRank: 1,
      });
      const page = await cache.leaderboardPage(CONVOY_A, 0, 10);
      expect(page?.rows.map((row) => [row.droneId, row.rank, row.rankChange])).toEqual([
        [DRONE_1, 1, 1],
        [DRONE_2, 2, -1],
      ]);
      await cache.close();
    });

    it('extends the board’s TTL on each update', async () => {
      const { clock, cache } = clockedCache();
      const ttlMs = SEED_TTL_S.leaderboard * 1000;
      await cache.loadLeaderboard(CONVOY_A, [member(DRONE_1, 1, 2)]);
      clock.t += ttlMs - 1;
      expect(await cache.updateLeaderboard(CONVOY_A, member(DRONE_1, 2, 3))).not.toBeNull();
      clock.t += ttlMs - 1; // 2 × ttl − 2 after load, ttl − 1 after the update
      expect(await cache.leaderboardPage(CONVOY_A, 0, 10)).not.toBeNull();
      clock.t += 1;
      expect(await cache.leaderboardPage(CONVOY_A, 0, 10)).toBeNull();
      await cache.close();
    });

    it('loadLeaderboard replaces a convoy’s board', async () => {
      const { cache } = clockedCache();
      await cache.loadLeaderboard(CONVOY_A, [member(DRONE_1, 1, 2), member(DRONE_2, 2, 2)]);
      await cache.loadLeaderboard(CONVOY_A, [member(DRONE_1, 0, 1)]);
      const page = await cache.leaderboardPage(CONVOY_A, 0, 10);
      expect(page?.size).toBe(1);
      expect(page?.rows.map((row) => row.droneId)).toEqual([DRONE_1]);
      await cache.close();
    });
  });

  it('invalidateConvoy drops the convoy’s leaderboard, summary, roster and mesh, and nothing else', async () => {
    const { cache } = clockedCache();
    const convoyKeyed: CacheEntity[] = [
      'leaderboard',
      'convoySummary',
      'convoyRoster',
      'meshTopology',
    ];
    const droneKeyed: CacheEntity[] = [
      'droneState',
      'telemetryLatest',
      'engagementStats',
      'waypointProgress',
    ];
    for (const e of convoyKeyed) {
      await cases[e].put(cache, CONVOY_A);
      await cases[e].put(cache, CONVOY_B);
    }
    for (const e of droneKeyed) await cases[e].put(cache, DRONE_1);
    await cases.activeConvoys.put(cache, CONVOY_A);

    await cache.invalidateConvoy(CONVOY_A);

    for (const e of convoyKeyed) {
      expect(await cases[e].get(cache, CONVOY_A), e).toBeNull();
      expect(await cases[e].get(cache, CONVOY_B), e).toEqual(cases[e].expected(CONVOY_B));
    }
    for (const e of droneKeyed)
      expect(await cases[e].get(cache, DRONE_1), e).toEqual(cases[e].expected(DRONE_1));
    expect(await cache.getActiveConvoys()).toEqual([CONVOY_A, CONVOY_B]);
    await cache.close();
  });
});
