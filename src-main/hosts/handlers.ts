import type { ParsedInput, RequestName, RequestOutput } from '../../src-shared/contract';
import { GcsError, notFound } from '../../src-shared/errors';
import type { Core } from '../core/createCore';

export type Handlers = {
  [K in RequestName]: (input: ParsedInput<K>) => Promise<RequestOutput<K>>;
};

/** The contract's requests answered by the core. A missing channel is a type error here. */
export interface HostOptions {
  /** Where this host serves offline map tiles (the web host: `/tiles`; Electron: its protocol). */
  tileUrlBase: string;
  /** The desktop app's folder dialog; a host without one answers `host.pickFolder` UNAVAILABLE. */
  pickFolder?: (purpose: 'open-mission' | 'export-mission') => Promise<string | null>;
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
    'mission.export': (request) => core.missionExports.start(request),
    'mission.export.cancel': async ({ exportId }) => core.missionExports.cancel(exportId),
    'mission.exports': async () => core.missionExports.list(),
    'replay.open': ({ folder }) => core.replay.open(folder),
    'replay.close': () => core.replay.close(),
    'replay.status': async () => core.replay.status(),
    'replay.play': async (options) => core.replay.play(options),
    'replay.pause': async () => core.replay.pause(),
    'replay.seek': ({ atMs }) => core.replay.seek(atMs),
    'replay.step': ({ deltaMs }) => core.replay.step(deltaMs),
    'replay.markers': async ({ bins }) => core.replay.markers(bins),
    'replay.index': async () => core.replay.index(),
    'replay.convoys': async () => core.replay.convoys(),
    'replay.convoy': async ({ convoyId }) => core.replay.convoy(convoyId),
    'replay.leaderboard': async ({ convoyId, limit, offset }) =>
      core.replay.leaderboard(convoyId, limit, offset),
    'replay.drone': async ({ droneId }) => core.replay.drone(droneId),
    'replay.waypoints': ({ droneId }) => core.replay.waypoints(droneId),
    'replay.mesh': async ({ convoyId }) => core.replay.mesh(convoyId),
    'analytics.report': (request) => core.analytics.report(request),
    'frames.refresh': async ({ stream }) => {
      const frame =
        stream === 'replay.frame' ? core.replay.fullFrame() : core.telemetry.fullFrame();
      if (frame) core.bus.emit(stream, frame);
      return { sent: frame !== null };
    },
    'host.pickFolder': async ({ purpose }) => {
      if (!host.pickFolder) {
        throw new GcsError(
          'UNAVAILABLE',
          'this host has no folder dialog: type the folder path (on the machine the GCS runs on)',
        );
      }
      return { path: await host.pickFolder(purpose) };
    },
  };
}
