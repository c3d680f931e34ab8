import { memo, type ReactNode } from 'react';
import { WAYPOINTS_PER_DRONE } from '../../../src-shared/constants';
import type { Alert } from '../../../src-shared/model';
import type { DroneLiveBuffer } from '../../state/droneLiveBuffer';
import { useGcsStore, useTelemetry } from '../../state/GcsContext';
import type { DroneIndexEntry, SelectedDroneDetail } from '../../state/gcsStore';
import { selectors } from '../../state/selectors';
import { FuelBar } from '../common/FuelBar';
import {
  LINK_LABELS,
  PLATFORM_LABELS,
  formatAge,
  formatAltitude,
  formatDuration,
  formatHeading,
  formatLat,
  formatLon,
  formatPct,
  formatSpeed,
  formatUtcTime,
  fuelLevel,
  linkState,
} from '../common/format';
import { readDrone } from './droneReadout';

interface DroneStatusPanelProps {
  live: DroneLiveBuffer;
}

/**
 * The selected drone at a glance. Flight values come from the live buffers, re-read on the store's
 * live tick (4 Hz at most); engagement figures and the route from `drone.get` / `drone.waypoints`,
 * which hostSync refetches on selection and on the drone's engagements. Every value element has a
 * `data-field` (and the raw number in `data-value`) so a test can compare it with `drone.get`.
 */
export function DroneStatusPanel({ live }: DroneStatusPanelProps) {
  const entry = useGcsStore(selectors.selectedDroneEntry);
  const selectedCount = useGcsStore((s) => s.selectedDroneIds.size);

  return (
    <section
      className="panel drone-status"
      aria-labelledby="drone-status-title"
      data-testid="drone-status"
      data-drone-id={entry?.droneId ?? ''}
    >
      <header className="panel__header">
        <h2 id="drone-status-title" className="panel__title">
          Drone status
        </h2>
        {selectedCount > 1 && (
          <span className="panel__label" data-testid="selection-count">
            {selectedCount} selected
          </span>
        )}
      </header>
      {entry ? (
        <DroneStatusBody entry={entry} live={live} />
      ) : (
        <p className="panel__note drone-status__empty">
          Select a drone on the map, the leaderboard or the drone table.
        </p>
      )}
    </section>
  );
}

/** Subscribes to the live tick only while a drone is selected. */
function DroneStatusBody({ entry, live }: { entry: DroneIndexEntry; live: DroneLiveBuffer }) {
  const tick = useGcsStore(selectors.liveTick);
  const detail = useGcsStore(selectors.selectedDrone);
  const convoyColor = useGcsStore((s) => s.convoyColors[entry.convoyId]);
  const convoyCallsign = useGcsStore(
    (s) => s.convoys.find((c) => c.convoyId === entry.convoyId)?.callsign,
  );
  // A string, so the selector's result compares by value and alerts of other drones re-render
  // nothing here.
  // Alerts are live: a replayed drone shows none of today's.
  const alertKinds = useGcsStore((s) =>
    s.source === 'replay' ? '' : openAlertKinds(s.alerts, entry.droneId),
  );
  return (
    <DroneStatusFields
      entry={entry}
      live={live}
      tick={tick}
      detail={detail?.droneId === entry.droneId ? detail : null}
      convoyColor={convoyColor ?? 'transparent'}
      convoyCallsign={convoyCallsign ?? '—'}
      alertKinds={alertKinds}
    />
  );
}

function openAlertKinds(alerts: readonly Alert[], droneId: string): string {
  const kinds = new Set<string>();
  for (const a of alerts) {
    if (a.clearedAt === null && a.droneIds.includes(droneId)) kinds.add(a.kind.replace('_', ' '));
  }
  return [...kinds].sort().join(' · ');
}

interface FieldsProps {
  entry: DroneIndexEntry;
  live: DroneLiveBuffer;
  /** Not read: a new value means the buffers have new values to read. */
  tick: number;
  detail: SelectedDroneDetail | null;
  convoyColor: string;
  convoyCallsign: string;
  /** The kinds of this drone's open alerts, joined; empty when none. */
  alertKinds: string;
}

