/**
 * Write-behind: items are accepted into a buffer at once and written to the store later, in
 * batches. A crash loses what is still buffered, so the buffer is flushed often (every
 * `flushIntervalMs` once started, and as soon as `maxBatch` items are waiting) and on `close()`.
 */
export interface WriteBehindOptions<T> {
  /** Writes one batch to the store; a rejection keeps the batch for the next try. */
  write(batch: readonly T[]): Promise<void>;
  /** How often the buffer is flushed once `start()` is called. */
  flushIntervalMs: number;
  /** Flush as soon as this many items are buffered; only the timer and close() when absent. */
  maxBatch?: number;
  /**
   * At most this many items accepted and not yet stored; a push beyond it waits until a flush
   * makes room (back-pressure). Unbounded when absent.
   */
  maxPending?: number;
  /** Told after each batch the store took, with its size and how long the write took. */
  onFlushed?(count: number, ms: number): void;
  /** Told after each batch the store refused (the batch is kept, in order, at the front). */
  onFlushError?(error: unknown, count: number): void;
  /** Milliseconds, for lastFlushMs; `performance.now` when absent. */
  now?(): number;
}

export interface WriteBehindCounters {
  /** Items accepted and not yet stored: buffered, or in the batch being written. */
  pending: number;
  /** Pushes waiting for room, and the items they hold (not yet accepted). */
  waitingPushes: number;
  waitingItems: number;
  /** Items the store has taken. */
  flushed: number;
  /** Batches the store refused. */
  failures: number;
  /** How long the last successful write took, in milliseconds. */
  lastFlushMs: number;
}

interface WaitingPush<T> {
  items: readonly T[];
  resolve: () => void;
}

export class WriteBehindQueue<T> {
  private buffer: T[] = [];
  private writing: readonly T[] = [];
  private inFlight: Promise<void> | null = null;
  private waiters: WaitingPush<T>[] = [];
  private timer: ReturnType<typeof setInterval> | null = null;
  private closed = false;
  /** The last write failed: only the timer, flush() and close() try again (no retry storm). */
  private failing = false;
  private flushedCount = 0;
  private failureCount = 0;
  private lastFlushMs = 0;
  private readonly maxBatch: number;
  private readonly maxPending: number;
  private readonly now: () => number;

  constructor(private readonly options: WriteBehindOptions<T>) {
    this.maxBatch = options.maxBatch ?? Number.POSITIVE_INFINITY;
    this.maxPending = options.maxPending ?? Number.POSITIVE_INFINITY;
    this.now = options.now ?? (() => performance.now());
    if (!(this.maxBatch >= 1)) throw new RangeError('maxBatch must be at least 1');
    if (!(this.maxPending >= 1)) throw new RangeError('maxPending must be at least 1');
  }

  /** Starts the flush timer (idempotent; not after close). */
  start(): void {
    if (this.closed || this.timer) return;
    this.timer = setInterval(() => {
      if (!this.inFlight) void this.flush();
    }, this.options.flushIntervalMs);
  }

  /**
   * Accepts items, in order after everything pushed before. Resolves at once while there is room;
   * otherwise the items wait (in order, never dropped) and it resolves when a flush has made room
   * and they are accepted. Rejects once the queue is closed.
   */
  push(items: readonly T[]): Promise<void> {
    if (this.closed) return Promise.reject(new Error('write-behind queue is closed'));
    if (items.length === 0) return Promise.resolve();
    if (this.waiters.length === 0 && this.fits(items.length)) {
      this.accept(items);
      this.flushIfDue();
      return Promise.resolve();
    }
    return new Promise<void>((resolve) => {
      this.waiters.push({ items, resolve });
      this.flushIfDue();
    });
  }

  /**
   * Writes everything buffered so far (after any write already in flight). Never rejects: a
   * refused batch stays at the front, in order, and the counters say so.
   */
  async flush(): Promise<void> {
    while (this.inFlight) await this.inFlight;
    await this.writeBatch();
  }

  /**
   * Stops the timer, refuses further pushes, accepts every waiting push and writes everything.
   * If the store refuses that last batch it stays pending (see counters); flush() or close() may
   * try again.
   */
  async close(): Promise<void> {
    this.closed = true;
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    while (this.inFlight) await this.inFlight;
    const waiting = this.waiters;
    this.waiters = [];
    for (const w of waiting) {
      this.accept(w.items);
      w.resolve();
    }
    await this.writeBatch();
  }

  counters(): WriteBehindCounters {
    let waitingItems = 0;
    for (const w of this.waiters) waitingItems += w.items.length;
    return {
      pending: this.buffer.length + this.writing.length,
      waitingPushes: this.waiters.length,
      waitingItems,
      flushed: this.flushedCount,
      failures: this.failureCount,
      lastFlushMs: this.lastFlushMs,
    };
  }

  private fits(count: number): boolean {
    const pending = this.buffer.length + this.writing.length;
    // An empty queue takes any push, even one larger than the bound, so that it cannot stall.
    return pending === 0 || pending + count <= this.maxPending;
  }

  private accept(items: readonly T[]): void {
    for (const item of items) this.buffer.push(item);
  }

  /** The size trigger: a full batch, or pushes waiting for room. */
  private flushIfDue(): void {
    if (this.inFlight || this.failing) return;
    if (this.buffer.length >= this.maxBatch || (this.waiters.length > 0 && this.buffer.length > 0))
      void this.flush();
  }

  private writeBatch(): Promise<void> {
    if (this.inFlight || this.buffer.length === 0) return this.inFlight ?? Promise.resolve();
    const batch = this.buffer;
    this.buffer = [];
    this.writing = batch;
    const started = this.now();
    let failure: unknown;
    const attempt = Promise.resolve()
      .then(() => this.options.write(batch))
      .then(
        () => true,
        (error: unknown) => {
          failure = error;
          return false;
        },
      )
      .then((ok) => {
        this.writing = [];
        this.inFlight = null;
        if (ok) {
          this.flushedCount += batch.length;
          this.lastFlushMs = this.now() - started;
          this.failing = false;
          this.admitWaiting();
          try {
            this.options.onFlushed?.(batch.length, this.lastFlushMs);
          } catch {
            // A listener's failure is not the store's.
          }
          this.flushIfDue();
        } else {
          this.buffer = batch.concat(this.buffer);
          this.failureCount++;
          this.failing = true;
          try {
            this.options.onFlushError?.(failure, batch.length);
          } catch {
            // A listener's failure changes nothing: the batch is kept either way.
          }
        }
      });
    this.inFlight = attempt;
    return attempt;
  }

  /** Accepts waiting pushes, oldest first, while they fit. */
  private admitWaiting(): void {
    while (this.waiters.length > 0 && this.fits(this.waiters[0]!.items.length)) {
      const w = this.waiters.shift()!;
      this.accept(w.items);
      w.resolve();
    }
  }
}
