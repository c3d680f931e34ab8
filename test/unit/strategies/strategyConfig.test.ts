import { describe, expect, it } from 'vitest';
import {
  DEFAULT_CACHE_STRATEGIES,
  STRATEGY_DATA_TYPES,
  STRATEGY_RULES,
  parseCacheStrategies,
} from '../../../src-main/strategies/strategyConfig';

describe('strategy table', () => {
  it('defaults: history behind, latest and stats through, drone state aside, board read-through', () => {
    expect(DEFAULT_CACHE_STRATEGIES).toEqual({
      telemetryHistory: 'write-behind',
      telemetryLatest: 'write-through',
      droneState: 'cache-aside',
      leaderboard: 'read-through',
      engagementStats: 'write-through',
      convoySummary: 'write-through',
    });
  });

  it('every default is allowed for its data type', () => {
    for (const d of STRATEGY_DATA_TYPES) {
      expect(STRATEGY_RULES[d].allowed as readonly string[]).toContain(STRATEGY_RULES[d].default);
    }
  });

  it('unset or blank gives the defaults', () => {
    expect(parseCacheStrategies(undefined)).toEqual({ ok: true, value: DEFAULT_CACHE_STRATEGIES });
    expect(parseCacheStrategies('  ')).toEqual({ ok: true, value: DEFAULT_CACHE_STRATEGIES });
  });

  it('applies allowed overrides, including a default restated', () => {
    expect(
      parseCacheStrategies(
        'telemetryLatest=write-around, droneState=read-through,leaderboard=read-through',
      ),
    ).toEqual({
      ok: true,
      value: {
        ...DEFAULT_CACHE_STRATEGIES,
        telemetryLatest: 'write-around',
        droneState: 'read-through',
      },
    });
  });

  it('names every bad entry at once', () => {
    const parsed = parseCacheStrategies(
      'droneState=write-behind,foo=bar,leaderboard=cache-aside,x',
    );
    expect(parsed.ok).toBe(false);
    if (parsed.ok) return;
    expect(parsed.error).toContain(
      'droneState may be cache-aside or read-through, not write-behind',
    );
    expect(parsed.error).toContain('unknown data type "foo"');
    expect(parsed.error).toContain('leaderboard must stay read-through');
    expect(parsed.error).toContain('"x" is not dataType=strategy');
  });

  it('does not take inherited names for data types', () => {
    expect(parseCacheStrategies('toString=write-through').ok).toBe(false);
  });
});
