import type { Client } from 'cassandra-driver';
import coreSchema from '../../../schema/cql/001_core_schema.cql?raw';

/** The schema files in order; each is idempotent, and applied once per keyspace. */
export const CQL_MIGRATIONS: readonly { version: number; name: string; cql: string }[] = [
  { version: 1, name: '001_core_schema', cql: coreSchema },
];

/** The file's keyspace, replaced by the configured one. */
const FILE_KEYSPACE = 'drone_ops';
const FILE_REPLICATION = /replication = \{[^}]*\}/;

/**
 * A schema file's statements for a keyspace: comments dropped, split at the `;` that ends a
 * line, `drone_ops` and the default replication replaced by the configured ones.
 */
export function schemaStatements(cql: string, keyspace: string, replication: string): string[] {
  if (!/^\w+$/.test(keyspace)) throw new Error(`not a keyspace name: ${keyspace}`);
  const text = cql
    .split('\n')
    .map((line) => line.replace(/--.*$/, ''))
    .join('\n');
  return text
    .split(/;\s*$/m)
    .map((s) => s.trim())
    .filter((s) => s.length > 0)
    .map((s) =>
      s
        .replaceAll(`${FILE_KEYSPACE}.`, `${keyspace}.`)
        .replace(
          new RegExp(`KEYSPACE IF NOT EXISTS ${FILE_KEYSPACE}\\b`),
          `KEYSPACE IF NOT EXISTS ${keyspace}`,
        )
        .replace(FILE_REPLICATION, `replication = ${replication}`),
    );
}

/**
 * Applies the migrations the keyspace has not recorded, creating the keyspace first when it is
 * missing; returns the versions applied. DDL is not transactional in CQL, so a migration cut
 * short is simply applied again (its statements are all IF NOT EXISTS).
 */
export async function applyCqlSchema(
  client: Client,
  keyspace: string,
  replication: string,
): Promise<number[]> {
  const applied = new Set<number>();
  const existing = await client.execute(
    'SELECT table_name FROM system_schema.tables WHERE keyspace_name = ? AND table_name = ?',
    [keyspace, 'schema_migrations'],
    { prepare: true },
  );
  if (existing.rowLength > 0) {
    const rows = await client.execute(`SELECT version FROM ${keyspace}.schema_migrations`);
    for (const r of rows.rows) applied.add(r['version'] as number);
  }
  const ran: number[] = [];
  for (const m of CQL_MIGRATIONS) {
    if (applied.has(m.version)) continue;
    for (const statement of schemaStatements(m.cql, keyspace, replication)) {
      await client.execute(statement);
    }
    await client.execute(
      `INSERT INTO ${keyspace}.schema_migrations (version, name, applied_at) VALUES (?, ?, ?)`,
      [m.version, m.name, Date.now()],
      { prepare: true },
    );
    ran.push(m.version);
  }
  return ran;
}
