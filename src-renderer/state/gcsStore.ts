import { createStore, type StoreApi } from 'zustand/vanilla';
import type { ConnectionState } from '../../src-shared/client';
import type { DroneIndex } from '../../src-shared/contract';
import type {
  Alert,
  ConvoySummary,
  Drone,
  DroneStatus,
  LeaderboardEntry,
  Waypoint,
} from '../../src-shared/model';
import { DEFAULT_THEME, nextTheme, type Theme } from '../theme/theme';
import { assignConvoyColors } from './convoyPalette';

export type DroneIndexEntry = DroneIndex['drones'][number];

export interface LeaderboardView {
  convoyId: string;
  entries: LeaderboardEntry[];
}

/** A drone's engagement record, for the drone table (flight values are live data). */
export interface DroneStats {
  accuracyPct: number;
  totalEngagements: number;
  successfulHits: number;
  currentStreak: number;
  bestStreak: number;
}

/** `drone.get` and `drone.waypoints` of the selected drone, as last fetched. */
export interface SelectedDroneDetail {
  droneId: string;
  drone: Drone | null;
  waypoints: Waypoint[] | null;
  error: string | null;
}

/** `unavailable`: the host refused `alerts.list` (an older core); events are still shown. */
export type AlertsStatus = 'loading' | 'ready' | 'unavailable';

export type DockTab = 'alerts' | 'drones' | 'system' | 'missions' | 'analytics';

/** What the map and panels show: the live fleet, or a mission being replayed. */
export type FleetSource = 'live' | 'replay';

export const DRONE_SORT_KEYS = [
  'callsign',
  'convoy',
  'status',
  'fuel',
  'altitude',
  'speed',
  'accuracy',
  'engagements',
  'hits',
  'streak',
  'waypoint',
  'link',
] as const;
export type DroneSortKey = (typeof DRONE_SORT_KEYS)[number];

/** The drone table's sort and filters; kept here so they survive switching tabs. */
export interface DroneTableView {
  sortKey: DroneSortKey;
  sortDir: 'asc' | 'desc';
  convoyId: string | null;
  status: DroneStatus | null;
  lowFuelOnly: boolean;
  fuelMin: number | null;
  fuelMax: number | null;
  accuracyMin: number | null;
  accuracyMax: number | null;
}

export const DEFAULT_DRONE_TABLE_VIEW: DroneTableView = {
  sortKey: 'callsign',
  sortDir: 'asc',
  convoyId: null,
  status: null,
  lowFuelOnly: false,
  fuelMin: null,
  fuelMax: null,
  accuracyMin: null,
  accuracyMax: null,
};

/** Alerts kept in the renderer: every open one is listed by the host first, then recent cleared. */
export const ALERTS_KEPT = 500;

const EMPTY_IDS: ReadonlySet<string> = new Set();

/**
 * What the UI shows, apart from live telemetry (telemetryBuffer.ts and droneLiveBuffer.ts).
 * Actions only set state; talking to the host is hostSync.ts's job, so the store can be driven by
 * a test or a replay. Requests the operator makes (acknowledge) are recorded here as pending and
 * sent by hostSync.
 */
export interface GcsState {
  connection: ConnectionState;
  source: FleetSource;
  droneIndex: DroneIndex | null;
  /** Drone by id, rebuilt with the index, for panels that look drones up by id. */
  dronesById: ReadonlyMap<string, DroneIndexEntry>;
  convoyColors: Readonly<Record<string, string>>;
  /** In `convoys.list` order, refreshed by `convoy.summary` events. */
  convoys: ConvoySummary[];
  selectedConvoyId: string | null;
  leaderboard: LeaderboardView | null;
  /** The primary selection: the drone the status panel shows and the map follows. */
  selectedDroneId: string | null;
  /** Every selected drone, the primary included (multi-select in the drone table). */
  selectedDroneIds: ReadonlySet<string>;
  selectedDrone: SelectedDroneDetail | null;
  /** Engagement records by drone id, from the convoys' rosters, kept current by events. */
  droneStats: ReadonlyMap<string, DroneStats>;
  /**
   * Moves (a few times a second at most) when live telemetry has changed: panels that show live
   * values select it and read the buffers, so telemetry never re-renders anything per frame.
   */
  liveTick: number;
  /** Simulation time of the latest frame, floored to the second (epoch ms). */
  simTime: number | null;
  /** Newest first. */
  alerts: readonly Alert[];
  alertsStatus: AlertsStatus;
  /**
   * Drones named by an alert that has not cleared (the map outlines them). Alerts are live: in a
   * replay none are outlined, though the feed still lists them.
   */
  alertDroneIds: ReadonlySet<string>;
  /** Alerts whose acknowledgement the operator asked for and the host has not confirmed yet. */
  acknowledging: ReadonlySet<string>;
  theme: Theme;
  helpOpen: boolean;
  dockTab: DockTab;
  droneTable: DroneTableView;
  lastError: string | null;

