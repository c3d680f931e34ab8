/** A map whose entries expire: how the in-process cache honours the seed's per-type TTLs. */
export class TtlMap<K, V> {
  private readonly entries = new Map<K, { value: V; expiresAt: number }>();

  constructor(
    private readonly ttlMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  set(key: K, value: V): void {
    this.entries.set(key, { value, expiresAt: this.now() + this.ttlMs });
  }

  get(key: K): V | undefined {
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    if (entry.expiresAt <= this.now()) {
      this.entries.delete(key);
      return undefined;
    }
    return entry.value;
  }

  /** Extends an entry's life without replacing it (EXPIRE on write, as the seed does). */
  touch(key: K): void {
    const entry = this.entries.get(key);
    if (!entry) return;
    // Like EXPIRE on a key Redis already dropped: an expired entry is gone, not revived.
    if (entry.expiresAt <= this.now()) this.entries.delete(key);
    else entry.expiresAt = this.now() + this.ttlMs;
  }

  delete(key: K): void {
    this.entries.delete(key);
  }

  get size(): number {
    return this.entries.size;
  }

  /** Drops expired entries; called periodically so idle keys do not pile up. */
  sweep(): void {
    const now = this.now();
    for (const [key, entry] of this.entries) if (entry.expiresAt <= now) this.entries.delete(key);
  }
}
