import { LEADERBOARD_EVENT_ROWS } from '../../src-shared/constants';
import type { EventPayload, GcsApi } from '../../src-shared/contract';
import type { Alert, ConvoySummary, Drone, LeaderboardEntry } from '../../src-shared/model';
import type { TelemetryFrame } from '../../src-shared/telemetryFrame';
import type { GcsConnection } from '../transport/connect';
import { createFrameScheduler } from '../util/frameScheduler';
import type { DroneLiveBuffer } from './droneLiveBuffer';
import {
  ALERTS_KEPT,
  type DroneStats,
  type FleetSource,
  type GcsStore,
  type LeaderboardView,
} from './gcsStore';
import type { TelemetryBuffer } from './telemetryBuffer';
import { startSystemPolling } from './systemStatus';
import { loadTileStatus } from './tileSource';

/** After a drone index fetch that did not bring the frames' version, wait this long to retry. */
const INDEX_RETRY_MS = 1_000;
/**
 * Panels showing live values re-render at most this often (4 Hz): numbers changing faster than
 * that cannot be read, and at 2,000 drones every render counts.
 */
const LIVE_TICK_MS = 250;
/**
 * Engagement records (the drone table's accuracy columns) are committed at most this often: at
 * 2,000 drones engagements arrive many times a second, and the table refreshes at 2 Hz anyway.
 */
const STATS_COMMIT_MS = 500;

interface HostSyncDeps {
  connection: GcsConnection;
  /** What the console reads: the live fleet, or a replay (transport/sourceApi.ts). */
  api: GcsApi;
  store: GcsStore;
  telemetry: TelemetryBuffer;
  live: DroneLiveBuffer;
  /** Calls its listener when `api` switches source; the console then reloads everything. */
  onSourceChange?: (listener: () => void) => () => void;
  /** The source now: which frame stream to ask for whole after a switch. */
  source?: () => FleetSource;
}

/**
 * Keeps the store and the telemetry buffers in step with the host: loads what the UI needs when
 * the connection opens (again: events sent while it was down are lost), follows the events,
 * refetches the leaderboard when the operator picks another convoy and the selected drone's
 * record when the selection changes, and sends the acknowledgements the operator asks for.
 * Event-driven store updates are committed at most once per animation frame, live values and
 * engagement records slower still (LIVE_TICK_MS, STATS_COMMIT_MS). Returns the stop function.
 */
