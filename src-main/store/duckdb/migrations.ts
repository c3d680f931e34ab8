import m001 from '../../../schema/duckdb/001_core.sql?raw';
import m002 from '../../../schema/duckdb/002_alerts.sql?raw';
import m003 from '../../../schema/duckdb/003_settings.sql?raw';
import m004 from '../../../schema/duckdb/004_telemetry_minutes.sql?raw';

/**
 * Numbered migrations, applied in order inside one transaction each and recorded in
 * schema_migrations. The SQL lives in schema/duckdb/ (bundled as text, so the packaged app needs
 * no schema files on disk). Never edit a released migration: add the next number.
 */
export interface Migration {
  version: number;
  name: string;
  sql: string;
}

export const MIGRATIONS: readonly Migration[] = [
  { version: 1, name: '001_core', sql: m001 },
  { version: 2, name: '002_alerts', sql: m002 },
  { version: 3, name: '003_settings', sql: m003 },
  { version: 4, name: '004_telemetry_minutes', sql: m004 },
];
