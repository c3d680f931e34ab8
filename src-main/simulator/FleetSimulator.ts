import { WAYPOINTS_PER_DRONE } from '../../src-shared/constants';
import type {
  BoundingBox,
  Convoy,
  DroneStatus,
  PlatformType,
  Telemetry,
  Waypoint,
  WeaponType,
} from '../../src-shared/model';
import { WEAPON_TYPES } from '../../src-shared/model';
import { bearingDeg, destination, distanceM, type LatLon } from '../domain/geo';
import { type DronePlan, planFleet } from './fleetPlan';
import { approachAltitude, clampToBox, normalizeDeg } from './flight';
import { MeshGrid } from './meshGrid';
import { deriveSeed, Rng, uuidFrom } from './random';

export interface SimulatorConfig {
  /** Same seed => same fleet, same ids, same telemetry sequence. */
  seed: number;
  convoys: number;
  dronesPerConvoy: number;
  /** Mean random engagement rate per drone on station (airborne, loitering or engaging). */
  engagementsPerDroneHour: number;
  /** Epoch ms of the simulation clock at tick 0. */
  startTime: number;
}

/** A fixed start time rather than `Date.now()`, so that a config left at defaults is reproducible. */
export const DEFAULT_SIMULATOR_CONFIG: Readonly<SimulatorConfig> = {
  seed: 1,
  convoys: 3,
  dronesPerConvoy: 12,
  engagementsPerDroneHour: 30,
  startTime: Date.UTC(2025, 0, 1, 4, 30),
};

export interface SimDrone {
  id: string;
  convoyId: string;
  callsign: string;
  platformType: PlatformType;
  hitProbability: number;
}

export interface Fleet {
  convoys: Convoy[];
  drones: SimDrone[];
  /** WAYPOINTS_PER_DRONE per drone in drone order, seq 0..24, eta at planned cruise speed. */
  waypoints: Waypoint[];
}

export interface SimEngagement {
  /** Drawn from the seed like every other id, so a seeded run records the same engagements. */
  id: string;
  convoyId: string;
  droneId: string;
  hit: boolean;
  weaponType: WeaponType;
  targetId: string;
  targetLat: number;
  targetLon: number;
  damageAssessment: string;
  recordedAt: number;
}

export interface StepResult {
  /** Epoch ms after this step. */
  simTime: number;
  /** One row per drone still reporting; LOST drones report nothing. */
  telemetry: Telemetry[];
  engagements: SimEngagement[];
  /** Waypoints reached this step. */
  arrivals: { droneId: string; seq: number; arrivedAt: number }[];
}

/** Radio range of the convoy mesh. */
export const MESH_RANGE_M = 40_000;
const STEP_MS = 1000;
const STEP_STREAM = 3;
const LOITER_CHANCE = 0.15;
const LOITER_S = { min: 20, max: 120 };
const LOITER_SPEED_FACTOR = 0.75;
const LOITER_BURN_FACTOR = 0.85;
const ENGAGING_S = { min: 3, max: 8 };
const TARGET_DISTANCE_M = { min: 400, max: 4_000 };
const RTB_FUEL_PCT = 20;
/**
 * Time on the ground between sorties: refuel and relaunch on the same patrol, so a long-running
 * GCS (or one resumed the next day) keeps flying rather than showing a fleet parked for good.
 */
export const TURNAROUND_MS = 30 * 60_000;
/** Bingo fuel: what it takes to fly home at cruise plus this reserve, if above RTB_FUEL_PCT. */
const LANDING_RESERVE_PCT = 5;
const MAX_CLIMB_MPS = 12;
/** Glide slope of the approach home: one metre down per 20 m flown. */
const APPROACH_SLOPE = 0.05;
const APPROACH_CEILING_M = 3_000;
const LAST_WAYPOINT = WAYPOINTS_PER_DRONE - 1;

/**
 * How a drone is flying. The reported status follows from it (see `statusOf`), except ENGAGING,
 * which overlays ROUTE or ORBIT for a few seconds after a shot.
 */
type FlightMode = 'ROUTE' | 'ORBIT' | 'RTB' | 'LANDED' | 'LOST';

