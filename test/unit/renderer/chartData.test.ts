import { describe, expect, it } from 'vitest';
import type { AnalyticsReport } from '../../../src-shared/contract';
import { chartOf, MAX_BARS, reportCsv } from '../../../src-renderer/panels/Analytics/chartData';

const base = {
  title: 't',
  unit: '%',
  source: 'live',
  computedAt: 0,
  cached: false,
  elapsedMs: 1,
} as const;

describe('analytics reports as charts and CSV', () => {
  it('aligns time series on the union of their times, with gaps where a series has none', () => {
    const report: AnalyticsReport = {
      ...base,
      report: 'accuracy_over_time',
      kind: 'time',
      columns: ['series', 'time_ms', 'accuracy_pct'],
      rows: [
        ['HAWK-1', 60_000, 50],
        ['HAWK-1', 180_000, 75],
        ['ALPHA-2', 120_000, 100],
      ],
    };
    const chart = chartOf(report);
    expect(chart).toEqual({
      kind: 'time',
      series: ['ALPHA-2', 'HAWK-1'],
      data: [
        [60, 120, 180],
        [null, 100, null],
        [50, null, 75],
      ],
    });
  });

  it('keeps the first bars of a category report and says how many there were', () => {
    const rows = Array.from({ length: MAX_BARS + 5 }, (_, i) => [`D-${i}`, 100 - i]);
    const chart = chartOf({
      ...base,
      report: 'distance_per_drone',
      kind: 'category',
      columns: ['drone', 'distance_km'],
      rows,
    });
    expect(chart.kind === 'category' && chart.labels.length).toBe(MAX_BARS);
    expect(chart.kind === 'category' && chart.total).toBe(MAX_BARS + 5);
  });

  it('writes RFC 4180 CSV with times in UTC', () => {
    const csv = reportCsv({
      ...base,
      report: 'engagements_per_hour',
      kind: 'time',
      columns: ['series', 'time_ms', 'engagements'],
      rows: [
        ['HAWK, "the first"', Date.UTC(2026, 0, 1, 6), 12],
        ['VIPER', Date.UTC(2026, 0, 1, 7), null],
      ],
    });
    expect(csv).toBe(
      'series,time_utc,engagements\r\n' +
        '"HAWK, ""the first""",2026-01-01T06:00:00.000Z,12\r\n' +
        'VIPER,2026-01-01T07:00:00.000Z,\r\n',
    );
  });
});
