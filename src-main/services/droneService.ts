import { notFound } from '../../src-shared/errors';
import type { Drone, EngagementStats, Telemetry, Waypoint } from '../../src-shared/model';
import { accuracyPct } from '../domain/ranking';
import type { Cache } from '../cache/Cache';
import type { DroneRecord, Store } from '../store/Store';
import { cacheAside, type CacheAsideSides } from '../strategies/cacheAside';
import { ReadThroughReader } from '../strategies/readThrough';
import type { CacheStrategies } from '../strategies/strategyConfig';
import type { EngagementService } from './engagementService';
import type { FleetRegistry } from './fleetRegistry';
import type { TelemetryService } from './telemetryService';

/** A drone that has never reported: on the ground, where nothing is known yet. */
const NO_TELEMETRY: Omit<Telemetry, 'droneId'> = {
  recordedAt: 0,
  lat: 0,
  lon: 0,
  altitudeM: 0,
  headingDeg: 0,
  speedMps: 0,
  fuelPct: 0,
  currentWaypoint: 0,
  distanceToNextKm: 0,
  meshConnectivity: 0,
  status: 'GROUNDED',
};

export function composeDrone(
  record: DroneRecord,
  row: Telemetry | undefined,
  stats: EngagementStats,
): Drone {
  const t = row ?? { ...NO_TELEMETRY, droneId: record.id };
  return {
    id: record.id,
    convoyId: record.convoyId,
    callsign: record.callsign,
    platformType: record.platformType,
    status: t.status,
    lat: t.lat,
    lon: t.lon,
    altitudeM: t.altitudeM,
    headingDeg: t.headingDeg,
    speedMps: t.speedMps,
    fuelPct: t.fuelPct,
    currentWaypoint: t.currentWaypoint,
    distanceToNextKm: t.distanceToNextKm,
    totalEngagements: stats.totalEngagements,
    successfulHits: stats.successfulHits,
    accuracyPct: accuracyPct(stats.successfulHits, stats.totalEngagements),
    currentStreak: stats.currentStreak,
    bestStreak: stats.bestStreak,
    meshConnectivity: t.meshConnectivity,
    updatedAt: t.recordedAt,
  };
}

/** One drone's current state: fixed facts, newest telemetry and engagement record together. */
export class DroneService {
  /** The two sides of `drone:state`: the cache, and the state composed here as the loader. */
  private readonly sides: CacheAsideSides<string, Drone>;
  private readonly reader: ReadThroughReader<string, Drone> | null;

  constructor(
    private readonly registry: FleetRegistry,
    private readonly telemetry: TelemetryService,
    private readonly engagements: EngagementService,
    private readonly store: Store,
    cache: Cache,
    strategy: CacheStrategies['droneState'] = 'cache-aside',
  ) {
    this.sides = {
      readCache: (droneId) => cache.getDroneState(droneId),
      load: (droneId) => this.compose(droneId),
      fillCache: (_droneId, drone) => cache.putDroneStates([drone]),
      // Fresh when as new as this instance's newest telemetry (or this instance has none:
      // another instance flies the drone).
      isFresh: (cached, droneId) => {
        const local = this.telemetry.latest(droneId);
        return !local || cached.updatedAt >= local.recordedAt;
      },
    };
    this.reader = strategy === 'read-through' ? new ReadThroughReader(this.sides) : null;
  }

  /**
   * `drone:state` through the configured strategy (cache-aside by default, or read-through, which
   * also shares concurrent misses): the cached state when it is fresh, else composed here and
   * cached for the next reader. A cache that fails counts as a miss.
   */
  async get(droneId: string): Promise<Drone> {
    if (!this.registry.drone(droneId)) throw notFound('drone', droneId);
    return this.reader ? this.reader.get(droneId) : cacheAside(droneId, this.sides);
  }

  private async compose(droneId: string): Promise<Drone> {
    const record = this.registry.drone(droneId);
    if (!record) throw notFound('drone', droneId);
    const local = this.telemetry.latest(droneId);
    const stats = await this.engagements.currentStats(droneId);
    return composeDrone(record, local, stats);
  }

  async waypoints(droneId: string): Promise<Waypoint[]> {
    if (!this.registry.drone(droneId)) throw notFound('drone', droneId);
    return this.store.getWaypoints(droneId);
  }
}
