import { parseArgs } from 'node:util';
import { z } from 'zod';

export interface ServeOptions {
  host: string;
  port: number;
  token?: string | undefined;
}

const Options = z.object({
  host: z.string().min(1),
  port: z.coerce.number().int().min(0).max(65535),
  token: z.string().min(16, 'the token must be at least 16 characters').optional(),
});

/** `--port N --host H --token T`, falling back to GCS_PORT, GCS_HOST, GCS_TOKEN. */
export function parseServeOptions(argv: readonly string[], env: NodeJS.ProcessEnv): ServeOptions {
  const { values } = parseArgs({
    args: [...argv],
    options: {
      port: { type: 'string', short: 'p' },
      host: { type: 'string', short: 'h' },
      token: { type: 'string' },
    },
    strict: true,
    allowPositionals: false,
  });
  const parsed = Options.safeParse({
    // An empty variable counts as unset, as it does for every GCS_* setting.
    host: values.host ?? (env['GCS_HOST'] || '127.0.0.1'),
    port: values.port ?? (env['GCS_PORT'] || 8787),
    token: values.token ?? (env['GCS_TOKEN'] || undefined),
  });
  if (!parsed.success) {
    throw new Error(
      parsed.error.issues.map((i) => `--${i.path.join('.')}: ${i.message}`).join('; '),
    );
  }
  return parsed.data;
}
