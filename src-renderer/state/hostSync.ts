import { LEADERBOARD_EVENT_ROWS } from '../../src-shared/constants';
import type { ConvoySummary } from '../../src-shared/model';
import type { TelemetryFrame } from '../../src-shared/telemetryFrame';
import type { GcsConnection } from '../transport/connect';
import { createFrameScheduler } from '../util/frameScheduler';
import type { GcsStore, LeaderboardView } from './gcsStore';
import type { TelemetryBuffer } from './telemetryBuffer';

/** After a drone index fetch that did not bring the frames' version, wait this long to retry. */
const INDEX_RETRY_MS = 1_000;

interface HostSyncDeps {
  connection: GcsConnection;
  store: GcsStore;
  telemetry: TelemetryBuffer;
}

/**
 * Keeps the store and the telemetry buffer in step with the host: loads what the UI needs when
 * the connection opens (again: events sent while it was down are lost), follows the events, and
 * refetches the leaderboard when the operator picks another convoy. Event-driven store updates
 * are committed at most once per animation frame. Returns the function that stops it.
 */
export function startHostSync({ connection, store, telemetry }: HostSyncDeps): () => void {
  const { api } = connection;
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
    // Whole seconds: the top bar shows no finer, so finer changes would only cost renders.
    if (telemetry.simTime > 0) state().setSimTime(Math.floor(telemetry.simTime / 1000) * 1000);
  });

  const loadAll = (): void => {
    loadIndex(null);
    loadConvoys();
    const convoyId = state().selectedConvoyId;
    if (convoyId) loadLeaderboard(convoyId);
  };

  const unsubscribers = [
    connection.onState((next) => {
      state().setConnection(next);
      if (next === 'open') loadAll();
    }),
    api.on('telemetry.frame', (frame) => {
      telemetry.apply(frame);
      checkIndexVersion(frame);
      commit.schedule();
    }),
    api.on('leaderboard.changed', ({ convoyId, entries }) => {
      if (convoyId !== state().selectedConvoyId) return;
      boardGeneration++;
      pendingBoard = { convoyId, entries: entries.slice(0, LEADERBOARD_EVENT_ROWS) };
      commit.schedule();
    }),
    api.on('convoy.summary', (summary) => {
      pendingSummaries.set(summary.convoyId, summary);
      commit.schedule();
    }),
    store.subscribe((next, previous) => {
      if (next.selectedConvoyId !== previous.selectedConvoyId && next.selectedConvoyId) {
        loadLeaderboard(next.selectedConvoyId);
      }
    }),
  ];

  // A WebSocket bridge reports 'open' through onState; the Electron bridge is open from the start
  // and never reports, so its first load happens here.
  state().setConnection(connection.state);
  if (connection.state === 'open') loadAll();

  return () => {
    stopped = true;
    commit.cancel();
    for (const unsubscribe of unsubscribers) unsubscribe();
  };
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
