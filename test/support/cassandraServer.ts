import { inject } from 'vitest';
import type { CqlSettings } from '../../src-main/store/cql/cqlSettings';

/**
 * One real Apache Cassandra node (scripts/cassandra.sh) for the whole integration run: started
 * by the global setup (test/support/cassandraGlobalSetup.ts), shared by the suites through
 * vitest's provide/inject. CI must have it (.ci/run installs Java and Maven), so there a node
 * that cannot start fails the run; on a developer's machine without Java or Maven the
 * Cassandra suites are skipped, loudly.
 */
export { AUTH_NODE, cassandraScript } from './cassandraNode';

declare module 'vitest' {
  export interface ProvidedContext {
    /** The node's CQL port; 0 when no node could be started (the reason was printed). */
    cqlPort: number;
  }
}

/** The shared node's port, or 0 (and a printed reason) when there is none. */
export function cassandraPort(): number {
  const port = inject('cqlPort') ?? 0;
  if (port === 0) {
    process.stderr.write(
      '\n*** SKIPPING a Cassandra suite: no Cassandra node (see the global setup’s message above). ***\n\n',
    );
  }
  return port;
}

/** Settings for a store on the shared node, in a keyspace of the caller's own. */
export function cqlSettings(port: number, keyspace: string): CqlSettings {
  return {
    hosts: [`127.0.0.1:${port}`],
    keyspace,
    localDataCenter: 'datacenter1',
    replication: "{'class': 'SimpleStrategy', 'replication_factor': 1}",
    consistency: { engagements: 'LOCAL_QUORUM', telemetry: 'LOCAL_ONE', other: 'LOCAL_QUORUM' },
    telemetryConcurrency: 128,
    telemetryBatchRows: 100,
    // Short, so a killed node is noticed (and writes spooled) within seconds.
    requestTimeoutMs: 3_000,
  };
}

/** A fresh keyspace name: suites never see each other's rows. */
export function testKeyspace(prefix: string): string {
  return `${prefix}_${Date.now().toString(36)}_${Math.random().toString(36).slice(2, 8)}`;
}
