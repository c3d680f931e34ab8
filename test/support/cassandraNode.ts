import { execFile, spawnSync } from 'node:child_process';
import { promisify } from 'node:util';

/**
 * scripts/cassandra.sh from Node: for the global setup (which must not import vitest) and for
 * the suites that stop and start a node.
 */
const execFileAsync = promisify(execFile);
export const CASSANDRA_SCRIPT = new URL('../../scripts/cassandra.sh', import.meta.url).pathname;

export function cassandraPrerequisites(): string | null {
  for (const tool of ['java', 'mvn']) {
    if (spawnSync(tool, ['-version'], { encoding: 'utf8' }).error) {
      return `${tool} is not installed`;
    }
  }
  return null;
}

/** Runs scripts/cassandra.sh with the port the global setup used (and any other settings). */
export async function cassandraScript(
  command: 'start' | 'stop' | 'kill' | 'status',
  port: number,
  env: Record<string, string> = {},
): Promise<string> {
  const { stdout } = await execFileAsync('bash', [CASSANDRA_SCRIPT, command], {
    env: { ...process.env, CASSANDRA_CQL_PORT: String(port), ...env },
    timeout: 300_000,
  });
  return stdout;
}

/**
 * A second node with PasswordAuthenticator (superuser cassandra/cassandra), on ports and in a
 * folder of its own, for the credential tests.
 */
export const AUTH_NODE = {
  port: 19043,
  env: {
    CASSANDRA_AUTH: '1',
    CASSANDRA_STORAGE_PORT: '17001',
    CASSANDRA_JMX_PORT: '17198',
    GCS_CASSANDRA_RUN: '/tmp/gcs-cassandra-auth',
  },
};
