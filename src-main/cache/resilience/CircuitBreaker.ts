export type CircuitState = 'closed' | 'open' | 'half-open';

export interface CircuitSnapshot {
  state: CircuitState;
  /** Failures since the last success, failed probes included. */
  consecutiveFailures: number;
  /** When the circuit last opened (a failed probe opens it again); null while closed. */
  openedAt: number | null;
  /** When an open circuit will admit its next probe; null unless open. */
  nextProbeAt: number | null;
  /** Message of the last failure recorded, kept after recovery for diagnosis. */
  lastError: string | null;
}

export type CircuitListener = (state: CircuitState, previous: CircuitState, reason: string) => void;

export interface CircuitBreakerOptions {
  /** Consecutive failures that open a closed circuit. Default 5. */
  failureThreshold?: number;
  /** How long the circuit stays open before its first probe. Default 2,000 ms. */
  openMs?: number;
  /** Ceiling for the wait, which doubles with every failed probe. Default 30,000 ms. */
  maxOpenMs?: number;
  now?: () => number;
  /** Called once per transition, after the breaker is in its new state. */
  onChange?: CircuitListener;
}

export const CIRCUIT_DEFAULTS = { failureThreshold: 5, openMs: 2_000, maxOpenMs: 30_000 } as const;

const describe = (error: unknown): string =>
  error instanceof Error ? error.message || error.name : String(error);

/**
 * Stops calls to a failing dependency so each caller gets its fallback at once instead of waiting
 * out a timeout, then lets one probe through at a time to find out whether it is back.
 *
 * The caller asks `allowRequest()` before each call and records exactly one outcome for every call
 * it was allowed to make. There is no timer: an open circuit whose wait has elapsed becomes
 * half-open when it is next looked at (state, allowRequest, snapshot), and onChange hears of it
 * then. That keeps the breaker free of handles to clean up and lets tests drive it with `now`.
 */
export class CircuitBreaker {
  private readonly failureThreshold: number;
  private readonly baseOpenMs: number;
  private readonly maxOpenMs: number;
  private readonly now: () => number;
  private readonly onChange: CircuitListener | undefined;

  private current: CircuitState = 'closed';
  private consecutiveFailures = 0;
  private openedAt: number | null = null;
  private openMs: number;
  private probeInFlight = false;
  private lastError: string | null = null;

  constructor(options: CircuitBreakerOptions = {}) {
    this.failureThreshold = options.failureThreshold ?? CIRCUIT_DEFAULTS.failureThreshold;
    this.baseOpenMs = options.openMs ?? CIRCUIT_DEFAULTS.openMs;
    this.maxOpenMs = options.maxOpenMs ?? CIRCUIT_DEFAULTS.maxOpenMs;
    this.now = options.now ?? Date.now;
    this.onChange = options.onChange;
    if (!Number.isInteger(this.failureThreshold) || this.failureThreshold < 1) {
      throw new RangeError(
        `failureThreshold must be a positive integer, got ${this.failureThreshold}`,
      );
    }
    if (!(this.baseOpenMs > 0))
      throw new RangeError(`openMs must be positive, got ${this.baseOpenMs}`);
    if (!(this.maxOpenMs >= this.baseOpenMs)) {
      throw new RangeError(
        `maxOpenMs (${this.maxOpenMs}) must be at least openMs (${this.baseOpenMs})`,
      );
    }
    this.openMs = this.baseOpenMs;
  }

  get state(): CircuitState {
    this.advance();
    return this.current;
  }

  /** Whether a call may go ahead now; in half-open, true for the one probe and false for the rest. */
  allowRequest(): boolean {
    this.advance();
    if (this.current === 'closed') return true;
    if (this.current === 'open' || this.probeInFlight) return false;
    this.probeInFlight = true;
    return true;
  }

  recordSuccess(): void {
    if (this.current === 'closed') {
      this.consecutiveFailures = 0;
      return;
    }
    // While open nothing was admitted, and in half-open without a probe out nothing was either, so
    // such a result belongs to a call from before the circuit opened: it says nothing about now.
    if (!this.probeInFlight) return;
    this.probeInFlight = false;
    this.consecutiveFailures = 0;
    this.openedAt = null;
    this.openMs = this.baseOpenMs;
    this.transition('closed', 'probe succeeded');
  }

  recordFailure(error: unknown): void {
    const message = describe(error);
    if (this.current === 'closed') {
      this.consecutiveFailures += 1;
      this.lastError = message;
      if (this.consecutiveFailures >= this.failureThreshold) {
        this.open(`${this.consecutiveFailures} consecutive failures, last: ${message}`);
      }
      return;
    }
    if (!this.probeInFlight) return;
    this.probeInFlight = false;
    this.consecutiveFailures += 1;
    this.lastError = message;
    this.openMs = Math.min(this.openMs * 2, this.maxOpenMs);
    this.open(`probe failed: ${message}`);
  }

  snapshot(): CircuitSnapshot {
    this.advance();
    return {
      state: this.current,
      consecutiveFailures: this.consecutiveFailures,
      openedAt: this.openedAt,
      nextProbeAt: this.current === 'open' ? this.probeDueAt() : null,
      lastError: this.lastError,
    };
  }

  private open(reason: string): void {
    this.openedAt = this.now();
    this.transition('open', reason);
  }

  private probeDueAt(): number {
    return (this.openedAt ?? this.now()) + this.openMs;
  }

  private advance(): void {
    if (this.current === 'open' && this.now() >= this.probeDueAt()) {
      this.transition('half-open', `open for ${this.openMs} ms`);
    }
  }

  private transition(state: CircuitState, reason: string): void {
    const previous = this.current;
    this.current = state;
    this.onChange?.(state, previous, reason);
  }
}
