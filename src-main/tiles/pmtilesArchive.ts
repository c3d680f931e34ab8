import { gunzip } from 'node:zlib';
import { promisify } from 'node:util';
import { Compression, PMTiles, TileType, type Header } from 'pmtiles';
import { LocalFileSource } from './localFileSource';

const gunzipAsync = promisify(gunzip);

export type RasterFormat = 'png' | 'jpeg' | 'webp';
const RASTER: Partial<Record<TileType, { format: RasterFormat; contentType: string }>> = {
  [TileType.Png]: { format: 'png', contentType: 'image/png' },
  [TileType.Jpeg]: { format: 'jpeg', contentType: 'image/jpeg' },
  [TileType.Webp]: { format: 'webp', contentType: 'image/webp' },
};

export class TileArchiveError extends Error {
  override readonly name = 'TileArchiveError';
}

async function decompress(buf: ArrayBuffer, compression: Compression): Promise<ArrayBuffer> {
  if (compression === Compression.None || compression === Compression.Unknown) return buf;
  if (compression === Compression.Gzip) {
    const out = await gunzipAsync(new Uint8Array(buf));
    return out.buffer.slice(out.byteOffset, out.byteOffset + out.byteLength) as ArrayBuffer;
  }
  throw new TileArchiveError(
    `compression ${Compression[compression]} is not supported (use gzip or none)`,
  );
}

export interface RasterTile {
  data: Uint8Array;
  contentType: string;
}

/** A raster PMTiles v3 archive on the local disk, read a range at a time (never loaded whole). */
export class PmtilesArchive {
  private constructor(
    private readonly source: LocalFileSource,
    private readonly tiles: PMTiles,
    readonly header: Header,
    readonly format: RasterFormat,
    private readonly contentType: string,
  ) {}

  static async open(path: string): Promise<PmtilesArchive> {
    let source: LocalFileSource;
    try {
      source = await LocalFileSource.open(path);
    } catch (error) {
      throw new TileArchiveError(`cannot open ${path}: ${(error as Error).message}`);
    }
    try {
      if (source.size < 127)
        throw new TileArchiveError(`${path} is too short to be a PMTiles archive`);
      const magic = Buffer.from((await source.getBytes(0, 7)).data).toString('latin1');
      if (magic !== 'PMTiles') throw new TileArchiveError(`${path} is not a PMTiles archive`);
      const tiles = new PMTiles(source, undefined, decompress);
      const header = await tiles.getHeader().catch((error: unknown) => {
        throw new TileArchiveError(
          `${path}: unreadable PMTiles header: ${(error as Error).message}`,
        );
      });
      if (header.specVersion !== 3) {
        throw new TileArchiveError(
          `${path}: PMTiles version ${header.specVersion} is not supported (v3 only)`,
        );
      }
      const raster = RASTER[header.tileType];
      if (!raster) {
        throw new TileArchiveError(
          `${path} holds ${TileType[header.tileType] ?? 'unknown'} tiles; only raster tiles (png, jpeg, webp) are drawn`,
        );
      }
      const archive = new PmtilesArchive(source, tiles, header, raster.format, raster.contentType);
      // Read the root directory now, so a truncated or corrupt file fails at open, not at draw.
      await archive.tile(header.minZoom, 0, 0);
      return archive;
    } catch (error) {
      await source.close().catch(() => undefined);
      if (error instanceof TileArchiveError) throw error;
      throw new TileArchiveError(
        `${path}: corrupt or truncated PMTiles archive: ${(error as Error).message}`,
      );
    }
  }

  async tile(z: number, x: number, y: number): Promise<RasterTile | null> {
    if (z < this.header.minZoom || z > this.header.maxZoom) return null;
    const found = await this.tiles.getZxy(z, x, y);
    if (!found) return null;
    const data = await decompress(found.data, this.header.tileCompression);
    return { data: new Uint8Array(data), contentType: this.contentType };
  }

  close(): Promise<void> {
    return this.source.close();
  }
}
