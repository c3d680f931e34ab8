/**
 * Cache-aside: the caller reads the cache itself; on a miss (or a cached value that is no longer
 * fresh) it loads from the store and fills the cache for the next reader. The cache is a copy: a
 * cache that cannot be read counts as a miss, and a fill that fails is reported and ignored.
 */
export interface CacheAsideSides<K, V> {
  /** The cached value, or null on a miss. */
  readCache(key: K): Promise<V | null>;
  /** The value from the store (the source of truth). */
  load(key: K): Promise<V>;
  /** Puts a loaded value in the cache. */
  fillCache(key: K, value: V): Promise<void>;
  /** Whether a cached value may be served; every cached value may when absent. */
  isFresh?(value: V, key: K): boolean;
  /** Told about a cache read or fill that failed (the read then counts as a miss). */
  onCacheError?(error: unknown, key: K, operation: 'read' | 'fill'): void;
}

export async function cacheAside<K, V>(key: K, sides: CacheAsideSides<K, V>): Promise<V> {
  let cached: V | null = null;
  try {
    cached = await sides.readCache(key);
  } catch (error) {
    sides.onCacheError?.(error, key, 'read');
  }
  if (cached !== null && (sides.isFresh?.(cached, key) ?? true)) return cached;
  const loaded = await sides.load(key);
  try {
    await sides.fillCache(key, loaded);
  } catch (error) {
    sides.onCacheError?.(error, key, 'fill');
  }
  return loaded;
}
