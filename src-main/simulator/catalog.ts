import type { LatLon } from '../domain/geo';

/** What the fleet planner draws from. Airfields near real cities of the AOR; convoys cycle them. */
export const BASES: readonly (LatLon & { name: string })[] = [
  { name: 'Kabul', lat: 34.53, lon: 69.17 },
  { name: 'Kandahar', lat: 31.61, lon: 65.71 },
  { name: 'Herat', lat: 34.35, lon: 62.2 },
  { name: 'Mazar-i-Sharif', lat: 36.71, lon: 67.11 },
  { name: 'Jalalabad', lat: 34.43, lon: 70.45 },
  { name: 'Kunduz', lat: 36.73, lon: 68.86 },
  { name: 'Bagram', lat: 34.95, lon: 69.26 },
  { name: 'Bamyan', lat: 34.82, lon: 67.83 },
  { name: 'Ghazni', lat: 33.55, lon: 68.42 },
  { name: 'Farah', lat: 32.37, lon: 62.11 },
  { name: 'Lashkar Gah', lat: 31.59, lon: 64.37 },
  { name: 'Khost', lat: 33.34, lon: 69.92 },
];

export const CONVOY_NAMES = [
  'REAPER',
  'VIPER',
  'HAWK',
  'RAVEN',
  'GHOST',
  'SABRE',
  'COBRA',
  'TALON',
  'SPECTRE',
  'NOMAD',
  'WARLOCK',
  'BANSHEE',
] as const;

export const MISSION_TYPES = ['ISR', 'CAS', 'INTERDICTION', 'OVERWATCH', 'STRIKE'] as const;

export const RULES_OF_ENGAGEMENT = [
  'WEAPONS TIGHT: engage only positively identified hostile targets with JTAC clearance',
  'WEAPONS HOLD: engage only in self-defence or in defence of friendly forces',
  'WEAPONS FREE: engage any target not positively identified as friendly within the AOR',
] as const;

export const COMMANDING_UNITS = [
  '432nd Air Expeditionary Wing',
  '1st Special Operations Wing',
  '163rd Attack Wing',
  'Task Force ODIN',
  '3rd Combat Aviation Brigade',
  'Joint Task Force 7',
] as const;
