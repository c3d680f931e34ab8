/**
 * Write-around: the store only, then the cached entry is invalidated so the next read loads the
 * new value from the store (for data written more often than it is read). A store failure rejects
 * and leaves the cache untouched; a failed invalidation is reported and ignored (the entry's TTL
 * still bounds how long it can be stale).
 */
export interface WriteAroundSides<K, V> {
  writeStore(key: K, value: V): Promise<void>;
  invalidateCache(key: K): Promise<void>;
  onCacheError?(error: unknown, key: K): void;
}

export async function writeAround<K, V>(
  key: K,
  value: V,
  sides: WriteAroundSides<K, V>,
): Promise<void> {
  await sides.writeStore(key, value);
  try {
    await sides.invalidateCache(key);
  } catch (error) {
    sides.onCacheError?.(error, key);
  }
}
