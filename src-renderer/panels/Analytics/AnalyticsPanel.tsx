import { useEffect, useMemo, useState } from 'react';
import {
  ANALYTICS_REPORTS,
  type AnalyticsReport,
  type AnalyticsReportName,
  type GcsApi,
} from '../../../src-shared/contract';
import { useGcsStore } from '../../state/GcsContext';
import { useReplay } from '../../state/replayState';
import { selectors } from '../../state/selectors';
import { chartOf, MAX_BARS, reportCsv } from './chartData';
import { UplotChart } from './UplotChart';

const REPORT_LABELS: Record<AnalyticsReportName, string> = {
  accuracy_over_time: 'Accuracy over time',
  engagements_per_hour: 'Engagements per hour',
  hit_rate_by_weapon: 'Hit rate by weapon type',
  fuel_burn_per_drone: 'Fuel burnt per drone',
  distance_per_drone: 'Distance flown per drone',
  time_airborne_per_drone: 'Time airborne per drone',
  waypoint_completion: 'Waypoint completion',
};

type Status =
  | { state: 'idle' }
  | { state: 'computing'; since: number }
  | { state: 'done'; report: AnalyticsReport }
  | { state: 'failed'; message: string };

/**
 * After the mission: reports computed by DuckDB in the main process over the live store or the
 * mission open for replay, drawn with uPlot, each savable as CSV. The host keeps a report five
 * minutes; REFRESH computes it again. While one is computed the console goes on as before.
 */
export function AnalyticsPanel({ hostApi }: { hostApi: GcsApi }) {
  const replaying = useReplay((s) => s.status?.active === true);
  const replaySession = useReplay((s) => s.status?.sessionId ?? 0);
  const convoys = useGcsStore(selectors.convoys);
  const selectedDroneId = useGcsStore(selectors.selectedDroneId);
  const theme = useGcsStore(selectors.theme);
  const [report, setReport] = useState<AnalyticsReportName>('accuracy_over_time');
  const [convoyId, setConvoyId] = useState<string>('');
  const [onlySelected, setOnlySelected] = useState(false);
  const [refreshes, setRefreshes] = useState(0);
  const [status, setStatus] = useState<Status>({ state: 'idle' });
  const [, tick] = useState(0);
  const source = replaying ? 'replay' : 'live';
  const droneId = onlySelected && selectedDroneId ? selectedDroneId : undefined;
  // The convoys on screen belong to the source: a choice from the other one means all.
  const convoy = convoys.some((c) => c.convoyId === convoyId) ? convoyId : '';

  useEffect(() => {
    let stale = false;
    const since = performance.now();
    setStatus({ state: 'computing', since });
    const timer = setInterval(() => tick((n) => n + 1), 500);
    hostApi
      .request('analytics.report', {
        report,
        source,
        ...(convoy ? { convoyId: convoy } : {}),
        ...(droneId ? { droneId } : {}),
        ...(refreshes > 0 ? { refresh: true } : {}),
      })
      .then(
        (r) => !stale && setStatus({ state: 'done', report: r }),
        (error: unknown) =>
          !stale &&
          setStatus({
            state: 'failed',
            message: error instanceof Error ? error.message : String(error),
          }),
      )
      .finally(() => clearInterval(timer));
    return () => {
      stale = true;
      clearInterval(timer);
    };
  }, [hostApi, report, source, convoy, droneId, refreshes, replaySession]);

  const colors = useMemo(() => {
    void theme;
    const style = getComputedStyle(document.documentElement);
    const v = (name: string): string => style.getPropertyValue(name).trim();
    return {
      text: v('--text-dim'),
      grid: v('--border-soft'),
      series: [v('--accent'), v('--warn'), v('--ok'), v('--info'), v('--bad'), v('--text')],
    };
  }, [theme]);
  const done = status.state === 'done' ? status.report : null;
  const chart = useMemo(() => (done ? chartOf(done) : null), [done]);

  const saveCsv = (): void => {
    if (!done) return;
    const url = URL.createObjectURL(new Blob([reportCsv(done)], { type: 'text/csv' }));
    const a = document.createElement('a');
    a.href = url;
    a.download = `${done.report}-${done.source}-${new Date(done.computedAt).toISOString().slice(0, 19).replaceAll(':', '')}Z.csv`;
    a.click();
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
  };

  return (
    <section className="panel analytics" aria-label="Analytics" data-testid="analytics-panel">
      <div className="analytics__controls">
        <select
          aria-label="Report"
          data-testid="analytics-report"
          value={report}
          onChange={(e) => setReport(e.target.value as AnalyticsReportName)}
        >
          {ANALYTICS_REPORTS.map((r) => (
            <option key={r} value={r}>
              {REPORT_LABELS[r]}
            </option>
          ))}
        </select>
        <select
          aria-label="Convoy"
          data-testid="analytics-convoy"
          value={convoy}
          onChange={(e) => setConvoyId(e.target.value)}
        >
          <option value="">All convoys</option>
          {convoys.map((c) => (
            <option key={c.convoyId} value={c.convoyId}>
              {c.callsign}
            </option>
          ))}
        </select>
        <label className="check" title="Only the drone selected on the map or in a table">
          <input
            type="checkbox"
            checked={onlySelected}
            disabled={!selectedDroneId}
            onChange={(e) => setOnlySelected(e.target.checked)}
          />
          Selected drone
        </label>
        <span className="analytics__source" data-testid="analytics-source" data-source={source}>
          {source === 'replay' ? 'Mission (replay)' : 'Live store'}
        </span>
        <span
          className="analytics__status dim"
          data-testid="analytics-status"
          data-state={status.state}
        >
          {status.state === 'computing'
            ? `computing… ${((performance.now() - status.since) / 1000).toFixed(0)} s`
            : done
              ? `${done.cached ? 'cached, ' : ''}computed ${new Date(done.computedAt).toISOString().slice(11, 19)}Z in ${done.elapsedMs} ms · ${done.rows.length} rows`
              : ''}
        </span>
        <button
          type="button"
          className="button button--small"
          data-testid="analytics-refresh"
          disabled={status.state === 'computing'}
          onClick={() => setRefreshes((n) => n + 1)}
        >
          Refresh
        </button>
        <button
          type="button"
          className="button button--small"
          data-testid="analytics-csv"
          disabled={!done}
          onClick={saveCsv}
        >
          Save CSV
        </button>
      </div>
      {status.state === 'failed' && (
        <p className="missions__error" role="alert" data-testid="analytics-error">
          {status.message}
        </p>
      )}
      {done && chart && done.rows.length === 0 && (
        <p className="panel__note" data-testid="analytics-empty">
          Nothing to show yet for this choice.
        </p>
      )}
      {done && chart && done.rows.length > 0 && (
        <>
          <UplotChart chart={chart} unit={done.unit} colors={colors} />
          {chart.kind === 'category' && chart.total > MAX_BARS && (
            <p className="panel__note">
              The {MAX_BARS} highest of {chart.total}; Save CSV has them all.
            </p>
          )}
        </>
      )}
    </section>
  );
}
