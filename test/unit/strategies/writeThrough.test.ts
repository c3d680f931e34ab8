import { describe, expect, it } from 'vitest';
import { writeThrough } from '../../../src-main/strategies/writeThrough';

function sides(opts: { storeFails?: boolean; cacheFails?: boolean } = {}) {
  const order: string[] = [];
  const store = new Map<string, number>();
  const cache = new Map<string, number>([['k', 0]]);
  const errors: unknown[] = [];
  return {
    order,
    store,
    cache,
    errors,
    writeStore: async (k: string, v: number) => {
      order.push('store');
      if (opts.storeFails) throw new Error('store down');
      store.set(k, v);
    },
    writeCache: async (k: string, v: number) => {
      order.push('cache');
      if (opts.cacheFails) throw new Error('cache down');
      cache.set(k, v);
    },
    invalidateCache: async (k: string) => {
      order.push('invalidate');
      if (opts.cacheFails) throw new Error('cache down');
      cache.delete(k);
    },
    onCacheError: (e: unknown) => errors.push(e),
  };
}

describe('writeThrough', () => {
  it('writes the store first, then the cache', async () => {
    const s = sides();
    await writeThrough('k', 5, s);
    expect(s.order).toEqual(['store', 'cache']);
    expect(s.store.get('k')).toBe(5);
    expect(s.cache.get('k')).toBe(5);
  });

  it('a store failure rejects and leaves the cache untouched', async () => {
    const s = sides({ storeFails: true });
    await expect(writeThrough('k', 5, s)).rejects.toThrow('store down');
    expect(s.order).toEqual(['store']);
    expect(s.cache.get('k')).toBe(0);
  });

  it('a cache failure is reported and ignored: the write succeeds', async () => {
    const s = sides({ cacheFails: true });
    await writeThrough('k', 5, s);
    expect(s.store.get('k')).toBe(5);
    expect(s.errors).toHaveLength(1);
  });
});
