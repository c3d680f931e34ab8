import type { AnalyticsReport } from '../../../src-shared/contract';

/** Category charts show the biggest this many; the CSV has them all. */
export const MAX_BARS = 40;

/** A time report as uPlot's aligned data: shared x (seconds), one y array per series. */
export interface TimeChart {
  kind: 'time';
  series: string[];
  /** [x in seconds, ...one array per series, null where it has no point]. */
  data: [number[], ...(number | null)[][]];
}

export interface CategoryChart {
  kind: 'category';
  labels: string[];
  values: number[];
  /** Categories in the report; the chart shows the first MAX_BARS. */
  total: number;
}

/**
 * A report's rows in the shape its chart draws: time reports (series, epoch ms, value) aligned
 * on the union of their times, category reports (label, value, …) in the report's order.
 */
export function chartOf(report: AnalyticsReport): TimeChart | CategoryChart {
  if (report.kind === 'category') {
    const rows = report.rows.slice(0, MAX_BARS);
    return {
      kind: 'category',
      labels: rows.map((r) => String(r[0])),
      values: rows.map((r) => Number(r[1] ?? 0)),
      total: report.rows.length,
    };
  }
  const series = [...new Set(report.rows.map((r) => String(r[0])))].sort();
  const times = [...new Set(report.rows.map((r) => Number(r[1])))].sort((a, b) => a - b);
  const at = new Map(times.map((t, i) => [t, i]));
  const columns = series.map(() => new Array<number | null>(times.length).fill(null));
  for (const [name, t, y] of report.rows) {
    columns[series.indexOf(String(name))]![at.get(Number(t))!] = y === null ? null : Number(y);
  }
  return { kind: 'time', series, data: [times.map((t) => t / 1000), ...columns] };
}

/** The report as CSV (RFC 4180): its columns, then its rows; times as ISO 8601 in UTC. */
export function reportCsv(report: AnalyticsReport): string {
  const quote = (v: string | number | null): string => {
    if (v === null) return '';
    const text = String(v);
    return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
  };
  const timeColumn = report.columns.indexOf('time_ms');
  const header = report.columns.map((c, i) => (i === timeColumn ? 'time_utc' : c));
  const lines = [header.map(quote).join(',')];
  for (const row of report.rows) {
    lines.push(
      row
        .map((v, i) =>
          quote(i === timeColumn && typeof v === 'number' ? new Date(v).toISOString() : v),
        )
        .join(','),
    );
  }
  return lines.join('\r\n') + '\r\n';
}