export function startHostSync({
  connection,
  api,
  store,
  telemetry,
  live,
  onSourceChange = () => () => undefined,
  source = () => 'live',
}: HostSyncDeps): () => void {
  const state = () => store.getState();
  let stopped = false;

  const succeeded = (): void => {
    if (!stopped) state().setError(null);
  };
  const failed =
    (what: string) =>
    (error: unknown): void => {
      if (!stopped) state().setError(`${what}: ${messageOf(error)}`);
    };

  // Drone index: fetched on open, and again whenever frames name a version we do not hold.
  let indexInFlight = false;
  let indexWantedVersion: number | null = null;
  let indexRequestedAt = -Infinity;
  const loadIndex = (forVersion: number | null): void => {
    if (indexInFlight) return;
    indexInFlight = true;
    indexWantedVersion = forVersion;
    indexRequestedAt = performance.now();
    api
      .request('drones.index', {})
      .then((index) => {
        if (stopped) return;
        state().setDroneIndex(index);
        telemetry.truncate(index.drones.reduce((size, d) => Math.max(size, d.index + 1), 0));
        succeeded();
      })
      .catch(failed('drone index'))
      .finally(() => {
        indexInFlight = false;
      });
  };
  const checkIndexVersion = (frame: TelemetryFrame): void => {
    if (frame.indexVersion === state().droneIndex?.version || indexInFlight) return;
    const retrying = frame.indexVersion === indexWantedVersion;
    if (retrying && performance.now() - indexRequestedAt < INDEX_RETRY_MS) return;
    loadIndex(frame.indexVersion);
  };

  const loadConvoys = (): void => {
    api
      .request('convoys.list', {})
      .then((convoys) => {
        if (stopped) return;
        state().setConvoys(convoys);
        loadStats(convoys.map((c) => c.convoyId));
        succeeded();
      })
      .catch(failed('convoys'));
  };

  // Bumped by every newer source of the board, so a slow fetch cannot overwrite a fresher event.
  let boardGeneration = 0;
  let pendingBoard: LeaderboardView | null = null;
  const loadLeaderboard = (convoyId: string): void => {
    const generation = ++boardGeneration;
    pendingBoard = null;
    api
      .request('leaderboard.get', { convoyId, limit: LEADERBOARD_EVENT_ROWS })
      .then((board) => {
        if (stopped || generation !== boardGeneration) return;
        if (state().selectedConvoyId !== convoyId) return;
        state().setLeaderboard({ convoyId, entries: board.entries });
        succeeded();
      })
      .catch(failed('leaderboard'));
  };

  // Engagement records of every drone, for the drone table: the rosters once per connection,
  // then engagement and leaderboard events keep them current.
  const loadStats = (convoyIds: readonly string[]): void => {
    for (const convoyId of convoyIds) {
      api
        .request('convoy.get', { convoyId })
        .then(({ roster }) => {
          if (!stopped) state().mergeDroneStats(roster.map((d) => [d.id, statsOfDrone(d)]));
        })
        .catch(failed('drone stats'));
    }
  };

  // Alerts: the recent list on every open (so a reload shows them), then `alert.changed`.
  const pendingAlerts = new Map<string, Alert>();
  // While a list is on its way, changes wait for it: applied now, the older list would undo them.
  let alertsInFlight = false;
  const loadAlerts = (): void => {
    alertsInFlight = true;
    api
      .request('alerts.list', { includeCleared: true, limit: ALERTS_KEPT })
      .then((alerts) => {
        if (stopped) return;
        // Changes that arrived while the list was on its way are newer than the list.
        const merged = new Map(alerts.map((a) => [a.id, a]));
        for (const alert of pendingAlerts.values()) merged.set(alert.id, alert);
        pendingAlerts.clear();
        state().setAlerts([...merged.values()], 'ready');
      })
      .catch(() => {
        // A core without alerts answers an error: the feed says so instead of the top bar
        // reporting a failure on every reconnect.
        if (!stopped) state().setAlertsStatus('unavailable');
      })
      .finally(() => {
        alertsInFlight = false;
        commit.schedule();
      });
  };
  const sendAcknowledgement = (alertId: string): void => {
    api
      .request('alert.acknowledge', { alertId })
      .then((alert) => {
        if (stopped) return;
        state().upsertAlerts([alert]);
        succeeded();
      })
      .catch(failed('acknowledge'))
      .finally(() => {
        if (!stopped) state().acknowledgeSettled(alertId);
      });
  };

  // The selected drone's full record and route, refetched on selection, on its engagements and
  // when it moves on to another waypoint (the route's arrival times change then).
  let detailGeneration = 0;
  let detailWaypoint = -1;
  const loadSelectedDrone = (withWaypoints: boolean): void => {
    const droneId = state().selectedDroneId;
    const generation = ++detailGeneration;
    if (droneId === null) {
      state().setSelectedDroneDetail(null);
      return;
    }
    const previous = state().selectedDrone;
    const keepWaypoints = previous?.droneId === droneId ? previous.waypoints : null;
    Promise.all([
      api.request('drone.get', { droneId }),
      withWaypoints || keepWaypoints === null
        ? api.request('drone.waypoints', { droneId })
        : Promise.resolve(keepWaypoints),
    ])
      .then(([drone, waypoints]) => {
        if (stopped || generation !== detailGeneration) return;
        detailWaypoint = drone.currentWaypoint;
        state().setSelectedDroneDetail({ droneId, drone, waypoints, error: null });
      })
      .catch((error: unknown) => {
        if (stopped || generation !== detailGeneration) return;
        const current = state().selectedDrone;
        state().setSelectedDroneDetail({
          droneId,
          drone: current?.droneId === droneId ? current.drone : null,
          waypoints: current?.droneId === droneId ? current.waypoints : null,
          error: messageOf(error),
        });
      });
  };
  const selectedSlot = (): number | undefined => {
    const id = state().selectedDroneId;
    return id === null ? undefined : state().dronesById.get(id)?.index;
  };

  const pendingEngagements: EventPayload<'engagement.recorded'>[] = [];
  const applyEngagements = (): Map<string, DroneStats> => {
    const stats = state().droneStats;
    const updates = new Map<string, DroneStats>();
    for (const { engagement, newAccuracyPct } of pendingEngagements) {
      const before = updates.get(engagement.droneId) ?? stats.get(engagement.droneId);
      const total = (before?.totalEngagements ?? 0) + 1;
      const hits = (before?.successfulHits ?? 0) + (engagement.hit ? 1 : 0);
      const streak = engagement.hit ? (before?.currentStreak ?? 0) + 1 : 0;
      updates.set(engagement.droneId, {
        accuracyPct: newAccuracyPct,
        totalEngagements: total,
        successfulHits: hits,
        currentStreak: streak,
        bestStreak: Math.max(before?.bestStreak ?? 0, streak),
      });
    }
    pendingEngagements.length = 0;
    return updates;
  };
  let selectedEngaged = false;

  const pendingBoardStats = new Map<string, LeaderboardEntry>();

  const liveThrottle = createThrottle(LIVE_TICK_MS, () => commit.schedule());
  const statsThrottle = createThrottle(STATS_COMMIT_MS, () => commit.schedule());
  let liveDirty = false;
  const tickLive = (): void => {
    if (!liveDirty || !liveThrottle.ready()) return;
    liveDirty = false;
    state().bumpLiveTick();
    const slot = selectedSlot();
    if (slot !== undefined && live.seen[slot] === 1) {
      const waypoint = live.currentWaypoint[slot] ?? -1;
      if (detailWaypoint !== -1 && waypoint !== detailWaypoint) {
        detailWaypoint = waypoint;
        loadSelectedDrone(true);
      }
    }
  };
  const commitStats = (): void => {
    if (pendingEngagements.length === 0 && pendingBoardStats.size === 0) return;
    if (!statsThrottle.ready()) return;
    // Engagements before boards: a board is published after the engagements it reflects, and
    // where it covers a drone its figures are the host's own, so they win.
    const updates = applyEngagements();
    for (const e of pendingBoardStats.values()) updates.set(e.droneId, statsOfEntry(e));
    pendingBoardStats.clear();
    state().mergeDroneStats(updates);
  };

  const pendingSummaries = new Map<string, ConvoySummary>();
  const commit = createFrameScheduler(() => {
    if (pendingBoard && pendingBoard.convoyId === state().selectedConvoyId) {
      state().setLeaderboard(pendingBoard);
    }
    pendingBoard = null;
    if (pendingSummaries.size > 0) {
      state().upsertConvoySummaries(pendingSummaries.values());
      pendingSummaries.clear();
    }
    if (pendingAlerts.size > 0 && !alertsInFlight) {
      state().upsertAlerts(pendingAlerts.values());
      pendingAlerts.clear();
    }
    commitStats();
    if (selectedEngaged) {
      selectedEngaged = false;
      loadSelectedDrone(false);
    }
    tickLive();
    // Whole seconds: the top bar shows no finer, so finer changes would only cost renders.
    if (telemetry.simTime > 0) state().setSimTime(Math.floor(telemetry.simTime / 1000) * 1000);
  });

  const loadAll = (): void => {
    loadIndex(null);
    loadConvoys();
    loadAlerts();
    // The host may have reopened (or lost) its tile file while the connection was down.
    void loadTileStatus(api);
    const convoyId = state().selectedConvoyId;
    if (convoyId) loadLeaderboard(convoyId);
    if (state().selectedDroneId !== null) loadSelectedDrone(true);
  };

  // Another source: what is on screen belongs to the other one. Its drones come back whole (a
  // full frame of the new stream) and everything else is loaded again.
  const switchSource = (): void => {
    boardGeneration++;
    detailGeneration++;
    pendingBoard = null;
    pendingBoardStats.clear();
    pendingEngagements.length = 0;
    pendingSummaries.clear();
    const now = source();
    state().clearFleet(now);
    telemetry.truncate(0);
    if (state().connection !== 'open') return;
    loadAll();
    const stream = now === 'replay' ? 'replay.frame' : 'telemetry.frame';
    api.request('frames.refresh', { stream }).catch(failed('frames'));
  };

  const unsubscribers = [
    onSourceChange(switchSource),
    connection.onState((next) => {
      state().setConnection(next);
      if (next === 'open') loadAll();
    }),
    api.on('telemetry.frame', (frame) => {
      telemetry.apply(frame);
      live.apply(frame);
      liveDirty = true;
      checkIndexVersion(frame);
      commit.schedule();
    }),
    api.on('leaderboard.changed', ({ convoyId, entries }) => {
      for (const entry of entries) pendingBoardStats.set(entry.droneId, entry);
      commit.schedule();
      if (convoyId !== state().selectedConvoyId) return;
      boardGeneration++;
      pendingBoard = { convoyId, entries: entries.slice(0, LEADERBOARD_EVENT_ROWS) };
      commit.schedule();
    }),
    api.on('convoy.summary', (summary) => {
      pendingSummaries.set(summary.convoyId, summary);
      commit.schedule();
    }),
    api.on('engagement.recorded', (payload) => {
      pendingEngagements.push(payload);
      if (payload.engagement.droneId === state().selectedDroneId) selectedEngaged = true;
      commit.schedule();
    }),
    api.on('alert.changed', (alert) => {
      pendingAlerts.set(alert.id, alert);
      commit.schedule();
    }),
    store.subscribe((next, previous) => {
      if (next.selectedConvoyId !== previous.selectedConvoyId && next.selectedConvoyId) {
        loadLeaderboard(next.selectedConvoyId);
      }
      if (next.selectedDroneId !== previous.selectedDroneId) {
        detailWaypoint = -1;
        loadSelectedDrone(true);
      }
      if (next.acknowledging !== previous.acknowledging) {
        for (const alertId of next.acknowledging) {
          if (!previous.acknowledging.has(alertId)) sendAcknowledgement(alertId);
        }
      }
    }),
  ];

  // A WebSocket bridge reports 'open' through onState; the Electron bridge is open from the start
  // and never reports, so its first load happens here.
  state().setConnection(connection.state);
  if (connection.state === 'open') loadAll();
  const stopSystemPolling = startSystemPolling(api, () => state().connection === 'open');

  return () => {
    stopped = true;
    stopSystemPolling();
    commit.cancel();
    liveThrottle.cancel();
    statsThrottle.cancel();
    for (const unsubscribe of unsubscribers) unsubscribe();
  };
}

/** Lets a commit step run at most every `ms`; a step held back asks `retry` when its time comes. */
function createThrottle(ms: number, retry: () => void) {
  let last = -Infinity;
  let timer: ReturnType<typeof setTimeout> | null = null;
  return {
    ready(): boolean {
      const wait = last + ms - performance.now();
      if (wait <= 0) {
        last = performance.now();
        return true;
      }
      timer ??= setTimeout(() => {
        timer = null;
        retry();
      }, wait);
      return false;
    },
    cancel(): void {
      if (timer !== null) clearTimeout(timer);
      timer = null;
    },
  };
}

function statsOfDrone(d: Drone): DroneStats {
  return {
    accuracyPct: d.accuracyPct,
    totalEngagements: d.totalEngagements,
    successfulHits: d.successfulHits,
    currentStreak: d.currentStreak,
    bestStreak: d.bestStreak,
  };
}

function statsOfEntry(e: LeaderboardEntry): DroneStats {
  return {
    accuracyPct: e.accuracyPct,
    totalEngagements: e.totalEngagements,
    successfulHits: e.successfulHits,
    currentStreak: e.currentStreak,
    bestStreak: e.bestStreak,
  };
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
