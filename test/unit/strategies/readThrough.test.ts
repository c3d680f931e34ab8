import { describe, expect, it, vi } from 'vitest';
import { ReadThroughReader } from '../../../src-main/strategies/readThrough';

function deferred<T>() {
  let resolve!: (v: T) => void;
  let reject!: (e: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

describe('ReadThroughReader', () => {
  it('answers hits from the cache and loads (and fills) on a miss', async () => {
    const cache = new Map<string, string>([['a', 'cached-a']]);
    const load = vi.fn(async (k: string) => `stored-${k}`);
    const reader = new ReadThroughReader<string, string>({
      readCache: async (k) => cache.get(k) ?? null,
      load,
      fillCache: async (k, v) => void cache.set(k, v),
    });
    expect(await reader.get('a')).toBe('cached-a');
    expect(await reader.get('b')).toBe('stored-b');
    expect(cache.get('b')).toBe('stored-b');
    expect(await reader.get('b')).toBe('stored-b');
    expect(load).toHaveBeenCalledTimes(1);
    expect(reader.loads).toBe(1);
  });

  it('concurrent misses for one key share one load and one fill', async () => {
    const gate = deferred<number>();
    const load = vi.fn(() => gate.promise);
    const fillCache = vi.fn(async () => undefined);
    const reader = new ReadThroughReader<string, number>({
      readCache: async () => null,
      load,
      fillCache,
    });
    const reads = [reader.get('k'), reader.get('k'), reader.get('k'), reader.get('other')];
    await vi.waitFor(() => expect(reader.loading).toBe(2));
    gate.resolve(42);
    expect(await Promise.all(reads)).toEqual([42, 42, 42, 42]);
    expect(load).toHaveBeenCalledTimes(2); // 'k' once, 'other' once
    expect(fillCache).toHaveBeenCalledTimes(2);
    expect(reader.loading).toBe(0);
  });

  it('a failed shared load rejects every waiter, and the next read tries again', async () => {
    const gate = deferred<number>();
    let calls = 0;
    const reader = new ReadThroughReader<string, number>({
      readCache: async () => null,
      load: () => (++calls === 1 ? gate.promise : Promise.resolve(7)),
      fillCache: async () => undefined,
    });
    const a = reader.get('k');
    const b = reader.get('k');
    await vi.waitFor(() => expect(reader.loading).toBe(1));
    gate.reject(new Error('store down'));
    await expect(a).rejects.toThrow('store down');
    await expect(b).rejects.toThrow('store down');
    expect(await reader.get('k')).toBe(7);
  });

  it('applies the freshness rule, keyId, and survives a failing cache', async () => {
    const errors: string[] = [];
    const reader = new ReadThroughReader<{ id: string }, number>({
      keyId: (k) => k.id,
      readCache: async (k) => (k.id === 'down' ? Promise.reject(new Error('x')) : 1),
      isFresh: (v) => v > 5,
      load: async () => 9,
      fillCache: async (k) => {
        if (k.id === 'down') throw new Error('y');
      },
      onCacheError: (_e, k, op) => errors.push(`${op}:${k.id}`),
    });
    expect(await reader.get({ id: 'stale' })).toBe(9);
    expect(await reader.get({ id: 'down' })).toBe(9);
    expect(errors).toEqual(['read:down', 'fill:down']);
  });
});
