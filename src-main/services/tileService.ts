import type { TileSourceStatus } from '../../src-shared/contract';
import { GcsError } from '../../src-shared/errors';
import type { Logger } from '../core/logger';
import type { Store } from '../store/Store';
import { PmtilesArchive, TileArchiveError, type RasterTile } from '../tiles/pmtilesArchive';

const SETTING = 'tiles.path';

/**
 * The operator's offline raster basemap: one local PMTiles file, opened on request, remembered
 * in the store and reopened at the next start. Opening a bad file changes nothing.
 */
export class TileService {
  private archive: PmtilesArchive | null = null;
  private path: string | null = null;
  private error: string | null = null;
  private version = 0;

  constructor(
    private readonly store: Store,
    private readonly log: Logger,
  ) {}

  async init(): Promise<void> {
    const remembered = await this.store.getSetting(SETTING);
    if (!remembered) return;
    try {
      await this.use(await PmtilesArchive.open(remembered), remembered);
    } catch (error) {
      // Keep the setting: the file may be on a drive that is not plugged in yet.
      this.error = (error as Error).message;
      this.log.warn(`offline tiles not reopened: ${this.error}`);
    }
  }

  async open(path: string): Promise<void> {
    let archive: PmtilesArchive;
    try {
      archive = await PmtilesArchive.open(path);
    } catch (error) {
      if (error instanceof TileArchiveError) {
        throw new GcsError('INVALID_INPUT', error.message, [
          { path: 'path', message: error.message },
        ]);
      }
      throw error;
    }
    await this.store.putSetting(SETTING, path);
    await this.use(archive, path);
  }

  async close(): Promise<void> {
    await this.store.putSetting(SETTING, null);
    await this.release();
    this.error = null;
  }

  private async use(archive: PmtilesArchive, path: string): Promise<void> {
    await this.release();
    this.archive = archive;
    this.path = path;
    this.error = null;
    this.version++;
  }

  private async release(): Promise<void> {
    const previous = this.archive;
    this.archive = null;
    this.path = null;
    await previous?.close().catch(() => undefined);
  }

  /** @param urlBase where this host serves tiles, e.g. `/tiles` or `gcs-tiles://tiles`. */
  status(urlBase: string): TileSourceStatus {
    const a = this.archive;
    if (!a) {
      return {
        active: false,
        path: null,
        format: null,
        minZoom: 0,
        maxZoom: 0,
        bounds: null,
        urlTemplate: null,
        error: this.error,
      };
    }
    const h = a.header;
    return {
      active: true,
      path: this.path,
      format: a.format,
      minZoom: h.minZoom,
      maxZoom: h.maxZoom,
      bounds: { minLat: h.minLat, maxLat: h.maxLat, minLon: h.minLon, maxLon: h.maxLon },
      // The version makes a newly opened file's tiles new URLs, so no stale tile is drawn.
      urlTemplate: `${urlBase}/${this.version}/{z}/{x}/{y}`,
      error: null,
    };
  }

  /** A tile of the open archive, or null (no archive, other version, or no such tile). */
  async tile(version: number, z: number, x: number, y: number): Promise<RasterTile | null> {
    if (!this.archive || version !== this.version) return null;
    return this.archive.tile(z, x, y);
  }

  async shutdown(): Promise<void> {
    await this.release();
  }
}
