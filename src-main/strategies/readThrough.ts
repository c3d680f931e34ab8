import type { CacheAsideSides } from './cacheAside';

export interface ReadThroughOptions<K, V> extends CacheAsideSides<K, V> {
  /** The identity of a key for sharing loads; `String(key)` when absent. */
  keyId?(key: K): string;
}

/**
 * Read-through: a reader that owns the loader. Callers only ask it for a key; it answers from the
 * cache when it can, else loads from the store, fills the cache and answers. Concurrent misses for
 * the same key share one load (and one fill) instead of each going to the store. As with
 * cache-aside, a cache that cannot be read counts as a miss and a failed fill is only reported.
 */
export class ReadThroughReader<K, V> {
  private readonly inFlight = new Map<string, Promise<V>>();
  private loadCount = 0;

  constructor(private readonly sides: ReadThroughOptions<K, V>) {}

  async get(key: K): Promise<V> {
    const id = this.sides.keyId ? this.sides.keyId(key) : String(key);
    const joined = this.inFlight.get(id);
    if (joined) return joined;
    let cached: V | null = null;
    try {
      cached = await this.sides.readCache(key);
    } catch (error) {
      this.sides.onCacheError?.(error, key, 'read');
    }
    if (cached !== null && (this.sides.isFresh?.(cached, key) ?? true)) return cached;
    return this.loadShared(id, key);
  }

  /** How many loads went to the store (a shared load counts once). */
  get loads(): number {
    return this.loadCount;
  }

  /** Keys being loaded right now. */
  get loading(): number {
    return this.inFlight.size;
  }

  private loadShared(id: string, key: K): Promise<V> {
    const shared = this.inFlight.get(id);
    if (shared) return shared;
    this.loadCount++;
    const entry = (async () => {
      const value = await this.sides.load(key);
      try {
        await this.sides.fillCache(key, value);
      } catch (error) {
        this.sides.onCacheError?.(error, key, 'fill');
      }
      return value;
    })().finally(() => this.inFlight.delete(id));
    this.inFlight.set(id, entry);
    return entry;
  }
}
