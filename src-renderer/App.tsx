import { Dock } from './layout/Dock';
import { TopBar } from './layout/TopBar';
import { MapView } from './map/MapView';
import { DroneStatusPanel } from './panels/DroneStatus/DroneStatusPanel';
import { LeaderboardPanel } from './panels/Leaderboard/LeaderboardPanel';
import { HelpOverlay } from './shortcuts/HelpOverlay';
import { useShortcuts } from './shortcuts/useShortcuts';
import type { GcsApi } from '../src-shared/contract';
import type { DroneLiveBuffer } from './state/droneLiveBuffer';
import { ReplayBar } from './replay/ReplayBar';
import { useMissionDrop } from './replay/useMissionDrop';

/**
 * The console: the map in the middle, the alerts feed and drone table under it, the leaderboard
 * and the selected drone's status on the right. Every region has a fixed or flexible size set by
 * the layout alone, never by its content, so live data never moves anything.
 */
interface AppProps {
  live: DroneLiveBuffer;
  /** For the map's route and mesh requests (live or replay); everything else goes through hostSync. */
  api: GcsApi;
  /** The host itself, for what is always live (mission exports). */
  hostApi: GcsApi;
  /** The desktop app (folder dialogs, dropped folders). */
  desktop: boolean;
}

export function App({ live, api, hostApi, desktop }: AppProps) {
  useShortcuts();
  const drop = useMissionDrop();
  return (
    <div className="app" {...drop}>
      <TopBar />
      <main className="workspace">
        <div className="workspace__map">
          <MapView api={api} />
          <ReplayBar />
        </div>
        <Dock live={live} hostApi={hostApi} desktop={desktop} />
        <aside className="side-panel">
          <LeaderboardPanel />
          <DroneStatusPanel live={live} />
        </aside>
      </main>
      <HelpOverlay />
    </div>
  );
}
