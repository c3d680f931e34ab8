import type {
  EventName,
  EventPayload,
  GcsApi,
  RequestInput,
  RequestName,
  RequestOutput,
} from '../../src-shared/contract';

/**
 * The console's requests that a replay answers from the mission at the cursor, each with the
 * replay request that takes the same input and gives the same output (src-shared/contract.ts).
 */
const REPLAY_REQUESTS = {
  'drones.index': 'replay.index',
  'convoys.list': 'replay.convoys',
  'convoy.get': 'replay.convoy',
  'leaderboard.get': 'replay.leaderboard',
  'drone.get': 'replay.drone',
  'drone.waypoints': 'replay.waypoints',
  'mesh.topology': 'replay.mesh',
} as const satisfies Partial<Record<RequestName, RequestName>>;

/** The live events a replay replaces with its own (same payloads). */
const REPLAY_EVENTS = {
  'telemetry.frame': 'replay.frame',
  'leaderboard.changed': 'replay.leaderboard',
  'convoy.summary': 'replay.summary',
} as const satisfies Partial<Record<EventName, EventName>>;

/** Live events that have no place in a replay: the engagements happening now. */
const LIVE_ONLY_EVENTS: ReadonlySet<EventName> = new Set(['engagement.recorded']);

/**
 * The API the console's panels and map use: the live fleet, or, while a mission is open for
 * replay, the same requests and events answered from the mission. The panels never know which:
 * a replay is the console pointed at another source. Alerts, the system panel and everything
 * else stay live.
 */
export function createSourceApi(api: GcsApi, isReplay: () => boolean): GcsApi {
  return {
    request<K extends RequestName>(channel: K, input: RequestInput<K>): Promise<RequestOutput<K>> {
      const replayChannel = (REPLAY_REQUESTS as Partial<Record<RequestName, RequestName>>)[channel];
      if (replayChannel && isReplay()) {
        return api.request(replayChannel, input as never) as Promise<RequestOutput<K>>;
      }
      return api.request(channel, input);
    },
    on<K extends EventName>(event: K, listener: (payload: EventPayload<K>) => void): () => void {
      const replayEvent = (REPLAY_EVENTS as Partial<Record<EventName, EventName>>)[event];
      if (!replayEvent) {
        if (!LIVE_ONLY_EVENTS.has(event)) return api.on(event, listener);
        return api.on(event, (payload) => {
          if (!isReplay()) listener(payload);
        });
      }
      const offLive = api.on(event, (payload) => {
        if (!isReplay()) listener(payload);
      });
      const offReplay = api.on(replayEvent, (payload) => {
        if (isReplay()) listener(payload as unknown as EventPayload<K>);
      });
      return () => {
        offLive();
        offReplay();
      };
    },
  };
}
