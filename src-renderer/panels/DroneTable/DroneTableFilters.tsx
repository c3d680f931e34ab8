import { DEFAULT_LOW_FUEL_PCT } from '../../../src-shared/constants';
import { DRONE_STATUSES, type ConvoySummary, type DroneStatus } from '../../../src-shared/model';
import { DEFAULT_DRONE_TABLE_VIEW, type DroneTableView } from '../../state/gcsStore';

interface FiltersProps {
  view: DroneTableView;
  setView(view: Partial<DroneTableView>): void;
  convoys: readonly ConvoySummary[];
  shown: number;
  total: number;
  selected: number;
  onClearSelection(): void;
}

/** An empty box means no bound; anything else is clamped to 0–100. */
function parseBound(text: string): number | null {
  if (text.trim() === '') return null;
  const value = Number(text);
  return Number.isFinite(value) ? Math.min(100, Math.max(0, value)) : null;
}

function RangeInputs(props: {
  label: string;
  field: 'fuel' | 'accuracy';
  min: number | null;
  max: number | null;
  onChange(min: number | null, max: number | null): void;
}) {
  const { label, field, min, max, onChange } = props;
  return (
    <span className="filter-range" role="group" aria-label={`${label} range, percent`}>
      <span className="panel__label">{label}</span>
      <input
        type="number"
        min={0}
        max={100}
        placeholder="min"
        aria-label={`${label} minimum`}
        data-testid={`filter-${field}-min`}
        value={min ?? ''}
        onChange={(event) => onChange(parseBound(event.target.value), max)}
      />
      <span aria-hidden="true">–</span>
      <input
        type="number"
        min={0}
        max={100}
        placeholder="max"
        aria-label={`${label} maximum`}
        data-testid={`filter-${field}-max`}
        value={max ?? ''}
        onChange={(event) => onChange(min, parseBound(event.target.value))}
      />
    </span>
  );
}

export function DroneTableFilters(props: FiltersProps) {
  const { view, setView, convoys } = props;
  const filtered =
    view.convoyId !== null ||
    view.status !== null ||
    view.lowFuelOnly ||
    view.fuelMin !== null ||
    view.fuelMax !== null ||
    view.accuracyMin !== null ||
    view.accuracyMax !== null;

  return (
    <div className="panel__toolbar drone-table__filters">
      <select
        aria-label="Filter by convoy"
        data-testid="filter-convoy"
        value={view.convoyId ?? ''}
        onChange={(event) => setView({ convoyId: event.target.value || null })}
      >
        <option value="">All convoys</option>
        {convoys.map((c) => (
          <option key={c.convoyId} value={c.convoyId}>
            {c.callsign}
          </option>
        ))}
      </select>
      <select
        aria-label="Filter by status"
        data-testid="filter-status"
        value={view.status ?? ''}
        onChange={(event) =>
          setView({ status: (event.target.value || null) as DroneStatus | null })
        }
      >
        <option value="">All statuses</option>
        {DRONE_STATUSES.map((s) => (
          <option key={s} value={s}>
            {s}
          </option>
        ))}
      </select>
      <label className="check" title={`Fuel below ${DEFAULT_LOW_FUEL_PCT} %`}>
        <input
          type="checkbox"
          data-testid="filter-low-fuel"
          checked={view.lowFuelOnly}
          onChange={(event) => setView({ lowFuelOnly: event.target.checked })}
        />
        Low fuel
      </label>
      <RangeInputs
        label="Fuel"
        field="fuel"
        min={view.fuelMin}
        max={view.fuelMax}
        onChange={(fuelMin, fuelMax) => setView({ fuelMin, fuelMax })}
      />
      <RangeInputs
        label="Acc"
        field="accuracy"
        min={view.accuracyMin}
        max={view.accuracyMax}
        onChange={(accuracyMin, accuracyMax) => setView({ accuracyMin, accuracyMax })}
      />
      <button
        type="button"
        className="button button--small"
        disabled={!filtered}
        onClick={() =>
          setView({ ...DEFAULT_DRONE_TABLE_VIEW, sortKey: view.sortKey, sortDir: view.sortDir })
        }
      >
        Reset
      </button>
      <span className="drone-table__counts panel__label">
        <span className="num" data-testid="drone-table-shown">
          {props.shown}
        </span>{' '}
        of <span className="num">{props.total}</span>
        {props.selected > 0 && (
          <>
            {' · '}
            <span className="num" data-testid="drone-table-selected">
              {props.selected}
            </span>{' '}
            selected{' '}
            <button type="button" className="link-button" onClick={props.onClearSelection}>
              clear
            </button>
          </>
        )}
      </span>
    </div>
  );
}
