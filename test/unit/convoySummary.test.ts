import { describe, expect, it } from 'vitest';
import { DRONE_STATUSES, type Convoy, type Drone, type DroneStatus } from '../../src-shared/model';
import { summarizeConvoy } from '../../src-main/domain/convoySummary';

const CONVOY_ID = '0b9d4c62-3f1a-4e8b-9c2d-7a6e5f4d3c21';

const convoy: Convoy = {
  id: CONVOY_ID,
  callsign: 'VIPER',
  missionType: 'ISR',
  status: 'ACTIVE',
  aor: { name: 'AFGHANISTAN', bbox: { minLat: 29.4, maxLat: 38.5, minLon: 60.5, maxLon: 74.9 } },
  rulesOfEngagement: 'WEAPONS_TIGHT',
  commandingUnit: '432nd Wing',
  missionStart: 1_700_000_000_000,
  droneIds: [],
};

let serial = 0;
function drone(over: Partial<Drone>): Drone {
  serial++;
  return {
    id: `00000000-0000-4000-8000-${String(serial).padStart(12, '0')}`,
    convoyId: CONVOY_ID,
    callsign: `VIPER-${serial}`,
    platformType: 'MQ9_REAPER',
    status: 'AIRBORNE',
    lat: 34,
    lon: 69,
    altitudeM: 5000,
    headingDeg: 90,
    speedMps: 80,
    fuelPct: 50,
    currentWaypoint: 0,
    distanceToNextKm: 1,
    totalEngagements: 0,
    successfulHits: 0,
    accuracyPct: 0,
    currentStreak: 0,
    bestStreak: 0,
    meshConnectivity: 1,
    updatedAt: 0,
    ...over,
  };
}

describe('summarizeConvoy', () => {
  it('counts AIRBORNE, LOITER, ENGAGING and RTB as airborne, and nothing else', () => {
    const airborne: DroneStatus[] = ['AIRBORNE', 'LOITER', 'ENGAGING', 'RTB'];
    for (const status of DRONE_STATUSES) {
      const s = summarizeConvoy(convoy, [drone({ status })], 0);
      expect(s.airborneCount, status).toBe(airborne.includes(status) ? 1 : 0);
    }
    const all = DRONE_STATUSES.map((status) => drone({ status }));
    const s = summarizeConvoy(convoy, [...all, ...all], 0);
    expect(s.droneCount).toBe(14);
    expect(s.airborneCount).toBe(8);
  });

  it('averages accuracy over drones that engaged only, and fuel over all drones', () => {
    const drones = [
      drone({ totalEngagements: 4, successfulHits: 3, fuelPct: 80 }), // 75 %
      drone({ totalEngagements: 2, successfulHits: 0, fuelPct: 40 }), // 0 %, but it engaged
      drone({ totalEngagements: 0, successfulHits: 0, fuelPct: 30 }), // untested: not in accuracy
      drone({ totalEngagements: 3, successfulHits: 1, fuelPct: 10, accuracyPct: 99 }), // 33.3 %; stale field ignored
    ];
    const s = summarizeConvoy(convoy, drones, 123);
    expect(s.totalEngagements).toBe(9);
    expect(s.totalHits).toBe(4);
    // Mean of per-drone accuracies (75 + 0 + 33.33) / 3, not hits/engagements (4/9) and not over 4 drones.
    expect(s.avgAccuracyPct).toBeCloseTo((75 + 0 + 100 / 3) / 3, 10);
    expect(s.avgFuelPct).toBeCloseTo((80 + 40 + 30 + 10) / 4, 10);
  });

  it('copies the convoy fields and stamps the given time', () => {
    const s = summarizeConvoy(convoy, [drone({})], 1_700_000_123_000);
    expect(s).toMatchObject({
      convoyId: CONVOY_ID,
      callsign: 'VIPER',
      missionType: 'ISR',
      status: 'ACTIVE',
      missionStart: 1_700_000_000_000,
      updatedAt: 1_700_000_123_000,
    });
  });

  it('gives zeros, not NaN, for an empty convoy or one that never engaged', () => {
    const empty = summarizeConvoy(convoy, [], 5);
    expect(empty).toMatchObject({
      droneCount: 0,
      airborneCount: 0,
      totalEngagements: 0,
      totalHits: 0,
      avgAccuracyPct: 0,
      avgFuelPct: 0,
    });
    const idle = summarizeConvoy(convoy, [drone({ fuelPct: 20 }), drone({ fuelPct: 60 })], 5);
    expect(idle.avgAccuracyPct).toBe(0);
    expect(idle.avgFuelPct).toBe(40);
  });
});