interface DroneState {
  mode: FlightMode;
  lat: number;
  lon: number;
  altitudeM: number;
  headingDeg: number;
  speedMps: number;
  fuelPct: number;
  /** Index of the waypoint being flown to; stays at the last one once the route is flown. */
  next: number;
  distanceToNextKm: number;
  engagingUntil: number;
  orbitCentre: LatLon;
  orbitRadiusM: number;
  /** Bearing from the orbit centre to the drone. */
  orbitAngleDeg: number;
  loiterUntil: number;
  /** When the drone last touched down (meaningful while LANDED). */
  landedAt: number;
}

/**
 * A deterministic fleet: convoys launching from airfields of the AOR, flying 25-waypoint patrols
 * at 1 Hz, loitering, engaging, returning to base on bingo fuel and landing. Every random draw of
 * a tick comes from a stream keyed by (seed, tick), so a run is reproducible from its seed and a
 * restored run draws from the same streams as the run it resumes, not from a replay of it.
 */
export class FleetSimulator {
  readonly config: SimulatorConfig;
  readonly fleet: Fleet;
  private readonly plans: DronePlan[];
  private readonly bbox: BoundingBox;
  private readonly states: DroneState[];
  private readonly indexById = new Map<string, number>();
  private readonly convoySize: Int32Array;
  private readonly mesh: MeshGrid;
  private neighbourCache = new Map<number, readonly string[]>();
  private time: number;

  constructor(config: Partial<SimulatorConfig> = {}) {
    this.config = { ...DEFAULT_SIMULATOR_CONFIG, ...config };
    validate(this.config);
    const plan = planFleet(this.config);
    this.fleet = plan.fleet;
    this.plans = plan.drones;
    this.bbox = plan.bbox;
    this.time = this.config.startTime;
    this.plans.forEach((p, i) => this.indexById.set(p.drone.id, i));
    this.states = this.plans.map((p) => this.freshState(p));
    const convoyOf = Int32Array.from(this.plans, (p) => p.convoyIndex);
    this.convoySize = new Int32Array(this.config.convoys);
    for (const c of convoyOf) this.convoySize[c] = (this.convoySize[c] ?? 0) + 1;
    this.mesh = new MeshGrid(this.bbox, MESH_RANGE_M, convoyOf, this.config.convoys);
    this.updateMesh();
  }

  get simTime(): number {
    return this.time;
  }

  /**
   * Resume from stored state (the last telemetry of each drone and the sim time), e.g. after an
   * app restart on the same data file. Drones not in the map start fresh from their base.
   */
  restore(lastTelemetry: ReadonlyMap<string, Telemetry>, simTime: number): void {
    if (!Number.isSafeInteger(simTime) || simTime < 0) {
      throw new RangeError(`simTime must be a non-negative integer epoch ms, got ${simTime}`);
    }
    this.time = simTime;
    this.plans.forEach((plan, i) => {
      const row = lastTelemetry.get(plan.drone.id);
      this.states[i] = row ? this.restoredState(plan, row) : this.freshState(plan);
    });
    this.updateMesh();
  }

  /** Advance the simulation by exactly one simulated second. */
  step(): StepResult {
    const now = this.time + STEP_MS;
    const rng = new Rng(
      deriveSeed(this.config.seed, STEP_STREAM, (now - this.config.startTime) / STEP_MS),
    );
    const engagementChance = this.config.engagementsPerDroneHour / 3600;
    const engagements: SimEngagement[] = [];
    const arrivals: StepResult['arrivals'] = [];

    for (let i = 0; i < this.plans.length; i++) {
      const plan = this.plans[i] as DronePlan;
      const s = this.states[i] as DroneState;
      if (s.mode === 'LOST') continue;
      if (s.mode === 'LANDED') {
        if (now - s.landedAt < TURNAROUND_MS) continue;
        this.states[i] = { ...this.freshState(plan), fuelPct: 100 };
        continue;
      }
      if (plan.lostAt !== null && now >= plan.lostAt) {
        s.mode = 'LOST';
        continue;
      }
      this.fly(plan, s, now, rng, arrivals);
      if ((s.mode === 'ROUTE' || s.mode === 'ORBIT') && rng.chance(engagementChance)) {
        engagements.push(this.engage(plan, s, now, rng));
      }
    }

    this.time = now;
    this.updateMesh();
    const telemetry: Telemetry[] = [];
    for (let i = 0; i < this.plans.length; i++) {
      const s = this.states[i] as DroneState;
      if (s.mode === 'LOST') continue;
      const peers = (this.convoySize[(this.plans[i] as DronePlan).convoyIndex] ?? 1) - 1;
      telemetry.push({
        droneId: (this.plans[i] as DronePlan).drone.id,
        recordedAt: now,
        lat: s.lat,
        lon: s.lon,
        altitudeM: s.altitudeM,
        headingDeg: s.headingDeg,
        speedMps: s.speedMps,
        fuelPct: s.fuelPct,
        currentWaypoint: s.next,
        distanceToNextKm: s.distanceToNextKm,
        meshConnectivity: peers > 0 ? this.mesh.linkCount(i) / peers : 1,
        status: statusOf(s, now),
      });
    }
    return { simTime: now, telemetry, engagements, arrivals };
  }

