import type { Logger } from './logger';

/**
 * Logs a recurring failure once, not once per retry: a store that is away for a minute would
 * otherwise write the same line every second from every periodic job. The next different
 * failure is logged, and so is the recovery.
 */
export class FailureLog {
  private last: string | null = null;
  private repeats = 0;

  constructor(
    private readonly log: Logger,
    private readonly what: string,
  ) {}

  failed(error: unknown): void {
    const reason = (error instanceof Error ? error.message : String(error)).split('\n')[0]!;
    if (reason === this.last) {
      this.repeats++;
      return;
    }
    this.last = reason;
    this.repeats = 0;
    this.log.warn(`${this.what} failed: ${reason}`);
  }

  succeeded(): void {
    if (this.last === null) return;
    this.log.info(`${this.what} works again (after ${this.repeats + 1} failed attempts)`);
    this.last = null;
    this.repeats = 0;
  }
}
