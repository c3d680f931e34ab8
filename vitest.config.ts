import { defineConfig } from 'vitest/config';

/**
 * Two projects: unit tests (pure, fast) and integration tests (real DuckDB on disk, and later real
 * Redis and Cassandra started by the harness). End-to-end tests run under Playwright instead.
 */
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: ['test/unit/**/*.test.ts'],
          environment: 'node',
        },
      },
      {
        test: {
          name: 'integration',
          include: ['test/integration/**/*.test.ts'],
          environment: 'node',
          // One Cassandra node for the run (scripts/cassandra.sh), shared by the CQL suites.
          globalSetup: ['test/support/cassandraGlobalSetup.ts'],
          testTimeout: 120_000,
          hookTimeout: 120_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
