import { APP_NAME } from '../../src-shared/constants';
import { useGcsStore } from '../state/GcsContext';
import { selectors } from '../state/selectors';

/** Epoch ms as "YYYY-MM-DD HH:MM:SSZ": operators across time zones read the same clock. */
function formatUtc(epochMs: number): string {
  return `${new Date(epochMs).toISOString().slice(0, 19).replace('T', ' ')}Z`;
}

export function TopBar() {
  const connection = useGcsStore(selectors.connection);
  const droneCount = useGcsStore(selectors.droneCount);
  const simTime = useGcsStore(selectors.simTime);
  const lastError = useGcsStore(selectors.lastError);

  return (
    <header className="top-bar">
      <span className="top-bar__name">{APP_NAME}</span>
      <span className="top-bar__item" title="Link to the GCS core">
        <span className={`connection-dot connection-dot--${connection}`} aria-hidden="true" />
        <span data-testid="connection-state" data-state={connection}>
          {connection}
        </span>
      </span>
      <span className="top-bar__item">
        <span className="top-bar__label">Drones</span>
        <span data-testid="drone-count">{droneCount}</span>
      </span>
      <span className="top-bar__item">
        <span className="top-bar__label">Sim time</span>
        <span data-testid="sim-time" className="mono">
          {simTime === null ? '—' : formatUtc(simTime)}
        </span>
      </span>
      {lastError && (
        <span className="top-bar__error" data-testid="last-error" title={lastError}>
          {lastError}
        </span>
      )}
    </header>
  );
}
