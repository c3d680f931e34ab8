import { open, readFile, rename, rm, stat, writeFile, type FileHandle } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { Engagement, EngagementStats, Telemetry } from '../../../src-shared/model';

/** One acknowledged write the store could not take yet. */
export const SpoolEntry = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('telemetry'), rows: z.array(Telemetry) }),
  z.object({ kind: z.literal('engagement'), engagement: Engagement, stats: EngagementStats }),
]);
export type SpoolEntry = z.infer<typeof SpoolEntry>;

/** An entry read back, or a line that is not one (`entry` null), with the offset just past it. */
export type SpoolRead =
  { entry: SpoolEntry; end: number } | { entry: null; line: string; end: number };

const LOG = 'spool.jsonl';
const OFFSET = 'spool.offset';
/** Bytes read per step of a drain or a scan. */
const READ_CHUNK = 1 << 20;

/**
 * An append-only file of spooled writes (one JSON line each, fsynced before the write is
 * acknowledged) and the byte offset up to which they have reached the store. Lines are replayed
 * in the order they were written; a line cut short by a crash is the unacknowledged tail and is
 * dropped. Once everything has reached the store both files are removed.
 */
export class SpoolFile {
  private handle: FileHandle | null = null;
  private size = 0;
  private drainedTo = 0;

  private constructor(private readonly dir: string) {}

  static async open(dir: string): Promise<SpoolFile> {
    const spool = new SpoolFile(dir);
    spool.size = await stat(spool.logPath)
      .then((s) => s.size)
      .catch(() => 0);
    if (spool.size > 0) spool.size = await dropTornTail(spool.logPath, spool.size);
    spool.drainedTo = Number(await readFile(join(dir, OFFSET), 'utf8').catch(() => '0'));
    if (!Number.isFinite(spool.drainedTo) || spool.drainedTo > spool.size) spool.drainedTo = 0;
    return spool;
  }

  private get logPath(): string {
    return join(this.dir, LOG);
  }

  /** Whether anything written has not reached the store. */
  get pending(): boolean {
    return this.size > this.drainedTo;
  }

  /** Appends entries and makes them durable before returning; refuses one that would not read back. */
  async append(entries: readonly SpoolEntry[]): Promise<void> {
    for (const e of entries) {
      const checked = SpoolEntry.safeParse(e);
      if (!checked.success) throw new Error(`not a storable ${e.kind}: ${checked.error.message}`);
    }
    this.handle ??= await open(this.logPath, 'a');
    const text = entries.map((e) => JSON.stringify(e) + '\n').join('');
    await this.handle.write(text);
    await this.handle.datasync();
    this.size += Buffer.byteLength(text);
  }

  /**
   * The entries not yet drained, in order, a chunk at a time, each with the offset just past it
   * (what to pass to `markDrained` once it is in the store).
   */
  async *undrained(): AsyncGenerator<SpoolRead> {
    yield* this.entriesFrom(this.drainedTo);
  }

  private async *entriesFrom(from: number): AsyncGenerator<SpoolRead> {
    const reader = await open(this.logPath, 'r').catch(() => null);
    if (!reader) return;
    try {
      let at = from;
      let carry = Buffer.alloc(0);
      const limit = this.size;
      while (at < limit) {
        const buffer = Buffer.alloc(Math.min(READ_CHUNK, limit - at));
        const { bytesRead } = await reader.read(buffer, 0, buffer.length, at);
        if (bytesRead === 0) break;
        const data = Buffer.concat([carry, buffer.subarray(0, bytesRead)]);
        const start = at - carry.length;
        at += bytesRead;
        let lineStart = 0;
        for (let nl = data.indexOf(10); nl !== -1; nl = data.indexOf(10, lineStart)) {
          const line = data.toString('utf8', lineStart, nl);
          lineStart = nl + 1;
          const parsed = SpoolEntry.safeParse(safeJson(line));
          // A line that does not parse was not written by this code (every entry is validated
          // before it is appended): reported, and skipped rather than stalling the drain.
          yield parsed.success
            ? { entry: parsed.data, end: start + lineStart }
            : { entry: null, line: line.slice(0, 200), end: start + lineStart };
        }
        carry = data.subarray(lineStart);
      }
    } finally {
      await reader.close();
    }
  }

  /** Everything up to `end` is in the store. */
  async markDrained(end: number): Promise<void> {
    this.drainedTo = end;
    // Written aside and renamed: a crash leaves the old offset or the new, never half of one.
    const path = join(this.dir, OFFSET);
    await writeFile(`${path}.tmp`, String(end));
    await rename(`${path}.tmp`, path);
  }

  /** Removes both files once everything is in the store; false if something was appended meanwhile. */
  async clearIfDrained(): Promise<boolean> {
    if (this.pending) return false;
    await this.handle?.close();
    this.handle = null;
    await rm(this.logPath, { force: true });
    await rm(join(this.dir, OFFSET), { force: true });
    this.size = 0;
    this.drainedTo = 0;
    return true;
  }

  async close(): Promise<void> {
    await this.handle?.close();
    this.handle = null;
  }
}

/**
 * A crash mid-append leaves a last line without its newline: that write was never acknowledged.
 * Cut it off, or the next append would glue a good line to it and both would be unreadable.
 */
async function dropTornTail(path: string, size: number): Promise<number> {
  const file = await open(path, 'r+');
  try {
    // Lines are at most a few hundred kB (telemetry is spooled 500 rows a line).
    const window = Math.min(size, 16 * READ_CHUNK);
    const buffer = Buffer.alloc(window);
    await file.read(buffer, 0, window, size - window);
    if (buffer[window - 1] === 10) return size;
    const lastNewline = buffer.lastIndexOf(10);
    const keep = lastNewline === -1 ? size - window : size - window + lastNewline + 1;
    await file.truncate(keep);
    await file.datasync();
    return keep;
  } finally {
    await file.close();
  }
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}
