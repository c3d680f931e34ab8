import type { GcsState } from './gcsStore';

/**
 * Named selectors, so components ask for what they need by name and re-render only when it
 * changes. Each returns a value already held in the state (or a primitive): zustand compares with
 * Object.is, and a selector that built a new object every call would re-render on every change.
 */
export const selectors = {
  connection: (s: GcsState) => s.connection,
  droneIndex: (s: GcsState) => s.droneIndex,
  dronesById: (s: GcsState) => s.dronesById,
  droneCount: (s: GcsState) => s.droneIndex?.drones.length ?? 0,
  convoys: (s: GcsState) => s.convoys,
  convoyColors: (s: GcsState) => s.convoyColors,
  selectedConvoyId: (s: GcsState) => s.selectedConvoyId,
  selectedConvoySummary: (s: GcsState) =>
    s.convoys.find((c) => c.convoyId === s.selectedConvoyId) ?? null,
  selectedConvoyLeaderboard: (s: GcsState) =>
    s.leaderboard && s.leaderboard.convoyId === s.selectedConvoyId ? s.leaderboard : null,
  selectedDroneId: (s: GcsState) => s.selectedDroneId,
  selectedDroneIds: (s: GcsState) => s.selectedDroneIds,
  selectedDrone: (s: GcsState) => s.selectedDrone,
  selectedDroneEntry: (s: GcsState) =>
    s.selectedDroneId === null ? null : (s.dronesById.get(s.selectedDroneId) ?? null),
  droneStats: (s: GcsState) => s.droneStats,
  /** Live values at up to 4 Hz (the status panel). */
  liveTick: (s: GcsState) => s.liveTick,
  /** Live values at up to 2 Hz (the drone table: many rows, slower is plenty). */
  liveTickHalf: (s: GcsState) => s.liveTick >> 1,
  simTime: (s: GcsState) => s.simTime,
  alerts: (s: GcsState) => s.alerts,
  alertsStatus: (s: GcsState) => s.alertsStatus,
  alertDroneIds: (s: GcsState) => s.alertDroneIds,
  acknowledging: (s: GcsState) => s.acknowledging,
  /** Open alerts nobody has acknowledged yet: what the operator still has to look at. */
  unacknowledgedAlertCount: (s: GcsState) =>
    s.alerts.reduce((n, a) => (a.clearedAt === null && a.acknowledgedAt === null ? n + 1 : n), 0),
  /** The worst severity among open alerts, or null. */
  worstOpenSeverity: (s: GcsState) => {
    let worst: 'INFO' | 'WARNING' | 'CRITICAL' | null = null;
    for (const a of s.alerts) {
      if (a.clearedAt !== null) continue;
      if (a.severity === 'CRITICAL') return 'CRITICAL';
      if (a.severity === 'WARNING' || worst === null) worst = a.severity;
    }
    return worst;
  },
  theme: (s: GcsState) => s.theme,
  helpOpen: (s: GcsState) => s.helpOpen,
  dockTab: (s: GcsState) => s.dockTab,
  droneTable: (s: GcsState) => s.droneTable,
  lastError: (s: GcsState) => s.lastError,
  selectConvoy: (s: GcsState) => s.selectConvoy,
  selectDrone: (s: GcsState) => s.selectDrone,
  setDroneSelection: (s: GcsState) => s.setDroneSelection,
  acknowledgeAlert: (s: GcsState) => s.acknowledgeAlert,
  toggleTheme: (s: GcsState) => s.toggleTheme,
  setHelpOpen: (s: GcsState) => s.setHelpOpen,
  setDockTab: (s: GcsState) => s.setDockTab,
  setDroneTableView: (s: GcsState) => s.setDroneTableView,
};
