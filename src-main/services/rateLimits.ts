import { GcsError } from '../../src-shared/errors';
import type { Cache } from '../cache/Cache';

/**
 * Limits on what operators and integrations may ask for, counted in the cache so that every GCS
 * instance on one Redis shares them. When the cache cannot count, requests are let through:
 * an outage of the cache must not stop an operator from recording an engagement.
 */
export class RateLimits {
  constructor(
    private readonly cache: Cache,
    private readonly engagementsPerDronePerMinute: number,
  ) {}

  /** Throws RATE_LIMITED when this drone has had its engagements for the current minute. */
  async engagementRecord(droneId: string): Promise<void> {
    const used = await this.cache.countInWindow(`${droneId}:engagement.record`, 60);
    if (used && used.count > this.engagementsPerDronePerMinute) {
      throw new GcsError(
        'RATE_LIMITED',
        `drone ${droneId} has recorded ${this.engagementsPerDronePerMinute} engagements this minute, the most allowed; try again in ${used.resetInS} s`,
        [{ path: 'droneId', message: `rate limit: ${this.engagementsPerDronePerMinute} a minute` }],
      );
    }
  }
}
