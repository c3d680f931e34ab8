import type { DroneLiveBuffer } from '../state/droneLiveBuffer';
import { useGcsStore } from '../state/GcsContext';
import type { DockTab } from '../state/gcsStore';
import { selectors } from '../state/selectors';
import { AlertsPanel } from '../panels/Alerts/AlertsPanel';
import { DroneTablePanel } from '../panels/DroneTable/DroneTablePanel';
import { AnalyticsPanel } from '../panels/Analytics/AnalyticsPanel';
import { MissionsPanel } from '../panels/Missions/MissionsPanel';
import { SystemPanel } from '../panels/System/SystemPanel';
import type { GcsApi } from '../../src-shared/contract';
import { useReplay } from '../state/replayState';
import { useSystemStatus } from '../state/systemStatus';

/**
 * The area under the map: the alerts feed, the drone table and the system panel as tabs. Only
 * the open tab is mounted, so a hidden drone table costs nothing at 2,000 drones.
 */
interface DockProps {
  live: DroneLiveBuffer;
  /** The host itself, for the missions tab (exports are of the live store). */
  hostApi: GcsApi;
  desktop: boolean;
}

export function Dock({ live, hostApi, desktop }: DockProps) {
  const tab = useGcsStore(selectors.dockTab);
  const setTab = useGcsStore(selectors.setDockTab);
  const openAlerts = useGcsStore(selectors.unacknowledgedAlertCount);
  const droneCount = useGcsStore(selectors.droneCount);
  const status = useSystemStatus((s) => s.health?.status ?? null);
  const exporting = useReplay((s) => s.exports.filter((e) => e.state === 'running').length);
  const replaying = useReplay((s) => s.status?.active === true);

  const tabs: [DockTab, string, number | string, string][] = [
    ['alerts', 'Alerts', openAlerts, 'A'],
    ['drones', 'Drones', droneCount, 'D'],
    ['system', 'System', status === null ? '…' : status === 'ok' ? 'OK' : status, 'S'],
    ['missions', 'Missions', replaying ? 'replay' : exporting > 0 ? 'export' : '', 'O'],
    ['analytics', 'Analytics', '', 'Y'],
  ];
  return (
    <section className="dock" aria-label="Alerts, drones and system">
      <div className="dock__tabs" role="tablist">
        {tabs.map(([id, label, count, key]) => (
          <button
            key={id}
            type="button"
            role="tab"
            id={`tab-${id}`}
            aria-selected={tab === id}
            aria-controls={`tabpanel-${id}`}
            className="dock__tab"
            data-testid={`tab-${id}`}
            title={`${label} (${key})`}
            onClick={() => setTab(id)}
          >
            {label}
            <span
              className="dock__tab-count num"
              data-alerts={(id === 'alerts' && typeof count === 'number' && count > 0) || undefined}
              data-status={id === 'system' ? (status ?? undefined) : undefined}
            >
              {count}
            </span>
          </button>
        ))}
      </div>
      <div
        className="dock__panel"
        role="tabpanel"
        id={`tabpanel-${tab}`}
        aria-labelledby={`tab-${tab}`}
      >
        {tab === 'alerts' ? (
          <AlertsPanel />
        ) : tab === 'drones' ? (
          <DroneTablePanel live={live} />
        ) : tab === 'system' ? (
          <SystemPanel />
        ) : tab === 'missions' ? (
          <MissionsPanel hostApi={hostApi} desktop={desktop} />
        ) : (
          <AnalyticsPanel hostApi={hostApi} />
        )}
      </div>
    </section>
  );
}
