import { describe, expect, it } from 'vitest';
import { storeSummary } from '../../../src-renderer/state/systemStatus';

describe('storeSummary', () => {
  it('says nothing while the store is up', () => {
    expect(storeSummary({ kind: 'cql', state: 'up', detail: 'drone_ops on 3/3 hosts' })).toBeNull();
  });

  it('says how much waits in the spool while the cluster is away, and while it drains', () => {
    expect(
      storeSummary({
        kind: 'cql',
        state: 'degraded',
        detail:
          'store offline, 1200 rows and 31 engagements spooled (All host(s) tried for query failed.)',
      }),
    ).toBe('store offline, 1200 rows and 31 engagements spooled');
    expect(
      storeSummary({
        kind: 'cql',
        state: 'degraded',
        detail: 'store back, replaying: 400 rows and 0 engagements spooled',
      }),
    ).toBe('store back, replaying, 400 rows spooled');
  });

  it('falls back to the state for any other trouble', () => {
    expect(storeSummary({ kind: 'duckdb', state: 'down', detail: 'closed' })).toBe('store down');
    expect(storeSummary({ kind: 'cql', state: 'degraded' })).toBe('store degraded');
  });
});
