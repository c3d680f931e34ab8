import type { CacheStatsReport, SystemHealth } from '../../../src-shared/contract';
import { useSystemStatus } from '../../state/systemStatus';

const STATE_LABELS: Record<string, string> = { up: 'Up', degraded: 'Degraded', down: 'Down' };
const CIRCUIT_LABELS: Record<string, string> = {
  closed: 'Closed (calling the cache)',
  open: 'Open (answering from the store)',
  'half-open': 'Half-open (probing)',
};

/** `telemetryLatest` → `telemetry latest`, as the seed names the entity. */
const entityLabel = (entity: string): string =>
  entity.replace(/[A-Z]/g, (c) => ` ${c.toLowerCase()}`);

function formatBytes(bytes: number | null): string {
  if (bytes === null) return '—';
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(0)} KiB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
}

const ms = (v: number): string => (v < 10 ? v.toFixed(2) : v.toFixed(0));

/**
 * Connections & cache: what the core runs on and how it is doing, for an operator wondering why
 * the console says "degraded" and for a maintainer sizing a cache. Polled every two seconds.
 */
export function SystemPanel() {
  const health = useSystemStatus((s) => s.health);
  const cache = useSystemStatus((s) => s.cache);
  if (!health && !cache) {
    return (
      <section
        className="panel system"
        aria-label="Connections and cache"
        data-testid="system-panel"
      >
        <p className="panel__note">Asking the GCS core…</p>
      </section>
    );
  }
  return (
    <section className="panel system" aria-label="Connections and cache" data-testid="system-panel">
      <div className="system__columns">
        {health && <CoreSection health={health} />}
        {cache && <CacheSection cache={cache} />}
        {cache && <EntityTable cache={cache} />}
      </div>
    </section>
  );
}

function StateChip({ state, testId }: { state: string; testId: string }) {
  return (
    <span className="system__state" data-state={state} data-testid={testId}>
      {STATE_LABELS[state] ?? state}
    </span>
  );
}

function CoreSection({ health }: { health: SystemHealth }) {
  return (
    <div className="system__block">
      <h3 className="system__title">
        GCS core{' '}
        <StateChip state={health.status === 'ok' ? 'up' : health.status} testId="core-state" />
      </h3>
      <dl className="system__fields">
        <dt>Store</dt>
        <dd>
          <span data-testid="store-kind">{health.store.kind}</span>{' '}
          <StateChip state={health.store.state} testId="store-state" />
          {health.store.state !== 'up' && health.store.detail && (
            <div className="system__detail" data-testid="store-detail" title={health.store.detail}>
              {health.store.detail}
            </div>
          )}
        </dd>
        <dt>Cache</dt>
        <dd>
          <span data-testid="cache-kind">{health.cache.kind}</span>{' '}
          <StateChip state={health.cache.state} testId="cache-state" />
        </dd>
        <dt>Simulator</dt>
        <dd>{health.simulator.running ? `running, ${health.droneCount} drones` : 'stopped'}</dd>
        <dt>Data folder</dt>
        <dd className="system__path" title={health.dataDir}>
          {health.dataDir}
        </dd>
        <dt>Version</dt>
        <dd>
          {health.version} · up {Math.floor(health.uptimeS / 60)} min
        </dd>
      </dl>
    </div>
  );
}

function CacheSection({ cache }: { cache: CacheStatsReport }) {
  const l = cache.latencyMs;
  const f = cache.fallbacks;
  return (
    <div className="system__block">
      <h3 className="system__title">
        Cache: {cache.kind} <StateChip state={cache.state} testId="cache-report-state" />
      </h3>
      <dl className="system__fields">
        <dt>Circuit</dt>
        <dd data-testid="cache-circuit" data-circuit={cache.circuit ?? 'none'}>
          {cache.circuit ? CIRCUIT_LABELS[cache.circuit] : 'none (in-process)'}
        </dd>
        {cache.detail && (
          <>
            <dt>Last error</dt>
            <dd className="system__detail">{cache.detail}</dd>
          </>
        )}
        <dt>Latency</dt>
        <dd className="num" data-testid="cache-latency">
          {l ? `p50 ${ms(l.p50)} · p95 ${ms(l.p95)} · p99 ${ms(l.p99)} ms` : '—'}
        </dd>
        <dt>Memory</dt>
        <dd className="num">{formatBytes(cache.memoryUsedBytes)}</dd>
        <dt>Connections</dt>
        <dd className="num">
          {cache.connections ? `${cache.connections.ready}/${cache.connections.total} ready` : '—'}
        </dd>
        <dt>Ingest</dt>
        <dd className="num" data-testid="cache-ingest">
          {`${cache.ingestPerMinute.telemetryRows.at(-1) ?? 0} rows · ${cache.ingestPerMinute.engagements.at(-1) ?? 0} engagements this minute (before: ${cache.ingestPerMinute.telemetryRows.at(-2) ?? 0} · ${cache.ingestPerMinute.engagements.at(-2) ?? 0})`}
        </dd>
        <dt>Fallbacks</dt>
        <dd className="num" data-testid="cache-fallbacks">
          {f ? `${f.open + f.timeout + f.error + f.stale} answered by the store` : '—'}
        </dd>
      </dl>
    </div>
  );
}

function EntityTable({ cache }: { cache: CacheStatsReport }) {
  return (
    <div className="system__block system__block--wide">
      <table className="system__table">
        <thead>
          <tr>
            <th scope="col">Entity</th>
            <th scope="col">Hits</th>
            <th scope="col">Misses</th>
            <th scope="col">Hit rate</th>
          </tr>
        </thead>
        <tbody>
          {cache.entities.map((e) => {
            const total = e.hits + e.misses;
            return (
              <tr key={e.entity} data-testid="cache-entity-row" data-entity={e.entity}>
                <td>{entityLabel(e.entity)}</td>
                <td className="num" data-col="hits">
                  {e.hits}
                </td>
                <td className="num" data-col="misses">
                  {e.misses}
                </td>
                <td className="num">
                  {total === 0 ? '—' : `${((e.hits / total) * 100).toFixed(1)} %`}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
