import { createStore, type StoreApi } from 'zustand/vanilla';
import type { ConnectionState } from '../../src-shared/client';
import type { DroneIndex } from '../../src-shared/contract';
import type { ConvoySummary, LeaderboardEntry } from '../../src-shared/model';
import { assignConvoyColors } from './convoyPalette';

export type DroneIndexEntry = DroneIndex['drones'][number];

export interface LeaderboardView {
  convoyId: string;
  entries: LeaderboardEntry[];
}

/**
 * What the UI shows, apart from drone positions (see telemetryBuffer.ts). Actions only set state;
 * talking to the host is hostSync.ts's job, so the store can be driven by a test or a replay.
 */
export interface GcsState {
  connection: ConnectionState;
  droneIndex: DroneIndex | null;
  /** Drone by id, rebuilt with the index, for panels that look drones up by id. */
  dronesById: ReadonlyMap<string, DroneIndexEntry>;
  convoyColors: Readonly<Record<string, string>>;
  /** In `convoys.list` order, refreshed by `convoy.summary` events. */
  convoys: ConvoySummary[];
  selectedConvoyId: string | null;
  leaderboard: LeaderboardView | null;
  selectedDroneId: string | null;
  /** Simulation time of the latest frame, floored to the second (epoch ms). */
  simTime: number | null;
  lastError: string | null;

  setConnection(connection: ConnectionState): void;
  setDroneIndex(index: DroneIndex): void;
  setConvoys(convoys: ConvoySummary[]): void;
  upsertConvoySummaries(summaries: Iterable<ConvoySummary>): void;
  selectConvoy(convoyId: string): void;
  setLeaderboard(view: LeaderboardView): void;
  selectDrone(droneId: string | null): void;
  setSimTime(simTime: number): void;
  setError(message: string | null): void;
}

export type GcsStore = StoreApi<GcsState>;

export function createGcsStore(): GcsStore {
  return createStore<GcsState>()((set, get) => ({
    connection: 'connecting',
    droneIndex: null,
    dronesById: new Map(),
    convoyColors: {},
    convoys: [],
    selectedConvoyId: null,
    leaderboard: null,
    selectedDroneId: null,
    simTime: null,
    lastError: null,

    setConnection: (connection) => set({ connection }),

    setDroneIndex: (index) =>
      set({
        droneIndex: index,
        dronesById: new Map(index.drones.map((d) => [d.droneId, d])),
        convoyColors: assignConvoyColors(index.drones.map((d) => d.convoyId)),
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
    selectDrone: (selectedDroneId) => set({ selectedDroneId }),

    setSimTime: (simTime) => {
      if (simTime !== get().simTime) set({ simTime });
    },

    setError: (lastError) => {
      if (lastError !== get().lastError) set({ lastError });
    },
  }));
}