const DroneStatusFields = memo(function DroneStatusFields(props: FieldsProps) {
  const { entry, live, detail } = props;
  const telemetry = useTelemetry();
  const drone = detail?.drone ?? null;
  const r = readDrone(entry.index, telemetry, live, drone, detail?.waypoints ?? null);
  const simTime = Math.max(live.simTime, drone?.updatedAt ?? 0);
  const link = linkState(r?.linkAgeMs ?? null);
  const platform = drone ? (PLATFORM_LABELS[drone.platformType] ?? drone.platformType) : '—';
  const waypointPct = r ? (r.waypointsDone / WAYPOINTS_PER_DRONE) * 100 : 0;

  return (
    <div className="drone-status__body" data-link={link} aria-busy={!drone && !detail?.error}>
      <div className="drone-status__identity">
        <span className="drone-status__callsign" data-field="callsign" data-value={entry.callsign}>
          {entry.callsign}
        </span>
        <span
          className="status-chip"
          data-status={r?.status ?? 'UNKNOWN'}
          data-field="status"
          data-value={r?.status ?? ''}
        >
          {r?.status ?? '—'}
        </span>
      </div>
      <div className="drone-status__sub">
        <span data-field="platform" data-value={drone?.platformType ?? ''}>
          {platform}
        </span>
        <span className="drone-status__convoy">
          <span className="convoy-swatch" style={{ background: props.convoyColor }} />
          <span data-field="convoy" data-value={entry.convoyId}>
            {props.convoyCallsign}
          </span>
        </span>
      </div>

      <div className="drone-status__fuel">
        <span className="field-label">Fuel</span>
        <FuelBar pct={r?.fuelPct ?? 0} />
        <span
          className="num drone-status__fuel-value"
          data-field="fuel"
          data-value={r?.fuelPct ?? ''}
          data-level={r ? fuelLevel(r.fuelPct) : undefined}
        >
          {r ? formatPct(r.fuelPct, 1) : '—'}
        </span>
      </div>

      <dl className="field-grid">
        <Field label="Lat" name="lat" value={r?.lat} text={r && formatLat(r.lat)} />
        <Field label="Lon" name="lon" value={r?.lon} text={r && formatLon(r.lon)} />
        <Field
          label="Alt"
          name="altitude"
          value={r?.altitudeM}
          text={r && formatAltitude(r.altitudeM)}
        />
        <Field
          label="Hdg"
          name="heading"
          value={r?.headingDeg}
          text={r && formatHeading(r.headingDeg)}
        />
        <Field label="Speed" name="speed" value={r?.speedMps} text={r && formatSpeed(r.speedMps)} />
        <Field
          label="Mesh"
          name="mesh"
          value={r?.meshConnectivity}
          text={r && formatPct(r.meshConnectivity * 100)}
          title="Share of the convoy's drones this drone has a radio link with"
        />
        <Field
          label="Accuracy"
          name="accuracy"
          value={drone?.accuracyPct}
          text={drone && formatPct(drone.accuracyPct, 1)}
        />
        <div className="field">
          <dt>Eng / hits</dt>
          <dd className="num">
            <span data-field="engagements" data-value={drone?.totalEngagements ?? ''}>
              {drone?.totalEngagements ?? '—'}
            </span>
            {' / '}
            <span data-field="hits" data-value={drone?.successfulHits ?? ''}>
              {drone?.successfulHits ?? '—'}
            </span>
          </dd>
        </div>
        <Field
          label="Streak"
          name="currentStreak"
          value={drone?.currentStreak}
          text={drone && String(drone.currentStreak)}
        />
        <Field
          label="Best"
          name="bestStreak"
          value={drone?.bestStreak}
          text={drone && String(drone.bestStreak)}
        />
      </dl>

      <div className="drone-status__route">
        <div className="drone-status__route-line">
          <span className="field-label">Waypoint</span>
          <span className="num" data-field="waypoint" data-value={r?.currentWaypoint ?? ''}>
            {r
              ? `${Math.min(r.currentWaypoint + 1, WAYPOINTS_PER_DRONE)}/${WAYPOINTS_PER_DRONE}`
              : '—'}
          </span>
          <span className="num" data-field="waypointPct" data-value={r ? waypointPct : ''}>
            {r ? formatPct(waypointPct) : '—'}
          </span>
          <span className="drone-status__eta num" data-field="eta" data-value={r?.finalEta ?? ''}>
            {etaText(r?.finalEta ?? null, r?.finalArrived ?? false, simTime)}
          </span>
        </div>
        <span className="progress" aria-hidden="true">
          <span className="progress__fill" style={{ transform: `scaleX(${waypointPct / 100})` }} />
        </span>
      </div>

      <div className="drone-status__link">
        <span className="field-label">Link</span>
        <span className="link-dot" data-link={link} aria-hidden="true" />
        <span className="num" data-field="linkAge" data-value={r?.linkAgeMs ?? ''}>
          {formatAge(r?.linkAgeMs ?? null)}
        </span>
        <span className="link-state" data-field="linkState" data-value={link}>
          {LINK_LABELS[link]}
        </span>
        <span
          className="drone-status__alerts"
          data-field="alerts"
          data-value={props.alertKinds}
          title={detail?.error ?? props.alertKinds}
        >
          {detail?.error ? (
            <span className="drone-status__error">{detail.error}</span>
          ) : (
            props.alertKinds && `⚠ ${props.alertKinds}`
          )}
        </span>
      </div>
    </div>
  );
});

function etaText(eta: number | null, arrived: boolean, simTime: number): ReactNode {
  if (eta === null) return 'ETA —';
  if (arrived) return `Arrived ${formatUtcTime(eta)}Z`;
  const rel = eta - simTime;
  const when = rel >= 0 ? `in ${formatDuration(rel)}` : `${formatDuration(rel)} late`;
  return (
    <>
      ETA {formatUtcTime(eta)}Z <span className="dim">({when})</span>
    </>
  );
}

interface FieldProps {
  label: string;
  name: string;
  value: number | undefined;
  text: string | null | undefined | false;
  title?: string;
}

function Field({ label, name, value, text, title }: FieldProps) {
  return (
    <div className="field" title={title}>
      <dt>{label}</dt>
      <dd className="num" data-field={name} data-value={value ?? ''}>
        {text || '—'}
      </dd>
    </div>
  );
}
