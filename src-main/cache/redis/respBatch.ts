import { Command, type Redis } from 'ioredis';

/**
 * Many commands sent as one write on an ioredis connection, encoded by the caller.
 *
 * ioredis builds a Command object and re-encodes every argument of every command; for a
 * 2,000-drone telemetry tick (38,000 values) that alone held Node for ~100 ms, three times what
 * Redis needs to apply the writes. Here the caller hands over the RESP text it built (the field
 * names pre-encoded once), and ioredis only carries it: one Command writes the whole text, and
 * one empty-bodied Command per further reply keeps ioredis's reply queue in step, because ioredis
 * pairs each reply with the next queued command. Reconnects, AUTH, TLS and Sentinel stay
 * ioredis's: a batch queued while offline is written (or resent) whole, text first.
 */
export class RespText {
  private body = '';
  private replies = 0;

  /** Commands the caller encoded (arrays of `bulk` strings), and how many replies they bring. */
  raw(text: string, replies: number): this {
    this.body += text;
    this.replies += replies;
    return this;
  }

  get text(): string {
    return this.body;
  }

  /** Replies expected: one per command. */
  get length(): number {
    return this.replies;
  }

  /** Sends everything in one write; resolves with the replies in order, rejects on the first error reply. */
  async send(client: Redis): Promise<unknown[]> {
    if (this.replies === 0) return [];
    const sent = [client.sendCommand(new CarriedText(this.body))];
    for (let i = 1; i < this.replies; i++) sent.push(client.sendCommand(new ReplySlot()));
    return Promise.all(sent);
  }
}

/** A bulk string: `$<byte length>\r\n<bytes>\r\n`. */
export function bulk(value: string): string {
  return `$${Buffer.byteLength(value)}\r\n${value}\r\n`;
}

/** Writes the batch's text; the first reply is its. */
class CarriedText extends Command {
  constructor(private readonly text: string) {
    // The name is only ioredis's label (its logs, its special cases); none applies to 'batch'.
    super('batch', []);
  }

  override toWritable(): string {
    return this.text;
  }
}

/** Writes nothing; takes one of the batch's further replies. */
class ReplySlot extends Command {
  constructor() {
    super('batch', []);
  }

  override toWritable(): string {
    return '';
  }
}
