import { useStore } from 'zustand';
import { createStore } from 'zustand/vanilla';
import type { CacheStatsReport, GcsApi, SystemHealth } from '../../src-shared/contract';

/**
 * The core's health and the cache's figures, polled (they change slowly, and a push for every
 * counter would cost more than it tells). The top bar reads the health to show a degraded
 * indicator; the System tab reads both.
 */
export interface SystemStatusState {
  health: SystemHealth | null;
  cache: CacheStatsReport | null;
  /** When the last answer came (performance.now), for "updated n s ago". */
  updatedAt: number | null;
}

export const systemStatus = createStore<SystemStatusState>()(() => ({
  health: null,
  cache: null,
  updatedAt: null,
}));

export function useSystemStatus<T>(selector: (state: SystemStatusState) => T): T {
  return useStore(systemStatus, selector);
}

/**
 * The store's part of the degraded indicator: with a spool filling or draining (a cluster
 * away), how much waits, e.g. "store offline, 1200 rows spooled"; else "store degraded".
 */
export function storeSummary(store: SystemHealth['store']): string | null {
  if (store.state === 'up') return null;
  const spool =
    /^(store offline|store back, replaying)[,:] (\d+) rows and (\d+) engagements spooled/.exec(
      store.detail ?? '',
    );
  if (!spool) return `store ${store.state}`;
  const [, phase, rows, engagements] = spool;
  return `${phase}, ${rows} rows${engagements === '0' ? '' : ` and ${engagements} engagements`} spooled`;
}

/** Often enough that an outage shows within seconds; rarely enough to cost nothing. */
export const SYSTEM_POLL_MS = 2_000;

/** Polls until the returned function is called; a failed poll leaves the last answer shown. */
export function startSystemPolling(api: GcsApi, isOpen: () => boolean): () => void {
  let stopped = false;
  let timer: ReturnType<typeof setTimeout> | null = null;
  const poll = async (): Promise<void> => {
    if (isOpen()) {
      const [health, cache] = await Promise.allSettled([
        api.request('system.health', {}),
        api.request('cache.stats', {}),
      ]);
      if (stopped) return;
      systemStatus.setState((s) => ({
        health: health.status === 'fulfilled' ? health.value : s.health,
        cache: cache.status === 'fulfilled' ? cache.value : s.cache,
        updatedAt:
          health.status === 'fulfilled' || cache.status === 'fulfilled'
            ? performance.now()
            : s.updatedAt,
      }));
    }
    if (!stopped) timer = setTimeout(() => void poll(), SYSTEM_POLL_MS);
  };
  void poll();
  return () => {
    stopped = true;
    if (timer) clearTimeout(timer);
  };
}
