import { describe, expect, it } from 'vitest';
import {
  CircuitBreaker,
  type CircuitBreakerOptions,
  type CircuitState,
} from '../../src-main/cache/resilience/CircuitBreaker';

interface Change {
  state: CircuitState;
  previous: CircuitState;
  reason: string;
}

/** A breaker on a hand-moved clock, with every transition it reported. */
function setup(options: Omit<CircuitBreakerOptions, 'now' | 'onChange'> = {}) {
  let time = 1_000_000;
  const changes: Change[] = [];
  const breaker = new CircuitBreaker({
    ...options,
    now: () => time,
    onChange: (state, previous, reason) => changes.push({ state, previous, reason }),
  });
  const advance = (ms: number) => {
    time += ms;
  };
  const fail = (times: number, error: unknown = new Error('ECONNREFUSED')) => {
    for (let i = 0; i < times; i++) {
      expect(breaker.allowRequest()).toBe(true);
      breaker.recordFailure(error);
    }
  };
  return { breaker, changes, advance, fail, now: () => time };
}

describe('CircuitBreaker', () => {
  it('starts closed and lets every request through', () => {
    const { breaker, changes } = setup();
    for (let i = 0; i < 20; i++) expect(breaker.allowRequest()).toBe(true);
    expect(breaker.state).toBe('closed');
    expect(breaker.snapshot()).toEqual({
      state: 'closed',
      consecutiveFailures: 0,
      openedAt: null,
      nextProbeAt: null,
      lastError: null,
    });
    expect(changes).toEqual([]);
  });

  it('opens after failureThreshold consecutive failures (default 5) and refuses requests', () => {
    const { breaker, changes, fail, now } = setup();
    fail(4);
    expect(breaker.state).toBe('closed');
    fail(1);
    expect(breaker.state).toBe('open');
    expect(breaker.allowRequest()).toBe(false);
    expect(changes).toEqual([
      { state: 'open', previous: 'closed', reason: '5 consecutive failures, last: ECONNREFUSED' },
    ]);
    expect(breaker.snapshot()).toEqual({
      state: 'open',
      consecutiveFailures: 5,
      openedAt: now(),
      nextProbeAt: now() + 2_000,
      lastError: 'ECONNREFUSED',
    });
  });

  it('counts only consecutive failures: a success starts the count again', () => {
    const { breaker, fail } = setup({ failureThreshold: 3 });
    fail(2);
    breaker.recordSuccess();
    fail(2);
    expect(breaker.state).toBe('closed');
    expect(breaker.snapshot().consecutiveFailures).toBe(2);
    fail(1);
    expect(breaker.state).toBe('open');
  });

  it('turns half-open once openMs has passed and admits exactly one probe at a time', () => {
    const { breaker, changes, advance, fail } = setup({ failureThreshold: 1, openMs: 500 });
    fail(1);
    advance(499);
    expect(breaker.allowRequest()).toBe(false);
    expect(breaker.state).toBe('open');
    advance(1);
    expect(breaker.state).toBe('half-open');
    expect(breaker.allowRequest()).toBe(true);
    expect(breaker.allowRequest()).toBe(false);
    expect(breaker.allowRequest()).toBe(false);
    expect(breaker.snapshot()).toMatchObject({ state: 'half-open', nextProbeAt: null });
    // Looking again does not report the transition again.
    expect(breaker.state).toBe('half-open');
    expect(changes.map((c) => [c.previous, c.state])).toEqual([
      ['closed', 'open'],
      ['open', 'half-open'],
    ]);
  });

  it('closes when the probe succeeds, forgetting the failures and the backoff', () => {
    const { breaker, changes, advance, fail } = setup({ failureThreshold: 2, openMs: 100 });
    fail(2);
    advance(100);
    expect(breaker.allowRequest()).toBe(true);
    breaker.recordSuccess();
    expect(breaker.state).toBe('closed');
    expect(breaker.allowRequest()).toBe(true);
    expect(breaker.snapshot()).toEqual({
      state: 'closed',
      consecutiveFailures: 0,
      openedAt: null,
      nextProbeAt: null,
      lastError: 'ECONNREFUSED',
    });
    expect(changes.at(-1)).toEqual({
      state: 'closed',
      previous: 'half-open',
      reason: 'probe succeeded',
    });
  });

  it('opens again when the probe fails, doubling the wait up to maxOpenMs', () => {
    const { breaker, changes, advance, fail, now } = setup({
      failureThreshold: 1,
      openMs: 2_000,
      maxOpenMs: 10_000,
    });
    fail(1);
    const waits: number[] = [];
    for (let probe = 0; probe < 4; probe++) {
      const { nextProbeAt } = breaker.snapshot();
      waits.push(nextProbeAt! - now());
      advance(nextProbeAt! - now() - 1);
      expect(breaker.allowRequest()).toBe(false);
      advance(1);
      expect(breaker.allowRequest()).toBe(true);
      breaker.recordFailure(new Error('still down'));
      expect(breaker.state).toBe('open');
    }
    waits.push(breaker.snapshot().nextProbeAt! - now());
    expect(waits).toEqual([2_000, 4_000, 8_000, 10_000, 10_000]);
    expect(breaker.snapshot()).toMatchObject({ consecutiveFailures: 5, lastError: 'still down' });
    expect(changes.at(-1)).toEqual({
      state: 'open',
      previous: 'half-open',
      reason: 'probe failed: still down',
    });
  });

  it('starts the next outage from openMs again after a recovery', () => {
    const { breaker, advance, fail, now } = setup({ failureThreshold: 1, openMs: 1_000 });
    fail(1);
    advance(1_000);
    fail(1); // the probe
    expect(breaker.snapshot().nextProbeAt! - now()).toBe(2_000);
    advance(2_000);
    expect(breaker.allowRequest()).toBe(true);
    breaker.recordSuccess();
    fail(1);
    expect(breaker.snapshot().nextProbeAt! - now()).toBe(1_000);
  });

  it('ignores outcomes of calls admitted before it opened', () => {
    const { breaker, changes, advance, fail } = setup({ failureThreshold: 1, openMs: 1_000 });
    fail(1);
    const before = breaker.snapshot();
    breaker.recordSuccess();
    breaker.recordFailure(new Error('late'));
    expect(breaker.snapshot()).toEqual(before);
    advance(1_000);
    // Half-open with no probe out yet: still not the probe's answer.
    breaker.recordSuccess();
    expect(breaker.state).toBe('half-open');
    expect(changes).toHaveLength(2);
  });

  it('keeps the message of whatever was thrown as lastError', () => {
    const { breaker } = setup();
    breaker.recordFailure('plain string');
    expect(breaker.snapshot().lastError).toBe('plain string');
    breaker.recordFailure(new TypeError());
    expect(breaker.snapshot().lastError).toBe('TypeError');
    breaker.recordFailure({ code: 42 });
    expect(breaker.snapshot().lastError).toBe('[object Object]');
  });

  it('uses the wall clock when no clock is given', () => {
    const breaker = new CircuitBreaker({ failureThreshold: 1 });
    const before = Date.now();
    breaker.recordFailure(new Error('x'));
    const { openedAt, nextProbeAt } = breaker.snapshot();
    expect(openedAt).toBeGreaterThanOrEqual(before);
    expect(nextProbeAt! - openedAt!).toBe(2_000);
  });

  it('refuses options that cannot work', () => {
    expect(() => new CircuitBreaker({ failureThreshold: 0 })).toThrow(RangeError);
    expect(() => new CircuitBreaker({ failureThreshold: 1.5 })).toThrow(RangeError);
    expect(() => new CircuitBreaker({ openMs: 0 })).toThrow(RangeError);
    expect(() => new CircuitBreaker({ openMs: 5_000, maxOpenMs: 1_000 })).toThrow(RangeError);
  });
});
