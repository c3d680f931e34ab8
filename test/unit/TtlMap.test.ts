import { afterEach, describe, expect, it, vi } from 'vitest';
import { TtlMap } from '../../src-main/cache/memory/TtlMap';

function clocked(ttlMs: number) {
  const clock = { t: 1_000 };
  const map = new TtlMap<string, string>(ttlMs, () => clock.t);
  return { clock, map };
}

describe('TtlMap', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('keeps an entry for exactly its TTL', () => {
    const { clock, map } = clocked(100);
    map.set('a', 'A');
    clock.t += 99;
    expect(map.get('a')).toBe('A');
    clock.t += 1; // expiresAt <= now: gone at exactly ttl ms
    expect(map.get('a')).toBeUndefined();
    expect(map.size).toBe(0); // an expired entry read is dropped
  });

  it('restarts the TTL when a key is set again, with the new value', () => {
    const { clock, map } = clocked(100);
    map.set('a', 'old');
    clock.t += 80;
    map.set('a', 'new');
    clock.t += 80;
    expect(map.get('a')).toBe('new');
    clock.t += 20;
    expect(map.get('a')).toBeUndefined();
  });

  it('touch extends an entry’s life from now without replacing it', () => {
    const { clock, map } = clocked(100);
    map.set('a', 'A');
    clock.t += 60;
    map.touch('a');
    clock.t += 99; // 159 ms after set, 99 after touch
    expect(map.get('a')).toBe('A');
    clock.t += 1;
    expect(map.get('a')).toBeUndefined();
  });

  it('touch on a missing key creates nothing', () => {
    const { map } = clocked(100);
    map.touch('ghost');
    expect(map.size).toBe(0);
    expect(map.get('ghost')).toBeUndefined();
  });

  // Regression test for a fixed bug (src-main/cache/memory/TtlMap.ts, touch): an entry that has expired but not yet been
  // swept or read is brought back to life by touch, unlike Redis EXPIRE on an expired key (which
  // no longer exists and stays gone), so a stale value is served for another full TTL.
  it('touch does not revive an entry that has already expired', () => {
    const { clock, map } = clocked(100);
    map.set('a', 'stale');
    clock.t += 150; // expired 50 ms ago, still in the map
    map.touch('a');
    expect(map.get('a')).toBeUndefined();
  });

  it('delete removes an entry', () => {
    const { map } = clocked(100);
    map.set('a', 'A');
    map.set('b', 'B');
    map.delete('a');
    expect(map.get('a')).toBeUndefined();
    expect(map.get('b')).toBe('B');
    expect(map.size).toBe(1);
  });

  it('sweep drops expired entries only', () => {
    const { clock, map } = clocked(100);
    map.set('early', '1');
    clock.t += 60;
    map.set('late', '2');
    clock.t += 40; // early expires now, late has 60 ms left
    expect(map.size).toBe(2); // nothing is dropped until read or swept
    map.sweep();
    expect(map.size).toBe(1);
    expect(map.get('late')).toBe('2');
    clock.t += 60;
    map.sweep();
    expect(map.size).toBe(0);
  });

  it('uses Date.now when no clock is given', () => {
    vi.useFakeTimers();
    vi.setSystemTime(10_000);
    const map = new TtlMap<string, number>(500);
    map.set('a', 1);
    vi.setSystemTime(10_499);
    expect(map.get('a')).toBe(1);
    vi.setSystemTime(10_500);
    expect(map.get('a')).toBeUndefined();
  });
});
