import { z } from 'zod';

/** The typed error every request can answer with, on both hosts. */
export const ERROR_CODES = [
  'INVALID_INPUT',
  'NOT_FOUND',
  'UNAVAILABLE',
  'UNAUTHORIZED',
  'RATE_LIMITED',
  'INTERNAL',
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

export const ErrorIssue = z.object({ path: z.string(), message: z.string() });
export type ErrorIssue = z.infer<typeof ErrorIssue>;

export const GcsErrorBody = z.object({
  code: z.enum(ERROR_CODES),
  message: z.string(),
  issues: z.array(ErrorIssue).optional(),
});
export type GcsErrorBody = z.infer<typeof GcsErrorBody>;

export class GcsError extends Error {
  readonly code: ErrorCode;
  readonly issues: ErrorIssue[] | undefined;

  constructor(code: ErrorCode, message: string, issues?: ErrorIssue[]) {
    super(message);
    this.name = 'GcsError';
    this.code = code;
    this.issues = issues;
  }

  toBody(): GcsErrorBody {
    return this.issues
      ? { code: this.code, message: this.message, issues: this.issues }
      : { code: this.code, message: this.message };
  }

  static fromBody(body: GcsErrorBody): GcsError {
    return new GcsError(body.code, body.message, body.issues);
  }
}

export function notFound(what: string, id: string): GcsError {
  return new GcsError('NOT_FOUND', `${what} ${id} not found`);
}

/** A request's answer as it crosses a process boundary: thrown errors do not survive IPC intact. */
export type Envelope<T> = { ok: true; value: T } | { ok: false; error: GcsErrorBody };
