import { Redis, type RedisOptions } from 'ioredis';

/** Where the Redis cache is, from the environment (core/config.ts). */
export interface RedisSettings {
  /** `redis://[user:password@]host:port[/db]` (or `rediss://` for TLS). */
  url: string;
  /** Connections kept open; commands are spread over them. */
  poolSize: number;
  /** Sentinel instead of a direct connection: the sentinels and the master's name. */
  sentinels?: { host: string; port: number }[];
  sentinelMaster?: string;
  /** Prepended to every key; empty by default, so the keys are exactly the seed's. */
  keyPrefix: string;
}

/** Never log a URL as given: it may carry the password. */
export function redactUrl(text: string): string {
  return text.replace(/(\w+:\/\/)[^@/\s]*@/g, '$1***@');
}

/**
 * The options every connection gets. Commands issued while Redis is unreachable fail at once
 * instead of queueing: a queue would grow without bound while Redis is down and replay stale
 * writes when it returns, and the store has everything anyway. Reconnection goes on forever,
 * backing off to two seconds.
 */
export function connectionOptions(settings: RedisSettings): RedisOptions {
  const common: RedisOptions = {
    lazyConnect: true,
    enableOfflineQueue: false,
    enableAutoPipelining: true,
    maxRetriesPerRequest: 0,
    connectTimeout: 2_000,
    retryStrategy: (attempt) => Math.min(100 * attempt, 2_000),
  };
  if (settings.sentinels && settings.sentinels.length > 0) {
    const url = new URL(settings.url);
    return {
      ...common,
      sentinels: settings.sentinels,
      name: settings.sentinelMaster ?? 'mymaster',
      username: url.username ? decodeURIComponent(url.username) : undefined,
      password: url.password ? decodeURIComponent(url.password) : undefined,
      db: url.pathname.length > 1 ? Number(url.pathname.slice(1)) : 0,
    };
  }
  return common;
}

export function createConnection(settings: RedisSettings): Redis {
  const options = connectionOptions(settings);
  return options.sentinels ? new Redis(options) : new Redis(settings.url, options);
}
