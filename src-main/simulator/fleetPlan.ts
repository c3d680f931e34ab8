import { DEFAULT_AOR, WAYPOINTS_PER_DRONE } from '../../src-shared/constants';
import type { BoundingBox, Convoy, PlatformType, Waypoint } from '../../src-shared/model';
import { PLATFORM_TYPES } from '../../src-shared/model';
import { bearingDeg, destination, distanceM, insideBox, type LatLon } from '../domain/geo';
import {
  BASES,
  COMMANDING_UNITS,
  CONVOY_NAMES,
  MISSION_TYPES,
  RULES_OF_ENGAGEMENT,
} from './catalog';
import type { Fleet, SimDrone, SimulatorConfig } from './FleetSimulator';
import { blendBearing, insetBox } from './flight';
import { PLATFORM_PROFILES, type PlatformProfile } from './platforms';
import { deriveSeed, Rng, uuidFrom } from './random';

/** Everything the simulator needs to fly one drone, fixed for the whole run. */
export interface DronePlan {
  drone: SimDrone;
  convoyIndex: number;
  profile: PlatformProfile;
  /** The drone's own spot on its airfield, apart from its convoy mates': it starts and lands here. */
  pad: LatLon;
  route: readonly Waypoint[];
  cruiseMps: number;
  burnPctPerS: number;
  initialFuelPct: number;
  /** Sim time at which the drone drops off the net for good, or null for nearly all drones. */
  lostAt: number | null;
}

export interface FleetPlan {
  fleet: Fleet;
  drones: DronePlan[];
  bbox: BoundingBox;
}

/** Separate streams, so that changing how routes are drawn never changes anyone's id. */
const ID_STREAM = 1;
const PLAN_STREAM = 2;

/** Convoy waypoints stay this far (about 30 km) inside the AOR, so drone offsets and orbits do too. */
const ROUTE_MARGIN_DEG = 0.3;
const LEG_MIN_M = 20_000;
const LEG_MAX_M = 60_000;
const MAX_WANDER_DEG = 50;
const HOMEWARD_FROM = Math.floor(WAYPOINTS_PER_DRONE / 2);
/** The leash is slack within this distance of base and tightens fully over the next span. */
const LEASH_FREE_M = 50_000;
const LEASH_SPAN_M = 100_000;
const MAX_PULL = 0.85;
const DRONE_OFFSET_MIN_M = 300;
const DRONE_OFFSET_MAX_M = 3_000;
const ALTITUDE_STEP_M = 1_200;
const LOST_ONE_IN = 200;
const LOST_WINDOW_S = { min: 60, max: 5_400 };

export function planFleet(config: SimulatorConfig): FleetPlan {
  const bbox: BoundingBox = { ...DEFAULT_AOR.bbox };
  const routeBox = insetBox(bbox, ROUTE_MARGIN_DEG);
  const convoys: Convoy[] = [];
  const simDrones: SimDrone[] = [];
  const waypoints: Waypoint[] = [];
  const plans: DronePlan[] = [];
  const callsignDigits = Math.max(2, String(config.dronesPerConvoy).length);

  for (let ci = 0; ci < config.convoys; ci++) {
    // One stream per convoy: convoy 2 looks the same whether the fleet has 3 convoys or 30.
    const ids = new Rng(deriveSeed(config.seed, ID_STREAM, ci));
    const rng = new Rng(deriveSeed(config.seed, PLAN_STREAM, ci));
    const convoyId = uuidFrom(ids);
    const callsign = `${CONVOY_NAMES[ci % CONVOY_NAMES.length]}-${ci + 1}`;
    const home = convoyHome(ci, rng);
    const convoyRoute = planConvoyRoute(home, routeBox, rng);
    const droneIds: string[] = [];

    for (let di = 0; di < config.dronesPerConvoy; di++) {
      const platformType = pickPlatform(rng);
      const profile = PLATFORM_PROFILES[platformType];
      const drone: SimDrone = {
        id: uuidFrom(ids),
        convoyId,
        callsign: `${callsign}-${String(di + 1).padStart(callsignDigits, '0')}`,
        platformType,
        hitProbability: rng.range(profile.hitProbability.min, profile.hitProbability.max),
      };
      // Small per-airframe spread, so drones of one type do not fly in lockstep.
      const cruiseMps = profile.cruiseMps * rng.range(0.95, 1.05);
      const pad = destination(home, rng.range(0, 360), rng.range(200, 2_500));
      const route = planDroneRoute(
        drone.id,
        convoyRoute,
        pad,
        cruiseMps,
        profile,
        bbox,
        rng,
        config,
      );
      const lostAt = rng.chance(1 / LOST_ONE_IN)
        ? config.startTime + rng.int(LOST_WINDOW_S.min, LOST_WINDOW_S.max) * 1000
        : null;
      plans.push({
        drone,
        convoyIndex: ci,
        profile,
        pad,
        route,
        cruiseMps,
        burnPctPerS: 100 / (profile.enduranceH * 3600 * rng.range(0.9, 1.1)),
        initialFuelPct: rng.range(70, 100),
        lostAt,
      });
      simDrones.push(drone);
      waypoints.push(...route);
      droneIds.push(drone.id);
    }

    convoys.push({
      id: convoyId,
      callsign,
      missionType: rng.pick(MISSION_TYPES),
      status: 'ACTIVE',
      aor: { name: DEFAULT_AOR.name, bbox: { ...bbox } },
      rulesOfEngagement: rng.pick(RULES_OF_ENGAGEMENT),
      commandingUnit: rng.pick(COMMANDING_UNITS),
      missionStart: config.startTime,
      droneIds,
    });
  }

  return { fleet: { convoys, drones: simDrones, waypoints }, drones: plans, bbox };
}