  setConnection(connection: ConnectionState): void;
  setDroneIndex(index: DroneIndex): void;
  /**
   * Forgets the fleet on screen (drones, convoys, boards, records, selection) when the console
   * switches between the live fleet and a replay; the operator's view settings stay.
   */
  clearFleet(source: FleetSource): void;
  setConvoys(convoys: ConvoySummary[]): void;
  upsertConvoySummaries(summaries: Iterable<ConvoySummary>): void;
  selectConvoy(convoyId: string): void;
  setLeaderboard(view: LeaderboardView): void;
  /** Makes `droneId` the only selected drone (null clears), switching to its convoy. */
  selectDrone(droneId: string | null): void;
  /** A multi-selection; `primary` must be one of `droneIds` (or null for none). */
  setDroneSelection(droneIds: Iterable<string>, primary: string | null): void;
  setSelectedDroneDetail(detail: SelectedDroneDetail | null): void;
  mergeDroneStats(stats: Iterable<readonly [droneId: string, stats: DroneStats]>): void;
  bumpLiveTick(): void;
  setSimTime(simTime: number): void;
  setAlerts(alerts: readonly Alert[], status: AlertsStatus): void;
  upsertAlerts(alerts: Iterable<Alert>): void;
  setAlertsStatus(status: AlertsStatus): void;
  acknowledgeAlert(alertId: string): void;
  acknowledgeSettled(alertId: string): void;
  setTheme(theme: Theme): void;
  toggleTheme(): void;
  setHelpOpen(open: boolean): void;
  setDockTab(tab: DockTab): void;
  setDroneTableView(view: Partial<DroneTableView>): void;
  setError(message: string | null): void;
}

export type GcsStore = StoreApi<GcsState>;

export interface GcsStoreOptions {
  theme?: Theme;
}

/** The fleet part of the state as it starts, and as a switch of source leaves it. */
function noFleet(): Pick<
  GcsState,
  | 'droneIndex'
  | 'dronesById'
  | 'convoyColors'
  | 'convoys'
  | 'selectedConvoyId'
  | 'leaderboard'
  | 'selectedDroneId'
  | 'selectedDroneIds'
  | 'selectedDrone'
  | 'droneStats'
  | 'simTime'
> {
  return {
    droneIndex: null,
    dronesById: new Map(),
    convoyColors: {},
    convoys: [],
    selectedConvoyId: null,
    leaderboard: null,
    selectedDroneId: null,
    selectedDroneIds: EMPTY_IDS,
    selectedDrone: null,
    droneStats: new Map(),
    simTime: null,
  };
}