  /** Current mesh neighbours per drone id (linked within radio range, same convoy). */
  meshNeighbours(droneId: string): readonly string[] {
    const i = this.indexById.get(droneId);
    if (i === undefined) return [];
    let ids = this.neighbourCache.get(i);
    if (!ids) {
      ids = this.mesh.neighbours(i).map((j) => (this.plans[j] as DronePlan).drone.id);
      this.neighbourCache.set(i, ids);
    }
    return ids;
  }

  private fly(
    plan: DronePlan,
    s: DroneState,
    now: number,
    rng: Rng,
    arrivals: StepResult['arrivals'],
  ): void {
    s.fuelPct = Math.max(
      0,
      s.fuelPct - plan.burnPctPerS * (s.mode === 'ORBIT' ? LOITER_BURN_FACTOR : 1),
    );
    if (s.fuelPct <= 0) {
      // Only a drone that was denied its bingo turn could get here: dry tanks bring it down.
      s.mode = 'LOST';
      return;
    }
    if (s.mode !== 'RTB' && this.isBingo(plan, s)) s.mode = 'RTB';

    if (s.mode === 'ORBIT') this.orbit(plan, s, now);
    else if (s.mode === 'ROUTE') this.followRoute(plan, s, now, rng, arrivals);
    else this.returnToBase(plan, s, now);

    const clamped = clampToBox(s, this.bbox);
    s.lat = clamped.lat;
    s.lon = clamped.lon;
  }

  private isBingo(plan: DronePlan, s: DroneState): boolean {
    if (s.fuelPct < RTB_FUEL_PCT) return true;
    const secondsHome = distanceM(s, plan.pad) / plan.cruiseMps;
    return s.fuelPct < secondsHome * plan.burnPctPerS + LANDING_RESERVE_PCT;
  }

  /** Flies one second of the route, passing waypoints on the way if the second reaches them. */
  private followRoute(
    plan: DronePlan,
    s: DroneState,
    now: number,
    rng: Rng,
    arrivals: StepResult['arrivals'],
  ): void {
    s.speedMps = plan.cruiseMps;
    let travelM = plan.cruiseMps * (STEP_MS / 1000);
    let target = plan.route[s.next] as Waypoint;
    let remainingM = distanceM(s, target);
    while (remainingM <= travelM) {
      if (remainingM > 0) s.headingDeg = bearingDeg(s, target);
      s.lat = target.lat;
      s.lon = target.lon;
      travelM -= remainingM;
      arrivals.push({ droneId: plan.drone.id, seq: target.seq, arrivedAt: now });
      if (s.next === LAST_WAYPOINT) {
        // Patrol flown: the turn for home starts from here next second.
        s.mode = 'RTB';
        s.distanceToNextKm = distanceM(s, plan.pad) / 1000;
        return;
      }
      s.next += 1;
      if (rng.chance(LOITER_CHANCE)) {
        this.startOrbit(plan, s, now + rng.int(LOITER_S.min, LOITER_S.max) * 1000);
        s.altitudeM = approachAltitude(s.altitudeM, target.altitudeM, 1, MAX_CLIMB_MPS);
        return;
      }
      target = plan.route[s.next] as Waypoint;
      remainingM = distanceM(s, target);
    }
    s.headingDeg = bearingDeg(s, target);
    const moved = destination(s, s.headingDeg, travelM);
    s.lat = moved.lat;
    s.lon = moved.lon;
    remainingM -= travelM;
    s.distanceToNextKm = remainingM / 1000;
    s.altitudeM = approachAltitude(
      s.altitudeM,
      target.altitudeM,
      remainingM / plan.cruiseMps,
      MAX_CLIMB_MPS,
    );
  }

