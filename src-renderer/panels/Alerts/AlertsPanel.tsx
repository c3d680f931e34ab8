import { memo, useCallback, useMemo, useState } from 'react';
import type { Alert, AlertKind } from '../../../src-shared/model';
import { useGcsStore } from '../../state/GcsContext';
import type { DroneIndexEntry } from '../../state/gcsStore';
import { selectors } from '../../state/selectors';
import { VirtualRows } from '../common/VirtualRows';
import { formatUtcTime } from '../common/format';

const ROW_HEIGHT_REM = 2.25;

const KIND_LABELS: Record<AlertKind, string> = {
  LOW_FUEL: 'Low fuel',
  LINK_DEGRADED: 'Link degraded',
  LINK_LOST: 'Link lost',
  PROXIMITY: 'Proximity',
  GEOFENCE: 'Left AOR',
};

/**
 * The alerts feed, newest first: what is still open stands out, what has cleared is dimmed (and
 * can be hidden). A click selects the alert's drones on the map and in the panels; Acknowledge
 * tells the host the operator has seen it.
 */
export function AlertsPanel() {
  const alerts = useGcsStore(selectors.alerts);
  const status = useGcsStore(selectors.alertsStatus);
  const dronesById = useGcsStore(selectors.dronesById);
  const acknowledging = useGcsStore(selectors.acknowledging);
  const selectedDroneId = useGcsStore(selectors.selectedDroneId);
  const setDroneSelection = useGcsStore(selectors.setDroneSelection);
  const acknowledge = useGcsStore(selectors.acknowledgeAlert);
  const [showCleared, setShowCleared] = useState(true);

  const shown = useMemo(
    () => (showCleared ? alerts : alerts.filter((a) => a.clearedAt === null)),
    [alerts, showCleared],
  );
  const openCount = useMemo(() => alerts.filter((a) => a.clearedAt === null).length, [alerts]);

  const onSelect = useCallback(
    (alert: Alert) => setDroneSelection(alert.droneIds, alert.droneIds[0] ?? null),
    [setDroneSelection],
  );

  return (
    <section className="panel alerts" aria-label="Alerts" data-testid="alerts-panel">
      <div className="panel__toolbar">
        <span className="panel__label">
          <span className="num" data-testid="alerts-open-count">
            {openCount}
          </span>{' '}
          open · <span className="num">{alerts.length}</span> recent
        </span>
        <label className="check">
          <input
            type="checkbox"
            checked={showCleared}
            onChange={(event) => setShowCleared(event.target.checked)}
            data-testid="alerts-show-cleared"
          />
          Show cleared
        </label>
      </div>
      {status === 'unavailable' && (
        <p className="panel__note" data-testid="alerts-unavailable">
          This GCS core does not report alerts yet; new ones will appear as they are raised.
        </p>
      )}
      {shown.length === 0 ? (
        status !== 'unavailable' && (
          <p className="panel__note" data-testid="alerts-empty">
            {status === 'loading' ? 'Loading alerts…' : 'No alerts.'}
          </p>
        )
      ) : (
        <VirtualRows
          className="alerts__list"
          data-testid="alerts-list"
          role="list"
          ariaLabel="Alerts, newest first"
          count={shown.length}
          rowHeightRem={ROW_HEIGHT_REM}
          renderRow={(i, style) => {
            const alert = shown[i] as Alert;
            return (
              <AlertRow
                key={alert.id}
                alert={alert}
                height={style.height}
                dronesById={dronesById}
                selected={selectedDroneId !== null && alert.droneIds.includes(selectedDroneId)}
                acknowledging={acknowledging.has(alert.id)}
                onSelect={onSelect}
                onAcknowledge={acknowledge}
              />
            );
          }}
        />
      )}
    </section>
  );
}

interface AlertRowProps {
  alert: Alert;
  height: number;
  dronesById: ReadonlyMap<string, DroneIndexEntry>;
  selected: boolean;
  acknowledging: boolean;
  onSelect(alert: Alert): void;
  onAcknowledge(alertId: string): void;
}

const AlertRow = memo(function AlertRow(props: AlertRowProps) {
  const { alert, dronesById } = props;
  const active = alert.clearedAt === null;
  const acknowledged = alert.acknowledgedAt !== null;
  const callsigns = alert.droneIds.map((id) => dronesById.get(id)?.callsign ?? id.slice(0, 8));
  return (
    <div
      role="listitem"
      className={`alert-row${props.selected ? ' is-selected' : ''}`}
      style={{ height: props.height }}
      data-testid="alert-row"
      data-alert-id={alert.id}
      data-kind={alert.kind}
      data-severity={alert.severity}
      data-state={active ? 'active' : 'cleared'}
      data-acknowledged={acknowledged}
      onClick={() => props.onSelect(alert)}
      title={alert.message}
    >
      <span className="alert-row__severity" aria-label={alert.severity} />
      <span className="alert-row__time num" data-field="time">
        {formatUtcTime(alert.raisedAt)}
      </span>
      <span className="alert-row__kind" data-field="kind">
        {KIND_LABELS[alert.kind]}
      </span>
      <span className="alert-row__drones" data-field="drones">
        {callsigns.join(', ')}
      </span>
      <span className="alert-row__message" data-field="message">
        {alert.message}
      </span>
      <span className="alert-row__state num" data-field="state">
        {active ? 'ACTIVE' : `CLR ${formatUtcTime(alert.clearedAt ?? 0)}`}
      </span>
      <button
        type="button"
        className="button button--small alert-row__ack"
        data-testid="alert-ack"
        disabled={acknowledged || props.acknowledging}
        aria-pressed={acknowledged}
        title={
          acknowledged
            ? `Acknowledged ${formatUtcTime(alert.acknowledgedAt ?? 0)}Z`
            : 'Acknowledge: mark as seen'
        }
        onClick={(event) => {
          event.stopPropagation();
          props.onAcknowledge(alert.id);
        }}
      >
        {acknowledged ? 'ACK’D' : props.acknowledging ? '…' : 'ACK'}
      </button>
    </div>
  );
});