/** Later laps round the airfield list spread out a little, so convoys never share a pad. */
function convoyHome(convoyIndex: number, rng: Rng): LatLon {
  const base = BASES[convoyIndex % BASES.length] as LatLon;
  const lap = Math.floor(convoyIndex / BASES.length);
  if (lap === 0) return { lat: base.lat, lon: base.lon };
  return destination(base, rng.range(0, 360), Math.min(40_000, lap * 8_000));
}

/**
 * A wandering patrol: legs of 20–60 km turning gently, on a leash to base. A tank lasts 1–3 hours,
 * far less than 25 legs take, so most drones turn home on fuel; the leash keeps that trip short,
 * and the second half of the route bends home so drones that fly it all end near base.
 */
function planConvoyRoute(home: LatLon, routeBox: BoundingBox, rng: Rng): LatLon[] {
  const points: LatLon[] = [];
  let at = home;
  let course = rng.range(0, 360);
  for (let i = 0; i < WAYPOINTS_PER_DRONE; i++) {
    const fromHomeM = distanceM(at, home);
    const leash = Math.min(MAX_PULL, Math.max(0, (fromHomeM - LEASH_FREE_M) / LEASH_SPAN_M));
    const closing =
      i >= HOMEWARD_FROM
        ? (MAX_PULL * (i - HOMEWARD_FROM + 1)) / (WAYPOINTS_PER_DRONE - HOMEWARD_FROM)
        : 0;
    const pull = Math.max(leash, closing);
    let next: LatLon | null = null;
    // Near the border, try ever wider turns before giving up on wandering.
    for (let attempt = 0; attempt < 24 && next === null; attempt++) {
      const wander = course + rng.range(-MAX_WANDER_DEG, MAX_WANDER_DEG) + attempt * 37;
      const heading = blendBearing(wander, bearingDeg(at, home), pull);
      const candidate = destination(at, heading, rng.range(LEG_MIN_M, LEG_MAX_M));
      if (insideBox(candidate, routeBox)) {
        next = candidate;
        course = heading;
      }
    }
    if (next === null) {
      // Boxed in: head for base, which lies deep inside the AOR, so the leg stays inside too.
      course = bearingDeg(at, home);
      next = destination(at, course, Math.min(fromHomeM, rng.range(LEG_MIN_M, LEG_MAX_M)));
    }
    points.push(next);
    at = next;
  }
  return points;
}

function planDroneRoute(
  droneId: string,
  convoyRoute: readonly LatLon[],
  start: LatLon,
  cruiseMps: number,
  profile: PlatformProfile,
  bbox: BoundingBox,
  rng: Rng,
  config: SimulatorConfig,
): Waypoint[] {
  const route: Waypoint[] = [];
  let altitudeM = rng.range(profile.minAltitudeM, profile.maxAltitudeM);
  let previous = start;
  let flownM = 0;
  convoyRoute.forEach((point, seq) => {
    const offset = destination(
      point,
      rng.range(0, 360),
      rng.range(DRONE_OFFSET_MIN_M, DRONE_OFFSET_MAX_M),
    );
    const at = insideBox(offset, bbox) ? offset : point;
    if (seq > 0) {
      altitudeM += rng.range(-ALTITUDE_STEP_M, ALTITUDE_STEP_M);
      altitudeM = Math.min(profile.maxAltitudeM, Math.max(profile.minAltitudeM, altitudeM));
    }
    flownM += distanceM(previous, at);
    previous = at;
    route.push({
      droneId,
      seq,
      lat: at.lat,
      lon: at.lon,
      altitudeM: Math.round(altitudeM),
      eta: config.startTime + Math.round((flownM / cruiseMps) * 1000),
      arrivedAt: null,
    });
  });
  return route;
}

function pickPlatform(rng: Rng): PlatformType {
  const total = PLATFORM_TYPES.reduce((sum, type) => sum + PLATFORM_PROFILES[type].mixWeight, 0);
  let roll = rng.range(0, total);
  for (const type of PLATFORM_TYPES) {
    roll -= PLATFORM_PROFILES[type].mixWeight;
    if (roll < 0) return type;
  }
  return PLATFORM_TYPES[0];
}
