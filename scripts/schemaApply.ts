/**
 * `npm run schema:apply`: applies schema/cql/ to the cluster the SCYLLA_* variables name (the
 * same settings as GCS_STORE=cql), creating the keyspace if it is missing. For an account that
 * may create keyspaces when the app's own may not. Prints the versions it applied.
 */
import { configFromEnv, ConfigError } from '../src-main/core/config';
import { CqlStore } from '../src-main/store/cql/CqlStore';
import { CQL_MIGRATIONS } from '../src-main/store/cql/cqlSchema';

try {
  const config = configFromEnv({ ...process.env, GCS_STORE: 'cql' }, 'schema-apply');
  if (config.store.kind !== 'cql') throw new Error('unreachable: GCS_STORE is cql here');
  // Opening the store applies what the keyspace lacks.
  const store = await CqlStore.open(config.store);
  await store.close();
  const latest = CQL_MIGRATIONS.at(-1)!;
  process.stdout.write(
    `keyspace ${config.store.keyspace} on ${config.store.hosts.join(', ')}: schema at version ${latest.version} (${latest.name})\n`,
  );
} catch (error) {
  process.stderr.write(
    `schema:apply: ${error instanceof ConfigError || error instanceof Error ? error.message : String(error)}\n`,
  );
  process.exit(1);
}