  /** Circles to the right from where the drone is, so the track has no jump into the orbit. */
  private startOrbit(plan: DronePlan, s: DroneState, until: number): void {
    s.mode = 'ORBIT';
    s.loiterUntil = until;
    s.orbitRadiusM = plan.profile.orbitRadiusM;
    s.orbitCentre = destination(s, normalizeDeg(s.headingDeg + 90), s.orbitRadiusM);
    s.orbitAngleDeg = normalizeDeg(s.headingDeg - 90);
    s.speedMps = plan.cruiseMps * LOITER_SPEED_FACTOR;
    s.distanceToNextKm = distanceM(s, plan.route[s.next] as Waypoint) / 1000;
  }

  private orbit(plan: DronePlan, s: DroneState, now: number): void {
    s.speedMps = plan.cruiseMps * LOITER_SPEED_FACTOR;
    const turnDeg = ((s.speedMps * (STEP_MS / 1000)) / s.orbitRadiusM) * (180 / Math.PI);
    s.orbitAngleDeg = normalizeDeg(s.orbitAngleDeg + turnDeg);
    const at = destination(s.orbitCentre, s.orbitAngleDeg, s.orbitRadiusM);
    s.lat = at.lat;
    s.lon = at.lon;
    s.headingDeg = normalizeDeg(s.orbitAngleDeg + 90);
    const next = plan.route[s.next] as Waypoint;
    s.distanceToNextKm = distanceM(s, next) / 1000;
    // Hold the altitude of the waypoint being orbited.
    const held = plan.route[s.next - 1] ?? next;
    s.altitudeM = approachAltitude(s.altitudeM, held.altitudeM, 30, MAX_CLIMB_MPS);
    if (now >= s.loiterUntil) s.mode = 'ROUTE';
  }

  private returnToBase(plan: DronePlan, s: DroneState, now: number): void {
    const travelM = plan.cruiseMps * (STEP_MS / 1000);
    const remainingM = distanceM(s, plan.pad);
    if (remainingM <= travelM) {
      if (remainingM > 0) s.headingDeg = bearingDeg(s, plan.pad);
      s.mode = 'LANDED';
      s.landedAt = now;
      s.lat = plan.pad.lat;
      s.lon = plan.pad.lon;
      s.altitudeM = 0;
      s.speedMps = 0;
      s.distanceToNextKm = 0;
      return;
    }
    s.speedMps = plan.cruiseMps;
    s.headingDeg = bearingDeg(s, plan.pad);
    const moved = destination(s, s.headingDeg, travelM);
    s.lat = moved.lat;
    s.lon = moved.lon;
    s.distanceToNextKm = (remainingM - travelM) / 1000;
    const approachM = Math.min(APPROACH_CEILING_M, (remainingM - travelM) * APPROACH_SLOPE);
    s.altitudeM = approachAltitude(s.altitudeM, Math.min(s.altitudeM, approachM), 1, MAX_CLIMB_MPS);
  }

  private engage(plan: DronePlan, s: DroneState, now: number, rng: Rng): SimEngagement {
    s.engagingUntil = now + rng.int(ENGAGING_S.min, ENGAGING_S.max) * 1000;
    const hit = rng.chance(plan.drone.hitProbability);
    const target = clampToBox(
      destination(s, rng.range(0, 360), rng.range(TARGET_DISTANCE_M.min, TARGET_DISTANCE_M.max)),
      this.bbox,
    );
    return {
      id: uuidFrom(rng),
      convoyId: plan.drone.convoyId,
      droneId: plan.drone.id,
      hit,
      weaponType: rng.pick(WEAPON_TYPES),
      targetId: `TGT-${rng.int(0, 0xffff).toString(16).toUpperCase().padStart(4, '0')}`,
      targetLat: target.lat,
      targetLon: target.lon,
      damageAssessment: hit ? (rng.chance(0.6) ? 'DESTROYED' : 'DAMAGED') : 'NO EFFECT OBSERVED',
      recordedAt: now,
    };
  }

