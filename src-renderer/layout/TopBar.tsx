import { APP_NAME } from '../../src-shared/constants';
import { useGcsStore } from '../state/GcsContext';
import { selectors } from '../state/selectors';
import { useReplay } from '../state/replayState';
import { useSystemStatus, storeSummary } from '../state/systemStatus';
import { THEME_LABELS, nextTheme } from '../theme/theme';

/** Epoch ms as "YYYY-MM-DD HH:MM:SSZ": operators across time zones read the same clock. */
function formatUtc(epochMs: number): string {
  return `${new Date(epochMs).toISOString().slice(0, 19).replace('T', ' ')}Z`;
}

export function TopBar() {
  const connection = useGcsStore(selectors.connection);
  const droneCount = useGcsStore(selectors.droneCount);
  const simTime = useGcsStore(selectors.simTime);
  const lastError = useGcsStore(selectors.lastError);
  const theme = useGcsStore(selectors.theme);
  const toggleTheme = useGcsStore(selectors.toggleTheme);
  const helpOpen = useGcsStore(selectors.helpOpen);
  const setHelpOpen = useGcsStore(selectors.setHelpOpen);
  const unacknowledged = useGcsStore(selectors.unacknowledgedAlertCount);
  const worst = useGcsStore(selectors.worstOpenSeverity);
  const setDockTab = useGcsStore(selectors.setDockTab);
  const health = useSystemStatus((s) => s.health);
  const replayCursor = useReplay((s) => (s.status?.active ? s.status.cursorMs : null));
  const degraded = health !== null && health.status !== 'ok';
  const degradedParts = health
    ? [
        storeSummary(health.store),
        health.cache.state !== 'up' && `cache ${health.cache.state}`,
      ].filter(Boolean)
    : [];

  return (
    <header className="top-bar">
      <span className="top-bar__name">{APP_NAME}</span>
      <span className="top-bar__item" title="Link to the GCS core">
        <span className={`connection-dot connection-dot--${connection}`} aria-hidden="true" />
        <span data-testid="connection-state" data-state={connection} className="top-bar__state">
          {connection}
        </span>
      </span>
      <span className="top-bar__item">
        <span className="top-bar__label">Drones</span>
        <span data-testid="drone-count" className="num top-bar__count">
          {droneCount}
        </span>
      </span>
      <span className="top-bar__item">
        {replayCursor === null ? (
          <>
            <span className="top-bar__label">Sim time</span>
            <span data-testid="sim-time" className="mono">
              {simTime === null ? '—' : formatUtc(simTime)}
            </span>
          </>
        ) : (
          <>
            <button
              type="button"
              className="top-bar__replay"
              data-testid="replay-mode"
              title="A mission is open for replay: the map and panels show it at the cursor"
              onClick={() => setDockTab('missions')}
            >
              Replay
            </button>
            <span data-testid="sim-time" className="mono">
              {formatUtc(replayCursor)}
            </span>
          </>
        )}
      </span>
      <button
        type="button"
        className="alerts-badge"
        data-testid="alerts-badge"
        data-severity={worst ?? 'NONE'}
        data-count={unacknowledged}
        title="Open alerts not yet acknowledged: show the alerts feed"
        onClick={() => setDockTab('alerts')}
      >
        <span className="top-bar__label">Alerts</span>
        <span className="num alerts-badge__count">{unacknowledged}</span>
      </button>
      <button
        type="button"
        className="system-chip"
        data-testid="system-state"
        data-status={health?.status ?? 'unknown'}
        // Always in the layout, hidden when all is well, so its appearance moves nothing.
        style={{ visibility: degraded ? 'visible' : 'hidden' }}
        title="The GCS keeps working on what it has: show connections and the cache"
        onClick={() => setDockTab('system')}
      >
        {degraded ? `⚠ ${degradedParts.join(', ') || health?.status}` : 'OK'}
      </button>
      <span className="top-bar__error" data-testid="last-error" title={lastError ?? undefined}>
        {lastError}
      </span>
      <button
        type="button"
        className="button button--icon"
        data-testid="help-toggle"
        aria-pressed={helpOpen}
        title="Keyboard shortcuts (?)"
        onClick={() => setHelpOpen(!helpOpen)}
      >
        ?
      </button>
      <button
        type="button"
        className="button theme-toggle"
        data-testid="theme-toggle"
        data-theme={theme}
        title={`Switch to the ${THEME_LABELS[nextTheme(theme)].toLowerCase()} theme (Shift+T)`}
        onClick={toggleTheme}
      >
        <span className="theme-toggle__icon" aria-hidden="true" />
        {THEME_LABELS[theme]}
      </button>
    </header>
  );
}
