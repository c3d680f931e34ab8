import { isRequestName, requests, type RequestName } from '../../src-shared/contract';
import { type Envelope, GcsError } from '../../src-shared/errors';
import type { Logger } from '../core/logger';
import type { Handlers } from './handlers';

/**
 * The host boundary: every request from a renderer passes through here. Input is `unknown` until
 * the contract's schema has parsed it, so nothing unvalidated reaches a service, and every
 * failure comes back as a typed error instead of a thrown exception.
 */
export async function dispatch(
  handlers: Handlers,
  channel: unknown,
  input: unknown,
  log: Logger,
): Promise<Envelope<unknown>> {
  if (!isRequestName(channel)) {
    return {
      ok: false,
      error: {
        code: 'INVALID_INPUT',
        message: `unknown request channel ${JSON.stringify(channel)}`,
        issues: [],
      },
    };
  }
  // Only a missing input means "no fields"; null is a wrong input like any other.
  const parsed = requests[channel].input.safeParse(input === undefined ? {} : input);
  if (!parsed.success) {
    return {
      ok: false,
      error: {
        code: 'INVALID_INPUT',
        message: `invalid input for ${channel}`,
        issues: parsed.error.issues.map((i) => ({
          path: i.path.map(String).join('.') || '(root)',
          message: i.message,
        })),
      },
    };
  }
  try {
    const handler = handlers[channel] as (input: unknown) => Promise<unknown>;
    return { ok: true, value: await handler(parsed.data) };
  } catch (error) {
    if (error instanceof GcsError) return { ok: false, error: error.toBody() };
    log.error(`request ${channel} failed`, error);
    return {
      ok: false,
      error: { code: 'INTERNAL', message: `${channel} failed: ${errorMessage(error)}` },
    };
  }
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

export type { RequestName };
