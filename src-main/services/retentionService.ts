import type { Logger } from '../core/logger';
import { keepsRetention, type Store } from '../store/Store';

export interface RetentionSettings {
  /** Raw telemetry kept this long at full rate (simulation time); 0 keeps it all. */
  hotHours: number;
  /** How often complete minutes are rolled up and old rows dropped (wall time). */
  intervalMs: number;
}

/**
 * The seed's retention (seeds/database-architecture-delivery-fleet.md): every complete minute of
 * telemetry rolled up into one row per drone and minute, kept indefinitely, and raw rows dropped
 * once rolled up and older than the hot window. Times are the GCS clock's, so a simulation run
 * faster than real time ages its data as fast. A store that keeps no roll-up (CQL: its TTL)
 * is left alone.
 */
export class RetentionService {
  private timer: ReturnType<typeof setInterval> | null = null;
  private running: Promise<void> | null = null;
  private lastRun = { rolledUp: 0, pruned: 0 };

  constructor(
    private readonly store: Store,
    private readonly log: Logger,
    private readonly clock: () => number,
    private readonly settings: RetentionSettings,
  ) {}

  start(): void {
    if (!keepsRetention(this.store) || this.timer) return;
    this.timer = setInterval(() => void this.runOnce(), this.settings.intervalMs);
  }

  /** One pass now (the timer's, or a test's); a pass under way is waited for, not doubled. */
  runOnce(): Promise<void> {
    this.running ??= this.pass().finally(() => {
      this.running = null;
    });
    return this.running;
  }

  stats(): { rolledUp: number; pruned: number } {
    return { ...this.lastRun };
  }

  async close(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.running;
  }

  private async pass(): Promise<void> {
    const store = this.store;
    if (!keepsRetention(store)) return;
    try {
      const now = this.clock();
      const rolledUp = await store.rollUpTelemetry(now);
      const pruned =
        this.settings.hotHours > 0
          ? await store.pruneTelemetry(now - this.settings.hotHours * 3_600_000)
          : 0;
      this.lastRun = { rolledUp, pruned };
      if (pruned > 0) {
        this.log.info(
          `retention: ${pruned} telemetry rows older than ${this.settings.hotHours} h dropped (kept as minutes)`,
        );
      }
    } catch (error) {
      this.log.warn(`retention pass failed: ${(error as Error).message}`);
    }
  }
}
