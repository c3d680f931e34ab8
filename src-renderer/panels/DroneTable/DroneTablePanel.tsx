import { memo, useEffect, useMemo, useRef, type MouseEvent } from 'react';
import type { DroneLiveBuffer } from '../../state/droneLiveBuffer';
import { useGcsStore, useTelemetry } from '../../state/GcsContext';
import type { DroneSortKey } from '../../state/gcsStore';
import { selectors } from '../../state/selectors';
import { FuelBar } from '../common/FuelBar';
import { VirtualRows, type VirtualRowsHandle } from '../common/VirtualRows';
import { formatAge, fuelLevel, linkState } from '../common/format';
import { DroneTableFilters } from './DroneTableFilters';
import { buildRows, clickSelection, filterRows, sortRows, type DroneRow } from './tableModel';

const ROW_HEIGHT_REM = 1.85;

interface Column {
  key: DroneSortKey;
  label: string;
  title?: string;
  numeric: boolean;
}

/** Widths live in styles.css (`--drone-table-columns`), in the same order. */
const COLUMNS: readonly Column[] = [
  { key: 'callsign', label: 'Callsign', numeric: false },
  { key: 'convoy', label: 'Convoy', numeric: false },
  { key: 'status', label: 'Status', numeric: false },
  { key: 'fuel', label: 'Fuel', title: 'Fuel, percent', numeric: true },
  { key: 'altitude', label: 'Alt m', title: 'Altitude, metres', numeric: true },
  { key: 'speed', label: 'Spd m/s', title: 'Ground speed, metres a second', numeric: true },
  { key: 'accuracy', label: 'Acc %', title: 'Accuracy, percent', numeric: true },
  { key: 'engagements', label: 'Eng', title: 'Engagements', numeric: true },
  { key: 'hits', label: 'Hits', numeric: true },
  { key: 'streak', label: 'Strk', title: 'Current streak of hits', numeric: true },
  { key: 'waypoint', label: 'WP', title: 'Waypoint flown to, of 25', numeric: true },
  { key: 'link', label: 'Link', title: 'Time since the last telemetry', numeric: true },
];

/**
 * Every drone of every convoy, sortable and filterable, with file-list style multi-select. At
 * 2,000 drones only the visible rows are in the DOM, and the values refresh at 2 Hz at most (the
 * store's half-rate live tick), from the live buffers, never per telemetry frame.
 */
export function DroneTablePanel({ live }: { live: DroneLiveBuffer }) {
  const telemetry = useTelemetry();
  const tick = useGcsStore(selectors.liveTickHalf);
  const droneIndex = useGcsStore(selectors.droneIndex);
  const stats = useGcsStore(selectors.droneStats);
  const convoys = useGcsStore(selectors.convoys);
  const view = useGcsStore(selectors.droneTable);
  const setView = useGcsStore(selectors.setDroneTableView);
  const selectedIds = useGcsStore(selectors.selectedDroneIds);
  const primary = useGcsStore(selectors.selectedDroneId);
  const alertDroneIds = useGcsStore(selectors.alertDroneIds);
  const setDroneSelection = useGcsStore(selectors.setDroneSelection);

  const convoyCallsigns = useMemo(
    () => new Map(convoys.map((c) => [c.convoyId, c.callsign])),
    [convoys],
  );
  const allRows = useMemo(
    () => buildRows(droneIndex?.drones ?? [], telemetry, live, stats, convoyCallsigns),
    // `tick` is the reason to rebuild: the buffers it stands for changed in place.
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [tick, droneIndex, telemetry, live, stats, convoyCallsigns],
  );
  const rows = useMemo(
    () => sortRows(filterRows(allRows, view), view.sortKey, view.sortDir),
    [allRows, view],
  );

  const listRef = useRef<VirtualRowsHandle>(null);
  const anchorRef = useRef<string | null>(null);
  const rowsRef = useRef(rows);
  useEffect(() => {
    rowsRef.current = rows;
  }, [rows]);

  // A drone selected elsewhere (map, leaderboard, shortcut) is scrolled into view once; not on
  // every refresh, or a re-sort would drag the list around under the operator.
  useEffect(() => {
    if (primary === null) return;
    const at = rowsRef.current.findIndex((r) => r.droneId === primary);
    listRef.current?.scrollToIndex(at);
  }, [primary]);

  const onRowClick = (event: MouseEvent, droneId: string): void => {
    const next = clickSelection(
      rows.map((r) => r.droneId),
      selectedIds,
      primary,
      anchorRef.current,
      droneId,
      { toggle: event.ctrlKey || event.metaKey, range: event.shiftKey },
    );
    anchorRef.current = next.anchor;
    setDroneSelection(next.ids, next.primary);
  };

  const onSort = (key: DroneSortKey): void => {
    if (key === view.sortKey) setView({ sortDir: view.sortDir === 'asc' ? 'desc' : 'asc' });
    // Numbers are most often wanted worst- or best-first: start descending, except callsigns.
    else
      setView({ sortKey: key, sortDir: key === 'callsign' || key === 'convoy' ? 'asc' : 'desc' });
  };

  const header = (
    <div className="drone-table__row drone-table__head" role="row">
      {COLUMNS.map((c) => {
        const sorted = view.sortKey === c.key;
        return (
          <span
            key={c.key}
            role="columnheader"
            aria-sort={sorted ? (view.sortDir === 'asc' ? 'ascending' : 'descending') : 'none'}
            className={c.numeric ? 'cell cell--num' : 'cell'}
          >
            <button
              type="button"
              className="drone-table__sort"
              data-sort-key={c.key}
              title={c.title ? `${c.title}: sort` : 'Sort'}
              onClick={() => onSort(c.key)}
            >
              {c.label}
              <span className="drone-table__sort-mark" aria-hidden="true">
                {sorted ? (view.sortDir === 'asc' ? '▲' : '▼') : ''}
              </span>
            </button>
          </span>
        );
      })}
    </div>
  );

  return (
    <section className="panel drone-table" aria-label="Drones" data-testid="drone-table">
      <DroneTableFilters
        view={view}
        setView={setView}
        convoys={convoys}
        shown={rows.length}
        total={allRows.length}
        selected={selectedIds.size}
        onClearSelection={() => setDroneSelection([], null)}
      />
      <VirtualRows
        className="drone-table__rows"
        data-testid="drone-table-rows"
        role="grid"
        ariaLabel="Drones"
        handleRef={listRef}
        header={header}
        count={rows.length}
        rowHeightRem={ROW_HEIGHT_REM}
        renderRow={(i, style) => {
          const row = rows[i] as DroneRow;
          return (
            <DroneTableRow
              key={row.droneId}
              row={row}
              height={style.height}
              selected={selectedIds.has(row.droneId)}
              primary={row.droneId === primary}
              inAlert={alertDroneIds.has(row.droneId)}
              onClick={onRowClick}
            />
          );
        }}
      />
    </section>
  );
}