  private updateMesh(): void {
    this.states.forEach((s, i) => this.mesh.set(i, s.lat, s.lon, s.mode !== 'LOST'));
    this.mesh.rebuild();
    this.neighbourCache = new Map();
  }

  private freshState(plan: DronePlan): DroneState {
    const first = plan.route[0] as Waypoint;
    return {
      mode: 'ROUTE',
      lat: plan.pad.lat,
      lon: plan.pad.lon,
      altitudeM: 0,
      headingDeg: bearingDeg(plan.pad, first),
      speedMps: plan.cruiseMps,
      fuelPct: plan.initialFuelPct,
      next: 0,
      distanceToNextKm: distanceM(plan.pad, first) / 1000,
      engagingUntil: 0,
      orbitCentre: plan.pad,
      orbitRadiusM: plan.profile.orbitRadiusM,
      orbitAngleDeg: 0,
      loiterUntil: 0,
      landedAt: 0,
    };
  }

  private restoredState(plan: DronePlan, row: Telemetry): DroneState {
    const at = clampToBox(row, this.bbox);
    const next = Math.min(LAST_WAYPOINT, Math.max(0, Math.trunc(row.currentWaypoint)));
    const s: DroneState = {
      ...this.freshState(plan),
      lat: at.lat,
      lon: at.lon,
      altitudeM: row.altitudeM,
      headingDeg: normalizeDeg(row.headingDeg),
      speedMps: row.speedMps,
      fuelPct: Math.min(100, Math.max(0, row.fuelPct)),
      next,
      distanceToNextKm: row.distanceToNextKm,
    };
    switch (row.status) {
      case 'LOST':
      case 'RTB':
      case 'LANDED':
        s.mode = row.status;
        break;
      case 'LOITER':
        // How long the loiter had left was never stored: give it a short one.
        this.startOrbit(plan, s, this.time + LOITER_S.min * 1000);
        break;
      case 'ENGAGING':
        s.mode = 'ROUTE';
        s.engagingUntil = this.time + ENGAGING_S.min * 1000;
        break;
      case 'AIRBORNE':
      case 'GROUNDED':
        s.mode = 'ROUTE';
        break;
    }
    if (s.mode === 'LANDED') {
      s.speedMps = 0;
      // When it landed was never stored: its turnaround starts from the row's time.
      s.landedAt = row.recordedAt;
    }
    return s;
  }
}

function statusOf(s: DroneState, now: number): DroneStatus {
  switch (s.mode) {
    case 'LOST':
    case 'LANDED':
    case 'RTB':
      return s.mode;
    case 'ORBIT':
    case 'ROUTE':
      if (s.engagingUntil > now) return 'ENGAGING';
      return s.mode === 'ORBIT' ? 'LOITER' : 'AIRBORNE';
  }
}

function validate(config: SimulatorConfig): void {
  const problems: string[] = [];
  if (!Number.isFinite(config.seed)) problems.push('seed must be a finite number');
  if (!Number.isSafeInteger(config.convoys) || config.convoys < 1) {
    problems.push('convoys must be a positive integer');
  }
  if (!Number.isSafeInteger(config.dronesPerConvoy) || config.dronesPerConvoy < 1) {
    problems.push('dronesPerConvoy must be a positive integer');
  }
  if (!Number.isFinite(config.engagementsPerDroneHour) || config.engagementsPerDroneHour < 0) {
    problems.push('engagementsPerDroneHour must be a non-negative number');
  }
  if (!Number.isSafeInteger(config.startTime) || config.startTime < 0) {
    problems.push('startTime must be a non-negative integer epoch ms');
  }
  if (problems.length > 0) throw new RangeError(`Invalid simulator config: ${problems.join('; ')}`);
}
