import { createHash } from 'node:crypto';
import type { Redis } from 'ioredis';

/**
 * A Lua script run by EVALSHA: loaded once per connection (SCRIPT LOAD), and loaded again when
 * the server answers NOSCRIPT (a restart, a failover or SCRIPT FLUSH empties its script cache).
 */
export class LuaScript {
  readonly sha: string;

  constructor(
    readonly name: string,
    private readonly source: string,
  ) {
    this.sha = createHash('sha1').update(source).digest('hex');
  }

  async load(client: Redis): Promise<void> {
    const sha = (await client.script('LOAD', this.source)) as string;
    if (sha !== this.sha) throw new Error(`script ${this.name}: server hashed it as ${sha}`);
  }

  async run(
    client: Redis,
    keys: readonly string[],
    args: readonly (string | number)[],
  ): Promise<unknown> {
    try {
      return await client.evalsha(this.sha, keys.length, ...keys, ...args);
    } catch (error) {
      if (!(error instanceof Error) || !error.message.startsWith('NOSCRIPT')) throw error;
      await this.load(client);
      return client.evalsha(this.sha, keys.length, ...keys, ...args);
    }
  }
}