interface RowProps {
  row: DroneRow;
  height: number;
  selected: boolean;
  primary: boolean;
  inAlert: boolean;
  onClick(event: MouseEvent, droneId: string): void;
}

const dash = '—';

const DroneTableRow = memo(function DroneTableRow({
  row,
  height,
  selected,
  primary,
  inAlert,
  onClick,
}: RowProps) {
  const link = linkState(row.linkAgeMs);
  return (
    <div
      role="row"
      className={`drone-table__row${selected ? ' is-selected' : ''}${primary ? ' is-primary' : ''}`}
      style={{ height }}
      aria-selected={selected}
      data-testid="drone-table-row"
      data-drone-id={row.droneId}
      data-status={row.status ?? 'UNKNOWN'}
      data-alert={inAlert || undefined}
      onClick={(event) => onClick(event, row.droneId)}
    >
      <span role="gridcell" className="cell cell--callsign" data-col="callsign">
        <span className="alert-dot" aria-label={inAlert ? 'In alert' : undefined} />
        {row.callsign}
      </span>
      <span role="gridcell" className="cell" data-col="convoy">
        {row.convoyCallsign}
      </span>
      <span role="gridcell" className="cell" data-col="status">
        <span className="status-chip status-chip--small" data-status={row.status ?? 'UNKNOWN'}>
          {row.status ?? dash}
        </span>
      </span>
      <span
        role="gridcell"
        className="cell cell--num cell--fuel"
        data-col="fuel"
        data-level={row.fuelPct === null ? undefined : fuelLevel(row.fuelPct)}
      >
        {row.fuelPct !== null && <FuelBar pct={row.fuelPct} compact />}
        <span className="cell__fuel-value">
          {row.fuelPct === null ? dash : row.fuelPct.toFixed(0)}
        </span>
      </span>
      <span role="gridcell" className="cell cell--num" data-col="altitude">
        {row.altitudeM === null ? dash : Math.round(row.altitudeM)}
      </span>
      <span role="gridcell" className="cell cell--num" data-col="speed">
        {row.speedMps === null ? dash : row.speedMps.toFixed(1)}
      </span>
      <span role="gridcell" className="cell cell--num" data-col="accuracy">
        {row.accuracyPct === null ? dash : row.accuracyPct.toFixed(1)}
      </span>
      <span role="gridcell" className="cell cell--num" data-col="engagements">
        {row.engagements ?? dash}
      </span>
      <span role="gridcell" className="cell cell--num" data-col="hits">
        {row.hits ?? dash}
      </span>
      <span role="gridcell" className="cell cell--num" data-col="streak">
        {row.streak ?? dash}
      </span>
      <span role="gridcell" className="cell cell--num" data-col="waypoint">
        {row.waypoint === null ? dash : row.waypoint + 1}
      </span>
      <span role="gridcell" className="cell cell--num" data-col="link" data-link={link}>
        {formatAge(row.linkAgeMs)}
      </span>
    </div>
  );
});
