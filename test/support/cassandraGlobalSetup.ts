import type { TestProject } from 'vitest/node';
import { cassandraPrerequisites, cassandraScript } from './cassandraNode';

/**
 * Starts one Cassandra node for the integration run (a node takes 15–30 s to start, so the
 * suites share it, each in a keyspace of its own) and stops it afterwards, unless it was
 * already running before the run (a developer's node is left alone).
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const port = Number(process.env['CASSANDRA_CQL_PORT'] ?? 19042);
  const missing =
    process.env['GCS_TEST_CASSANDRA'] === '0' && !process.env['CI']
      ? 'GCS_TEST_CASSANDRA=0'
      : cassandraPrerequisites();
  if (missing) {
    if (process.env['CI'])
      throw new Error(`Cassandra: ${missing}, and CI requires it (see .ci/run)`);
    process.stderr.write(
      `\n*** SKIPPING the Cassandra suites: ${missing} (Java 17 and Maven run the test node). ***\n\n`,
    );
    project.provide('cqlPort', 0);
    return async () => undefined;
  }
  const wasRunning = await cassandraScript('status', port).then(
    () => true,
    () => false,
  );
  const started = Date.now();
  // A node this run starts begins empty: keyspaces of earlier runs would only slow it down.
  const out = await cassandraScript('start', port, wasRunning ? {} : { CASSANDRA_FRESH: '1' });
  const cqlPort = Number(/CQL_PORT=(\d+)\s*$/.exec(out)?.[1]);
  if (!cqlPort) throw new Error(`scripts/cassandra.sh start printed no CQL_PORT: ${out}`);
  process.stderr.write(
    `Cassandra node on 127.0.0.1:${cqlPort} (${wasRunning ? 'already running' : `started in ${((Date.now() - started) / 1000).toFixed(0)} s`})\n`,
  );
  project.provide('cqlPort', cqlPort);
  return async () => {
    if (!wasRunning) await cassandraScript('stop', cqlPort);
  };
}
