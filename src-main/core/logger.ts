/** A minimal levelled logger on stderr. Callers never pass secrets (tokens, passwords) to it. */
export type LogLevel = 'debug' | 'info' | 'warn' | 'error' | 'silent';
const ORDER: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40, silent: 100 };

export interface Logger {
  debug(message: string, detail?: unknown): void;
  info(message: string, detail?: unknown): void;
  warn(message: string, detail?: unknown): void;
  error(message: string, detail?: unknown): void;
}

export function createLogger(
  level: LogLevel,
  write: (line: string) => void = (l) => process.stderr.write(l + '\n'),
): Logger {
  const at = (l: LogLevel) => (message: string, detail?: unknown) => {
    if (ORDER[l] < ORDER[level]) return;
    const extra =
      detail === undefined
        ? ''
        : ' ' + (detail instanceof Error ? detail.message : JSON.stringify(detail));
    write(`${new Date().toISOString()} ${l.toUpperCase()} ${message}${extra}`);
  };
  return { debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') };
}
