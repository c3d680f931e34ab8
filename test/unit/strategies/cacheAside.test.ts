import { describe, expect, it, vi } from 'vitest';
import { cacheAside } from '../../../src-main/strategies/cacheAside';

function sides(initial: Record<string, number> = {}) {
  const cache = new Map(Object.entries(initial));
  const store: Record<string, number> = { a: 1, b: 2 };
  return {
    cache,
    readCache: vi.fn(async (k: string) => cache.get(k) ?? null),
    load: vi.fn(async (k: string) => {
      if (!(k in store)) throw new Error(`no ${k}`);
      return store[k]!;
    }),
    fillCache: vi.fn(async (k: string, v: number) => void cache.set(k, v)),
  };
}

describe('cacheAside', () => {
  it('answers a hit from the cache without loading', async () => {
    const s = sides({ a: 10 });
    expect(await cacheAside('a', s)).toBe(10);
    expect(s.load).not.toHaveBeenCalled();
    expect(s.fillCache).not.toHaveBeenCalled();
  });

  it('on a miss loads from the store and fills the cache', async () => {
    const s = sides();
    expect(await cacheAside('a', s)).toBe(1);
    expect(s.load).toHaveBeenCalledWith('a');
    expect(s.cache.get('a')).toBe(1);
    expect(await cacheAside('a', s)).toBe(1);
    expect(s.load).toHaveBeenCalledTimes(1);
  });

  it('treats a cached value that is not fresh as a miss', async () => {
    const s = sides({ a: 10 });
    expect(await cacheAside('a', { ...s, isFresh: (v) => v < 5 })).toBe(1);
    expect(s.cache.get('a')).toBe(1);
  });

  it('counts a failed cache read as a miss and ignores a failed fill, reporting both', async () => {
    const s = sides();
    const errors: string[] = [];
    const value = await cacheAside('b', {
      ...s,
      readCache: () => Promise.reject(new Error('down')),
      fillCache: () => Promise.reject(new Error('down')),
      onCacheError: (_e, key, op) => errors.push(`${op}:${key}`),
    });
    expect(value).toBe(2);
    expect(errors).toEqual(['read:b', 'fill:b']);
  });

  it('rejects when the store fails and leaves the cache alone', async () => {
    const s = sides();
    await expect(cacheAside('zzz', s)).rejects.toThrow('no zzz');
    expect(s.fillCache).not.toHaveBeenCalled();
  });
});
