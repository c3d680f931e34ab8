/**
 * The latencies of the last N calls, for p50/p95/p99 on demand. A fixed ring: recording is one
 * store, whatever the call rate, and the percentiles describe recent behaviour rather than the
 * whole uptime (a cache that was slow an hour ago is not slow now).
 */
export class LatencyWindow {
  private readonly samples: Float64Array;
  private next = 0;
  private count = 0;

  constructor(readonly capacity = 4096) {
    this.samples = new Float64Array(capacity);
  }

  record(ms: number): void {
    this.samples[this.next] = ms;
    this.next = (this.next + 1) % this.capacity;
    if (this.count < this.capacity) this.count++;
  }

  /** Nearest-rank percentiles in ms; null when nothing has been recorded yet. */
  percentiles(): { p50: number; p95: number; p99: number; samples: number } | null {
    if (this.count === 0) return null;
    const sorted = this.samples.slice(0, this.count).sort();
    const at = (p: number): number =>
      sorted[Math.min(this.count - 1, Math.ceil(p * this.count) - 1)]!;
    return { p50: at(0.5), p95: at(0.95), p99: at(0.99), samples: this.count };
  }
}
