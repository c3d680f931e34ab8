import type { Convoy, ConvoySummary, Drone } from '../../src-shared/model';
import { accuracyPct } from './ranking';

const AIRBORNE = new Set(['AIRBORNE', 'LOITER', 'ENGAGING', 'RTB']);

/**
 * Convoy-level figures from its drones. Average accuracy is over drones that have engaged at
 * least once: an untested drone says nothing about the convoy's marksmanship.
 */
export function summarizeConvoy(
  convoy: Convoy,
  drones: readonly Drone[],
  now: number,
): ConvoySummary {
  let airborne = 0;
  let engagements = 0;
  let hits = 0;
  let fuel = 0;
  let accuracySum = 0;
  let engaged = 0;
  for (const d of drones) {
    if (AIRBORNE.has(d.status)) airborne++;
    engagements += d.totalEngagements;
    hits += d.successfulHits;
    fuel += d.fuelPct;
    if (d.totalEngagements > 0) {
      accuracySum += accuracyPct(d.successfulHits, d.totalEngagements);
      engaged++;
    }
  }
  return {
    convoyId: convoy.id,
    callsign: convoy.callsign,
    missionType: convoy.missionType,
    status: convoy.status,
    droneCount: drones.length,
    airborneCount: airborne,
    totalEngagements: engagements,
    totalHits: hits,
    avgAccuracyPct: engaged === 0 ? 0 : accuracySum / engaged,
    avgFuelPct: drones.length === 0 ? 0 : fuel / drones.length,
    missionStart: convoy.missionStart,
    updatedAt: now,
  };
}
