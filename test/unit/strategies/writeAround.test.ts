import { describe, expect, it } from 'vitest';
import { writeAround } from '../../../src-main/strategies/writeAround';

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

describe('writeAround', () => {
  it('writes the store only, then invalidates the cached entry', async () => {
    const s = sides();
    await writeAround('k', 5, s);
    expect(s.order).toEqual(['store', 'invalidate']);
    expect(s.store.get('k')).toBe(5);
    expect(s.cache.has('k')).toBe(false);
  });

  it('a store failure rejects without invalidating', async () => {
    const s = sides({ storeFails: true });
    await expect(writeAround('k', 5, s)).rejects.toThrow('store down');
    expect(s.order).toEqual(['store']);
    expect(s.cache.get('k')).toBe(0);
  });

  it('a failed invalidation is reported and ignored', async () => {
    const s = sides({ cacheFails: true });
    await writeAround('k', 5, s);
    expect(s.store.get('k')).toBe(5);
    expect(s.errors).toHaveLength(1);
  });
});
