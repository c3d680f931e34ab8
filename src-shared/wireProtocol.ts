import { z } from 'zod';
import { GcsErrorBody } from './errors';

/**
 * Messages on the web host's WebSocket. Requests and their answers are JSON text; telemetry
 * frames are binary (see telemetryFrame.ts), so a binary message is always a frame.
 */
export const ClientMessage = z.object({
  t: z.literal('req'),
  id: z.number().int().nonnegative(),
  channel: z.string(),
  input: z.unknown(),
});
export type ClientMessage = z.infer<typeof ClientMessage>;

// A plain union: zod's discriminated union refuses two members with the same tag ('res').
export const ServerMessage = z.union([
  z.object({ t: z.literal('res'), id: z.number().int(), ok: z.literal(true), value: z.unknown() }),
  z.object({
    t: z.literal('res'),
    id: z.number().int(),
    ok: z.literal(false),
    error: GcsErrorBody,
  }),
  z.object({ t: z.literal('evt'), name: z.string(), payload: z.unknown() }),
]);
export type ServerMessage = z.infer<typeof ServerMessage>;

export const WS_PATH = '/ws';
/** The query parameter (page and WebSocket) or bearer token that a non-loopback host requires. */
export const TOKEN_PARAM = 'token';
