import type { ParsedInput, RequestName, RequestOutput } from '../../src-shared/contract';
import type { Core } from '../core/createCore';

export type Handlers = {
  [K in RequestName]: (input: ParsedInput<K>) => Promise<RequestOutput<K>>;
};

/** The contract's requests answered by the core. A missing channel is a type error here. */
export function createHandlers(core: Core): Handlers {
  return {
    'convoys.list': () => core.convoys.list(),
    'convoy.get': ({ convoyId }) => core.convoys.get(convoyId),
    'drone.get': ({ droneId }) => core.drones.get(droneId),
    'drone.waypoints': ({ droneId }) => core.drones.waypoints(droneId),
    'drones.index': async () => core.registry.index(),
    'leaderboard.get': ({ convoyId, limit, offset }) =>
      core.leaderboards.get(convoyId, limit, offset),
    'engagement.record': (input) => core.engagements.record(input),
    'simulator.status': async () => core.simulator.status(),
    'simulator.start': () => core.simulator.start(),
    'simulator.stop': () => core.simulator.stop(),
    'simulator.configure': (settings) => core.simulator.configure(settings),
    'system.health': async () => core.health(),
  };
}
