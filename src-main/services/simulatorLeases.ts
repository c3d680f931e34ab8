import { randomUUID } from 'node:crypto';
import type { Cache } from '../cache/Cache';
import type { Logger } from '../core/logger';

/** Long enough to ride out a GC pause or a slow disk; short enough that a crashed instance's convoys are free within a minute. */
const LEASE_TTL_S = 30;
const RENEW_EVERY_MS = 10_000;

export const simulatorLeaseName = (convoyId: string): string => `simulator:lock:${convoyId}`;

/**
 * One GCS instance alone flies a convoy's simulation: it holds a lease per convoy in the cache
 * (`simulator:lock:{convoy_id}`, a token, 30 s, renewed every 10 s). On the in-process cache
 * there is only this instance, so the lease is always granted. While the cache cannot answer,
 * the instance keeps what it flies (no other instance can take it meanwhile) and takes the leases
 * again when the cache is back; if another instance has them by then, it stops.
 */
export class SimulatorLeases {
  private readonly token = randomUUID();
  private held: string[] = [];
  private timer: ReturnType<typeof setInterval> | null = null;

  constructor(
    private readonly cache: Cache,
    private readonly log: Logger,
    private readonly onLost: (convoyId: string) => void,
  ) {}

  /** Takes every convoy's lease, or none: null when taken, else the convoy another instance holds. */
  async acquire(convoyIds: readonly string[]): Promise<string | null> {
    const taken: string[] = [];
    for (const id of convoyIds) {
      const result = await this.cache.tryLease(simulatorLeaseName(id), this.token, LEASE_TTL_S);
      if (result === 'held') {
        for (const t of taken) await this.cache.releaseLease(simulatorLeaseName(t), this.token);
        return id;
      }
      if (result === 'acquired') taken.push(id);
    }
    this.held = [...convoyIds];
    this.timer ??= setInterval(() => void this.renew(), RENEW_EVERY_MS);
    this.timer.unref?.();
    return null;
  }

  private async renew(): Promise<void> {
    for (const id of this.held) {
      const name = simulatorLeaseName(id);
      const renewed = await this.cache.renewLease(name, this.token, LEASE_TTL_S);
      if (renewed !== 'lost') continue;
      // Expired while the cache was out, or never taken: take it back unless someone else has.
      if ((await this.cache.tryLease(name, this.token, LEASE_TTL_S)) === 'held') {
        this.log.warn(
          `simulator: convoy ${id} is now flown by another GCS instance; stopping here`,
        );
        this.onLost(id);
        return;
      }
    }
  }

  async release(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    const held = this.held;
    this.held = [];
    for (const id of held) await this.cache.releaseLease(simulatorLeaseName(id), this.token);
  }
}
