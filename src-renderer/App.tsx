import { TopBar } from './layout/TopBar';
import { MapView } from './map/MapView';
import { LeaderboardPanel } from './panels/Leaderboard/LeaderboardPanel';

export function App() {
  return (
    <div className="app">
      <TopBar />
      <main className="workspace">
        <MapView />
        <aside className="side-panel">
          <LeaderboardPanel />
        </aside>
      </main>
    </div>
  );
}