export function createGcsStore(options: GcsStoreOptions = {}): GcsStore {
  return createStore<GcsState>()((set, get) => ({
    connection: 'connecting',
    source: 'live',
    ...noFleet(),
    liveTick: 0,
    alerts: [],
    alertsStatus: 'loading',
    alertDroneIds: EMPTY_IDS,
    acknowledging: EMPTY_IDS,
    theme: options.theme ?? DEFAULT_THEME,
    helpOpen: false,
    dockTab: 'alerts',
    droneTable: DEFAULT_DRONE_TABLE_VIEW,
    lastError: null,

    setConnection: (connection) => set({ connection }),

    setDroneIndex: (index) => {
      const dronesById = new Map(index.drones.map((d) => [d.droneId, d]));
      // A selection of drones the new index no longer has would point at nothing.
      const { selectedDroneId, selectedDroneIds } = get();
      const keptIds = [...selectedDroneIds].filter((id) => dronesById.has(id));
      const keptPrimary =
        selectedDroneId !== null && dronesById.has(selectedDroneId) ? selectedDroneId : null;
      set({
        droneIndex: index,
        dronesById,
        convoyColors: assignConvoyColors(index.drones.map((d) => d.convoyId)),
        ...(keptIds.length !== selectedDroneIds.size || keptPrimary !== selectedDroneId
          ? {
              selectedDroneIds: new Set(keptIds),
              selectedDroneId: keptPrimary,
              selectedDrone: keptPrimary === null ? null : get().selectedDrone,
            }
          : {}),
      });
    },

    clearFleet: (source) =>
      set({
        source,
        alertDroneIds: source === 'replay' ? EMPTY_IDS : activeDroneIds(get().alerts, EMPTY_IDS),
        ...noFleet(),
      }),

    setConvoys: (convoys) => {
      const selected = get().selectedConvoyId;
      // Keep the operator's choice while it still exists; otherwise default to the first convoy.
      const keep = convoys.some((c) => c.convoyId === selected);
      set({ convoys, selectedConvoyId: keep ? selected : (convoys[0]?.convoyId ?? null) });
    },

    upsertConvoySummaries: (summaries) => {
      const convoys = [...get().convoys];
      for (const summary of summaries) {
        const at = convoys.findIndex((c) => c.convoyId === summary.convoyId);
        if (at === -1) convoys.push(summary);
        else convoys[at] = summary;
      }
      set({ convoys, selectedConvoyId: get().selectedConvoyId ?? convoys[0]?.convoyId ?? null });
    },

    selectConvoy: (convoyId) => {
      if (convoyId === get().selectedConvoyId) return;
      // The board on screen belongs to the previous convoy: clear it rather than mislabel it.
      set({ selectedConvoyId: convoyId, leaderboard: null });
    },

    setLeaderboard: (view) => set({ leaderboard: view }),

    selectDrone: (droneId) => get().setDroneSelection(droneId === null ? [] : [droneId], droneId),

    setDroneSelection: (droneIds, primary) => {
      const ids = new Set(droneIds);
      if (primary !== null) ids.add(primary);
      const state = get();
      const next: Partial<GcsState> = {
        selectedDroneIds: ids.size === 0 ? EMPTY_IDS : ids,
        selectedDroneId: primary,
      };
      if (primary !== state.selectedDroneId) {
        next.selectedDrone = null;
        // The leaderboard follows the selected drone, so the drone is highlighted on its board.
        const convoyId = primary === null ? null : state.dronesById.get(primary)?.convoyId;
        if (convoyId && convoyId !== state.selectedConvoyId) {
          next.selectedConvoyId = convoyId;
          next.leaderboard = null;
        }
      }
      set(next);
    },

    setSelectedDroneDetail: (detail) => {
      // A late answer for a drone no longer selected must not replace the current one's.
      if (detail !== null && detail.droneId !== get().selectedDroneId) return;
      set({ selectedDrone: detail });
    },

    mergeDroneStats: (stats) => {
      const merged = new Map(get().droneStats);
      for (const [droneId, value] of stats) merged.set(droneId, value);
      set({ droneStats: merged });
    },

    bumpLiveTick: () => set({ liveTick: get().liveTick + 1 }),

    setSimTime: (simTime) => {
      if (simTime !== get().simTime) set({ simTime });
    },

    setAlerts: (alerts, alertsStatus) => {
      const sorted = sortAlerts(alerts);
      set({
        alerts: sorted,
        alertsStatus,
        alertDroneIds:
          get().source === 'replay' ? EMPTY_IDS : activeDroneIds(sorted, get().alertDroneIds),
      });
    },

    upsertAlerts: (changed) => {
      const byId = new Map(get().alerts.map((a) => [a.id, a]));
      for (const alert of changed) byId.set(alert.id, alert);
      const sorted = sortAlerts([...byId.values()]);
      set({
        alerts: sorted,
        alertDroneIds:
          get().source === 'replay' ? EMPTY_IDS : activeDroneIds(sorted, get().alertDroneIds),
      });
    },

    setAlertsStatus: (alertsStatus) => set({ alertsStatus }),

    acknowledgeAlert: (alertId) => {
      const { acknowledging, alerts } = get();
      if (acknowledging.has(alertId)) return;
      if (alerts.find((a) => a.id === alertId)?.acknowledgedAt != null) return;
      set({ acknowledging: new Set([...acknowledging, alertId]) });
    },

    acknowledgeSettled: (alertId) => {
      const acknowledging = new Set(get().acknowledging);
      if (!acknowledging.delete(alertId)) return;
      set({ acknowledging });
    },

    setTheme: (theme) => set({ theme }),
    toggleTheme: () => set({ theme: nextTheme(get().theme) }),
    setHelpOpen: (helpOpen) => set({ helpOpen }),
    setDockTab: (dockTab) => set({ dockTab }),
    setDroneTableView: (view) => set({ droneTable: { ...get().droneTable, ...view } }),

    setError: (lastError) => {
      if (lastError !== get().lastError) set({ lastError });
    },
  }));
}

/**
 * Newest raised first, capped. Open alerts are never dropped for cleared ones: an operator must
 * see every alert that still holds.
 */
function sortAlerts(alerts: readonly Alert[]): Alert[] {
  const sorted = [...alerts].sort(
    (a, b) => b.raisedAt - a.raisedAt || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0),
  );
  if (sorted.length <= ALERTS_KEPT) return sorted;
  const open = sorted.filter((a) => a.clearedAt === null);
  const room = Math.max(0, ALERTS_KEPT - open.length);
  const cleared = sorted.filter((a) => a.clearedAt !== null).slice(0, room);
  const kept = new Set([...open, ...cleared]);
  return sorted.filter((a) => kept.has(a));
}

/** The drones of open alerts; `previous` itself when unchanged, so its readers skip the update. */
function activeDroneIds(
  alerts: readonly Alert[],
  previous: ReadonlySet<string>,
): ReadonlySet<string> {
  const ids = new Set<string>();
  for (const alert of alerts) {
    if (alert.clearedAt === null) for (const id of alert.droneIds) ids.add(id);
  }
  if (ids.size === previous.size && [...ids].every((id) => previous.has(id))) return previous;
  return ids.size === 0 ? EMPTY_IDS : ids;
}
