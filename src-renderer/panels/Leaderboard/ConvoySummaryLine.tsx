import { useGcsStore } from '../../state/GcsContext';
import { selectors } from '../../state/selectors';

/** The selected convoy at a glance, kept live by `convoy.summary` events. */
export function ConvoySummaryLine() {
  const summary = useGcsStore(selectors.selectedConvoySummary);
  const colors = useGcsStore(selectors.convoyColors);
  if (!summary) return null;

  const fields: [field: string, label: string, value: string][] = [
    ['drones', 'Drones', String(summary.droneCount)],
    ['airborne', 'Airborne', String(summary.airborneCount)],
    ['engagements', 'Eng', String(summary.totalEngagements)],
    ['hits', 'Hits', String(summary.totalHits)],
    ['avgAccuracy', 'Avg acc', `${summary.avgAccuracyPct.toFixed(1)}%`],
    ['avgFuel', 'Avg fuel', `${summary.avgFuelPct.toFixed(0)}%`],
  ];
  return (
    <div className="convoy-summary" data-testid="convoy-summary">
      <div className="convoy-summary__title">
        <span
          className="convoy-swatch"
          style={{ background: colors[summary.convoyId] ?? 'transparent' }}
          title="Colour of this convoy on the map"
        />
        <span>{summary.callsign}</span>
        <span className="convoy-summary__mission">
          {summary.missionType} · {summary.status}
        </span>
      </div>
      <dl className="convoy-summary__fields">
        {fields.map(([field, label, value]) => (
          <div key={field} className="convoy-summary__field">
            <dt>{label}</dt>
            <dd data-field={field}>{value}</dd>
          </div>
        ))}
      </dl>
    </div>
  );
}
