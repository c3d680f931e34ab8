import type { GcsState } from './gcsStore';

/**
 * Named selectors, so components ask for what they need by name and re-render only when it
 * changes. Each returns a value already held in the state: zustand compares with Object.is, and a
 * selector that built a new object every call would re-render on every store change.
 */
export const selectors = {
  connection: (s: GcsState) => s.connection,
  droneCount: (s: GcsState) => s.droneIndex?.drones.length ?? 0,
  convoys: (s: GcsState) => s.convoys,
  convoyColors: (s: GcsState) => s.convoyColors,
  selectedConvoyId: (s: GcsState) => s.selectedConvoyId,
  selectedConvoySummary: (s: GcsState) =>
    s.convoys.find((c) => c.convoyId === s.selectedConvoyId) ?? null,
  selectedConvoyLeaderboard: (s: GcsState) =>
    s.leaderboard && s.leaderboard.convoyId === s.selectedConvoyId ? s.leaderboard : null,
  selectedDroneId: (s: GcsState) => s.selectedDroneId,
  simTime: (s: GcsState) => s.simTime,
  lastError: (s: GcsState) => s.lastError,
  selectConvoy: (s: GcsState) => s.selectConvoy,
  selectDrone: (s: GcsState) => s.selectDrone,
};
