import { useStore } from 'zustand';
import { createStore } from 'zustand/vanilla';
import type {
  GcsApi,
  MissionExportStatus,
  ReplayMarkers,
  ReplayStatus,
  RequestInput,
} from '../../src-shared/contract';

/** Bins of the timeline's engagement markers: about one per two pixels of a laptop's bar. */
export const MARKER_BINS = 600;
/** The speeds the replay bar offers, slowest first. */
export const REPLAY_SPEEDS = [0.1, 0.25, 0.5, 1, 2, 4, 8, 16, 32, 64] as const;

/**
 * The offline replay and the mission exports, as the host reports them (it owns both: the mission
 * plays in the main process, shared by every window). The page mirrors `replay.state` and
 * `mission.export.progress`, and sends what the operator asks for through the helpers below.
 */
export interface ReplayState {
  status: ReplayStatus | null;
  markers: ReplayMarkers | null;
  exports: MissionExportStatus[];
  /** An open is under way: the form waits rather than send a second. */
  opening: boolean;
  /** Why the operator's last replay or export request failed; null after a success. */
  lastError: string | null;
}

export const replayState = createStore<ReplayState>()(() => ({
  status: null,
  markers: null,
  exports: [],
  opening: false,
  lastError: null,
}));

export function useReplay<T>(selector: (state: ReplayState) => T): T {
  return useStore(replayState, selector);
}

export const isReplaying = (): boolean => replayState.getState().status?.active === true;

let hostApi: GcsApi | null = null;

/**
 * Follows the host's replay and exports: their state on every (re)connect, then their events.
 * Calls `onModeChange` when a mission opens or closes, so the console reloads from the right
 * source. Returns the stop function.
 */
export function startReplaySync(
  api: GcsApi,
  onOpen: (listener: () => void) => () => void,
  onModeChange: () => void,
): () => void {
  hostApi = api;
  let stopped = false;
  let markersFor = -1;
  const apply = (status: ReplayStatus): void => {
    const before = replayState.getState().status;
    // Events of an earlier mission can arrive after a newer one's answer: keep the newest.
    if (before && status.sessionId < before.sessionId) return;
    replayState.setState({ status });
    const wasActive = before?.active === true;
    if (status.active !== wasActive || (status.active && before?.sessionId !== status.sessionId)) {
      if (!status.active) replayState.setState({ markers: null });
      onModeChange();
    }
    if (status.active && markersFor !== status.sessionId) {
      markersFor = status.sessionId;
      void api.request('replay.markers', { bins: MARKER_BINS }).then(
        (markers) => {
          if (!stopped && replayState.getState().status?.sessionId === status.sessionId) {
            replayState.setState({ markers });
          }
        },
        () => {
          markersFor = -1;
        },
      );
    }
  };
  const upsertExport = (job: MissionExportStatus): void => {
    const others = replayState.getState().exports.filter((e) => e.exportId !== job.exportId);
    replayState.setState({ exports: [job, ...others] });
  };
  const load = (): void => {
    void api.request('replay.status', {}).then(
      (s) => !stopped && apply(s),
      () => undefined,
    );
    void api.request('mission.exports', {}).then(
      (exports) => !stopped && replayState.setState({ exports }),
      () => undefined,
    );
  };
  const unsubscribers = [
    api.on('replay.state', (s) => !stopped && apply(s)),
    api.on('mission.export.progress', (job) => !stopped && upsertExport(job)),
    onOpen(load),
  ];
  load();
  return () => {
    stopped = true;
    hostApi = null;
    for (const off of unsubscribers) off();
  };
}

/** Runs a replay request; its answer is the new status. A failure is reported, not thrown. */
async function control<K extends 'replay.play' | 'replay.pause' | 'replay.seek' | 'replay.step'>(
  channel: K,
  input: RequestInput<K>,
): Promise<void> {
  if (!hostApi) return;
  try {
    const status = await hostApi.request(channel, input as never);
    const current = replayState.getState().status;
    if (!current || status.sessionId >= current.sessionId) replayState.setState({ status });
    replayState.setState({ lastError: null });
  } catch (error) {
    replayState.setState({ lastError: messageOf(error) });
  }
}

export const replayControls = {
  async open(folder: string): Promise<boolean> {
    if (!hostApi || replayState.getState().opening) return false;
    replayState.setState({ opening: true, lastError: null });
    try {
      const status = await hostApi.request('replay.open', { folder: folder.trim() });
      replayState.setState({ opening: false });
      const current = replayState.getState().status;
      if (!current || status.sessionId >= current.sessionId) replayState.setState({ status });
      return true;
    } catch (error) {
      replayState.setState({ opening: false, lastError: messageOf(error) });
      return false;
    }
  },
  async close(): Promise<void> {
    if (!hostApi) return;
    try {
      await hostApi.request('replay.close', {});
    } catch (error) {
      replayState.setState({ lastError: messageOf(error) });
    }
  },
  togglePlay(): void {
    const status = replayState.getState().status;
    if (!status?.active) return;
    if (status.playing) void control('replay.pause', {});
    else void control('replay.play', { speed: status.speed, reverse: status.reverse });
  },
  play(speed: number, reverse: boolean): void {
    void control('replay.play', { speed, reverse });
  },
  setSpeed(speed: number): void {
    const status = replayState.getState().status;
    if (!status?.active) return;
    // A new speed while paused is kept for the next play without starting it.
    if (status.playing) void control('replay.play', { speed, reverse: status.reverse });
    else replayState.setState({ status: { ...status, speed } });
  },
  seek(atMs: number): void {
    void control('replay.seek', { atMs: Math.max(0, Math.round(atMs)) });
  },
  step(deltaMs: number): void {
    if (!replayState.getState().status?.active) return;
    void control('replay.step', { deltaMs });
  },
  async pickFolder(purpose: 'open-mission' | 'export-mission'): Promise<string | null> {
    if (!hostApi) return null;
    try {
      return (await hostApi.request('host.pickFolder', { purpose })).path;
    } catch (error) {
      replayState.setState({ lastError: messageOf(error) });
      return null;
    }
  },
  async exportMission(request: RequestInput<'mission.export'>): Promise<boolean> {
    if (!hostApi) return false;
    try {
      const job = await hostApi.request('mission.export', request);
      const others = replayState.getState().exports.filter((e) => e.exportId !== job.exportId);
      replayState.setState({ exports: [job, ...others], lastError: null });
      return true;
    } catch (error) {
      replayState.setState({ lastError: messageOf(error) });
      return false;
    }
  },
  async cancelExport(exportId: string): Promise<void> {
    if (!hostApi) return;
    try {
      await hostApi.request('mission.export.cancel', { exportId });
    } catch (error) {
      replayState.setState({ lastError: messageOf(error) });
    }
  },
};

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
