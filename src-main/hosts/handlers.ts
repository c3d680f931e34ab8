import type { ParsedInput, RequestName, RequestOutput } from '../../src-shared/contract';
import { notFound } from '../../src-shared/errors';
import type { Core } from '../core/createCore';

export type Handlers = {
  [K in RequestName]: (input: ParsedInput<K>) => Promise<RequestOutput<K>>;
};

/** The contract's requests answered by the core. A missing channel is a type error here. */
export interface HostOptions {
  /** Where this host serves offline map tiles (the web host: `/tiles`; Electron: its protocol). */
  tileUrlBase: string;
}

export function createHandlers(
  core: Core,
  host: HostOptions = { tileUrlBase: '/tiles' },
): Handlers {
  return {
    'convoys.list': () => core.convoys.list(),
    'convoy.get': ({ convoyId }) => core.convoys.get(convoyId),
    'drone.get': ({ droneId }) => core.drones.get(droneId),
    'drone.waypoints': ({ droneId }) => core.drones.waypoints(droneId),
    'drones.index': async () => core.registry.index(),
    'leaderboard.get': ({ convoyId, limit, offset }) =>
      core.leaderboards.get(convoyId, limit, offset),
    'engagement.record': async (input) => {
      // Requests from outside are limited; the simulator's own engagements are not.
      await core.rateLimits.engagementRecord(input.droneId);
      return core.engagements.record(input);
    },
    'simulator.status': async () => core.simulator.status(),
    'simulator.start': () => core.simulator.start(),
    'simulator.stop': () => core.simulator.stop(),
    'simulator.configure': (settings) => core.simulator.configure(settings),
    'system.health': async () => core.health(),
    'cache.stats': () => core.cacheStats(),
    'alerts.list': async ({ includeCleared, limit }) => core.alerts.list(includeCleared, limit),
    'alert.acknowledge': ({ alertId }) => core.alerts.acknowledge(alertId),
    'alerts.configure': async (settings) => core.alerts.configure(settings),
    'tiles.status': async () => core.tiles.status(host.tileUrlBase),
    'tiles.open': async ({ path }) => {
      await core.tiles.open(path);
      return core.tiles.status(host.tileUrlBase);
    },
    'tiles.close': async () => {
      await core.tiles.close();
      return core.tiles.status(host.tileUrlBase);
    },
    'mesh.topology': async ({ convoyId }) => {
      if (!core.registry.convoy(convoyId)) throw notFound('convoy', convoyId);
      return { convoyId, links: core.simulator.meshLinks(convoyId) };
    },
  };
}
