import type { AnalyticsReport, ParsedInput } from '../../src-shared/contract';
import { GcsError } from '../../src-shared/errors';
import { reportSpec } from '../analytics/analyticsReports';
import { answersAnalytics, type Store } from '../store/Store';
import type { ReplayService } from './replayService';

export type AnalyticsRequest = ParsedInput<'analytics.report'>;

/** Reports are kept this long: a chart re-opened within it costs nothing. */
export const ANALYTICS_CACHE_MS = 5 * 60_000;
const CACHE_ENTRIES = 200;

type Cell = string | number | null;

/** Where a report is computed: DuckDB over the views of analytics/analyticsReports.ts. */
export interface AnalyticsSource {
  /** Tells cached reports of one source from another's (a mission reopened is a new one). */
  id: string;
  query(
    sql: string,
    params: readonly (string | number | bigint)[],
  ): Promise<Record<string, unknown>[]>;
  range(): Promise<{ startMs: number; endMs: number }>;
}

/** DuckDB hands back bigints for counts and Dates for times: the report's table is plain. */
function cell(value: unknown): Cell {
  if (value === null || value === undefined) return null;
  if (typeof value === 'bigint') return Number(value);
  if (typeof value === 'number' || typeof value === 'string') return value;
  if (value instanceof Date) return value.getTime();
  return String(value);
}

/**
 * The analytics view's reports (analytics/analyticsReports.ts), computed by DuckDB in the main
 * process, over the live store when it is the embedded DuckDB one, or over the mission open for
 * replay. Queries run on connections of their own and asynchronously, so the console's requests
 * never wait behind a report. Results are kept five minutes, per source and request.
 */
export class AnalyticsService {
  private readonly cache = new Map<string, { at: number; report: AnalyticsReport }>();

  constructor(
    private readonly store: Store,
    private readonly replay: ReplayService,
  ) {}

  async report(request: AnalyticsRequest): Promise<AnalyticsReport> {
    const source = this.sourceOf(request.source);
    const key = JSON.stringify([
      source.id,
      request.report,
      request.convoyId ?? null,
      request.droneId ?? null,
      request.fromMs ?? null,
      request.toMs ?? null,
    ]);
    const hit = this.cache.get(key);
    if (hit && !request.refresh && Date.now() - hit.at < ANALYTICS_CACHE_MS) {
      return { ...hit.report, cached: true };
    }
    const spec = reportSpec(
      request.report,
      {
        convoyId: request.convoyId ?? null,
        droneId: request.droneId ?? null,
        fromMs: request.fromMs ?? null,
        toMs: request.toMs ?? null,
      },
      await this.spanOf(source, request),
    );
    const started = performance.now();
    const rows = await source.query(spec.sql, spec.params);
    const report: AnalyticsReport = {
      report: request.report,
      title: spec.title,
      unit: spec.unit,
      kind: spec.kind,
      source: request.source,
      columns: spec.columns,
      rows: rows.map((r) => Object.values(r).map(cell)),
      computedAt: Date.now(),
      cached: false,
      elapsedMs: Math.round(performance.now() - started),
    };
    this.cache.set(key, { at: Date.now(), report });
    if (this.cache.size > CACHE_ENTRIES) this.cache.delete(this.cache.keys().next().value!);
    return report;
  }

  /** How long the chart covers, for its bucket width: the request's range, else the data's. */
  private async spanOf(source: AnalyticsSource, request: AnalyticsRequest): Promise<number> {
    if (request.fromMs !== undefined && request.toMs !== undefined) {
      return request.toMs - request.fromMs;
    }
    const range = await source.range();
    return (request.toMs ?? range.endMs) - (request.fromMs ?? range.startMs);
  }

  private sourceOf(kind: 'live' | 'replay'): AnalyticsSource {
    if (kind === 'replay') {
      const mission = this.replay.analyticsSource();
      if (!mission) throw new GcsError('UNAVAILABLE', 'no mission is open for replay');
      return mission;
    }
    const store = this.store;
    if (!answersAnalytics(store)) {
      throw new GcsError(
        'UNAVAILABLE',
        `the ${store.kind} store has no embedded analytics: export the mission (Missions) and open it for replay to analyse it`,
      );
    }
    const query = (sql: string, params: readonly (string | number | bigint)[]) =>
      store.analyticsQuery(sql, params);
    return {
      id: 'live',
      query,
      async range() {
        const [r] = await query(
          `SELECT epoch_ms(min(ts))::DOUBLE AS lo, epoch_ms(max(ts))::DOUBLE AS hi FROM a_engagements`,
          [],
        );
        const lo = Number(r?.['lo'] ?? 0);
        return { startMs: lo, endMs: Math.max(lo, Number(r?.['hi'] ?? lo)) };
      },
    };
  }
}
