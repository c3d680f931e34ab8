import type { PlatformType } from '../../src-shared/model';

/**
 * Flight figures per airframe. Speeds are near the real cruise speeds; endurance is compressed to
 * 1–3 hours so a simulated mission runs its whole course (launch, patrol, RTB, landing) in an
 * afternoon of simulated time.
 */
export interface PlatformProfile {
  cruiseMps: number;
  /** Hours a full tank lasts at cruise. */
  enduranceH: number;
  minAltitudeM: number;
  maxAltitudeM: number;
  orbitRadiusM: number;
  hitProbability: { min: number; max: number };
  /** Relative share of a convoy's airframes. */
  mixWeight: number;
}

export const PLATFORM_PROFILES: Readonly<Record<PlatformType, PlatformProfile>> = {
  MQ9_REAPER: {
    cruiseMps: 85,
    enduranceH: 3,
    minAltitudeM: 3_500,
    maxAltitudeM: 7_000,
    orbitRadiusM: 2_500,
    hitProbability: { min: 0.7, max: 0.95 },
    mixWeight: 4,
  },
  MQ1C_GRAY_EAGLE: {
    cruiseMps: 70,
    enduranceH: 2.7,
    minAltitudeM: 3_000,
    maxAltitudeM: 6_500,
    orbitRadiusM: 2_000,
    hitProbability: { min: 0.62, max: 0.9 },
    mixWeight: 3,
  },
  RQ7_SHADOW: {
    cruiseMps: 46,
    enduranceH: 1.6,
    minAltitudeM: 1_500,
    maxAltitudeM: 4_500,
    orbitRadiusM: 1_200,
    hitProbability: { min: 0.45, max: 0.75 },
    mixWeight: 2,
  },
  SCAN_EAGLE: {
    cruiseMps: 36,
    enduranceH: 2.2,
    minAltitudeM: 1_500,
    maxAltitudeM: 4_800,
    orbitRadiusM: 900,
    hitProbability: { min: 0.45, max: 0.7 },
    mixWeight: 1,
  },
};
