import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import { events, type EventName, type EventPayload } from '../../../src-shared/contract';
import type { CacheLog } from '../Cache';
import { createConnection, redactUrl, type RedisSettings } from './redisConnection';

/** The events another GCS instance on the same Redis must see live; telemetry stays local. */
export const RELAYED_EVENTS = [
  'engagement.recorded',
  'leaderboard.changed',
  'alert.changed',
] as const;
export type RelayedEvent = (typeof RELAYED_EVENTS)[number];

interface Envelope {
  origin: string;
  name: string;
  payload: unknown;
}

/**
 * Engagement, leaderboard and alert events shared between GCS instances through Redis pub/sub
 * (one channel, `gcs:events`). Each instance tags what it publishes with its own id and ignores
 * its own messages; what arrives is validated against the contract like any other input. Pub/sub
 * is fire and forget: while Redis is down nothing is relayed, and nothing is lost either, since
 * every instance reads the data itself from the store and the cache.
 */
export class RedisEventRelay {
  readonly origin = randomUUID();
  private readonly channel: string;
  private closed = false;

  private constructor(
    private readonly publisher: Redis,
    private readonly subscriber: Redis,
    settings: RedisSettings,
    private readonly log: CacheLog,
    private readonly onRemote: <K extends RelayedEvent>(name: K, payload: EventPayload<K>) => void,
  ) {
    this.channel = `${settings.keyPrefix}gcs:events`;
  }

  static async start(
    settings: RedisSettings,
    log: CacheLog,
    onRemote: <K extends RelayedEvent>(name: K, payload: EventPayload<K>) => void,
  ): Promise<RedisEventRelay> {
    const publisher = createConnection(settings);
    const subscriber = createConnection(settings);
    const relay = new RedisEventRelay(publisher, subscriber, settings, log, onRemote);
    // The cache logs connection trouble already; these would only repeat it.
    publisher.on('error', () => undefined);
    subscriber.on('error', () => undefined);
    // (Re)subscribe whenever the connection is ready: at start, or when Redis comes back.
    subscriber.on('ready', () => {
      subscriber.subscribe(relay.channel).catch((error: Error) => {
        if (!relay.closed) log.warn(`redis events: subscribe failed: ${redactUrl(error.message)}`);
      });
    });
    subscriber.on('message', (channel: string, message: string) => {
      if (channel === relay.channel) relay.receive(message);
    });
    await Promise.allSettled([publisher.connect(), subscriber.connect()]);
    return relay;
  }

  publish<K extends RelayedEvent>(name: K, payload: EventPayload<K>): void {
    if (this.closed || this.publisher.status !== 'ready') return;
    const envelope: Envelope = { origin: this.origin, name, payload };
    this.publisher.publish(this.channel, JSON.stringify(envelope)).catch(() => undefined);
  }

  private receive(message: string): void {
    let envelope: Envelope;
    try {
      envelope = JSON.parse(message) as Envelope;
    } catch {
      return;
    }
    if (typeof envelope !== 'object' || envelope === null || envelope.origin === this.origin)
      return;
    const name = envelope.name as RelayedEvent;
    if (!(RELAYED_EVENTS as readonly string[]).includes(name)) return;
    const parsed = events[name as EventName].safeParse(envelope.payload);
    if (!parsed.success) {
      this.log.warn(`redis events: dropped a malformed ${name} from another instance`);
      return;
    }
    this.onRemote(name, parsed.data as EventPayload<typeof name>);
  }

  async close(): Promise<void> {
    this.closed = true;
    await Promise.all(
      [this.publisher, this.subscriber].map((c) =>
        c.status === 'ready' ? c.quit().catch(() => c.disconnect()) : c.disconnect(),
      ),
    );
  }
}
