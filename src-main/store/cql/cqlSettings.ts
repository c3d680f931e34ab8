/** How to reach a ScyllaDB / Cassandra cluster: GCS_STORE=cql with the SCYLLA_* variables. */
export interface CqlSettings {
  /** `host` or `host:port` (the driver takes either), at least one. */
  hosts: string[];
  keyspace: string;
  localDataCenter: string;
  username?: string;
  password?: string;
  /** TLS to the nodes; `caFile` adds a CA to the system's, `rejectUnauthorized` is on unless turned off. */
  tls?: { caFile?: string; rejectUnauthorized: boolean };
  /** The keyspace's replication as CQL, used when the app creates the keyspace. */
  replication: string;
  consistency: { engagements: CqlConsistency; telemetry: CqlConsistency; other: CqlConsistency };
  /** Telemetry batches in flight at once. */
  telemetryConcurrency: number;
  /**
   * Telemetry rows per unlogged batch (about 110 bytes each). Cassandra logs a warning for a
   * batch over 5 kB by default (`batch_size_warn_threshold`; ScyllaDB's is 128 kB): raise that,
   * or lower this to ~40, to keep its log quiet.
   */
  telemetryBatchRows: number;
  /** Per-request timeout in ms. */
  requestTimeoutMs: number;
}

export const CQL_CONSISTENCIES = [
  'ONE',
  'LOCAL_ONE',
  'QUORUM',
  'LOCAL_QUORUM',
  'EACH_QUORUM',
  'ALL',
] as const;
export type CqlConsistency = (typeof CQL_CONSISTENCIES)[number];

export const DEFAULT_REPLICATION = "{'class': 'SimpleStrategy', 'replication_factor': 1}";
