/** Hourly buckets partition telemetry (Cassandra partitions, Parquet row groups, retention). */
export const HOUR_MS = 3_600_000;

export function hourBucket(epochMs: number): number {
  return Math.floor(epochMs / HOUR_MS) * HOUR_MS;
}
