import { open, type FileHandle } from 'node:fs/promises';
import type { RangeResponse, Source } from 'pmtiles';

/** A PMTiles source on a local file: the reader asks for byte ranges, we read just those. */
export class LocalFileSource implements Source {
  private constructor(
    private readonly handle: FileHandle,
    private readonly path: string,
    readonly size: number,
  ) {}

  static async open(path: string): Promise<LocalFileSource> {
    const handle = await open(path, 'r');
    const info = await handle.stat();
    if (!info.isFile()) {
      await handle.close();
      throw new Error(`${path} is not a file`);
    }
    return new LocalFileSource(handle, path, info.size);
  }

  getKey(): string {
    return this.path;
  }

  async getBytes(offset: number, length: number): Promise<RangeResponse> {
    // The reader's first read asks for more than it needs (the header and the root directory in
    // one go) and, like an HTTP range request, gets what the file has. Any other read is of an
    // exact directory or tile, so coming up short means a truncated or corrupt archive.
    const end = offset + length;
    if (offset < 0 || length < 0 || offset > this.size || (offset > 0 && end > this.size)) {
      throw new Error(
        `read of ${length} bytes at ${offset} is past the end of the file (${this.size} bytes): truncated?`,
      );
    }
    const wanted = Math.min(length, this.size - offset);
    const buffer = Buffer.alloc(wanted);
    const { bytesRead } = await this.handle.read(buffer, 0, wanted, offset);
    if (bytesRead !== wanted) throw new Error(`short read at ${offset}: the file is truncated`);
    return {
      data: buffer.buffer.slice(buffer.byteOffset, buffer.byteOffset + wanted) as ArrayBuffer,
    };
  }

  close(): Promise<void> {
    return this.handle.close();
  }
}
