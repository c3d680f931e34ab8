/**
 * Write-through: the store first, then the cache. A store failure rejects and leaves the cache
 * untouched (it still matches the store); a cache failure is reported and ignored, because the
 * cache is a copy that a later read rebuilds from the store.
 */
export interface WriteThroughSides<K, V> {
  writeStore(key: K, value: V): Promise<void>;
  writeCache(key: K, value: V): Promise<void>;
  onCacheError?(error: unknown, key: K): void;
}

export async function writeThrough<K, V>(
  key: K,
  value: V,
  sides: WriteThroughSides<K, V>,
): Promise<void> {
  await sides.writeStore(key, value);
  try {
    await sides.writeCache(key, value);
  } catch (error) {
    sides.onCacheError?.(error, key);
  }
}
