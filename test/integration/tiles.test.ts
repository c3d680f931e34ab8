import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { zxyToTileId } from 'pmtiles';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TileSourceStatus } from '../../src-shared/contract';
import type { Core } from '../../src-main/core/createCore';
import { dispatch } from '../../src-main/hosts/dispatch';
import { createHandlers } from '../../src-main/hosts/handlers';
import { startWebHost, type WebHost } from '../../src-main/hosts/webHost';
import { pyramid, solidPng, writePmtiles } from '../support/pmtilesFixture';
import { startCore, tempDataDir, testConfig } from '../support/coreHarness';

/** Offline raster tiles from a local PMTiles file, through the contract and the web host. */
describe('offline tiles', () => {
  let data: Awaited<ReturnType<typeof tempDataDir>>;
  let core: Core;
  let host: WebHost;
  let good: string;
  const tiles = pyramid(2);

  const call = (channel: 'tiles.open' | 'tiles.status' | 'tiles.close', input: unknown) =>
    dispatch(createHandlers(core), channel, input, core.log);
  const status = async () =>
    ((await call('tiles.status', {})) as { value: TileSourceStatus }).value;

  beforeAll(async () => {
    data = await tempDataDir();
    good = join(data.dir, 'aor.pmtiles');
    await writePmtiles(good, tiles);
    core = await startCore(testConfig(join(data.dir, 'data')));
    host = await startWebHost(core, { host: '127.0.0.1', port: 0, rendererDir: data.dir });
  });

  afterAll(async () => {
    await host?.close();
    await core?.close();
    await data?.remove();
  });

  it('starts with no tiles, then opens a PMTiles file and serves its tiles byte for byte', async () => {
    expect(await status()).toMatchObject({ active: false, urlTemplate: null, error: null });
    const opened = await call('tiles.open', { path: good });
    expect(opened).toMatchObject({
      ok: true,
      value: { active: true, format: 'png', minZoom: 0, maxZoom: 2, path: good },
    });
    const template = (await status()).urlTemplate!;
    expect(template).toMatch(/^\/tiles\/\d+\/\{z\}\/\{x\}\/\{y\}$/);
    for (const t of [tiles[0]!, tiles.find((t) => t.z === 2 && t.x === 3 && t.y === 1)!]) {
      const url =
        host.url +
        template
          .replace('{z}', String(t.z))
          .replace('{x}', String(t.x))
          .replace('{y}', String(t.y));
      const res = await fetch(url);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toBe('image/png');
      expect(Buffer.from(await res.arrayBuffer()).equals(Buffer.from(t.data))).toBe(true);
    }
    const outside = host.url + template.replace('{z}', '3').replace('{x}', '0').replace('{y}', '0');
    expect((await fetch(outside)).status).toBe(404);
  });

  it('refuses a foreign, corrupt or truncated file with a clear error and keeps the open one', async () => {
    const before = await status();
    const foreign = join(data.dir, 'notes.pmtiles');
    await writeFile(
      foreign,
      'these are not tiles, just a text file that is long enough '.repeat(4),
    );
    const truncated = join(data.dir, 'truncated.pmtiles');
    await writeFile(truncated, (await readFile(good)).subarray(0, 140));
    const vector = join(data.dir, 'vector.pmtiles');
    const bytes = Buffer.from(await readFile(good));
    bytes[99] = 1; // MVT
    await writeFile(vector, bytes);

    for (const [path, message] of [
      [join(data.dir, 'missing.pmtiles'), /cannot open/],
      [foreign, /not a PMTiles archive/],
      [truncated, /truncated|corrupt|past the end/],
      [vector, /only raster tiles/],
    ] as const) {
      const result = await call('tiles.open', { path });
      expect(result).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
      expect((result as { error: { message: string } }).error.message).toMatch(message);
      expect(await status()).toEqual(before);
    }
  });

  it('remembers the file across a restart, and forgets it when closed', async () => {
    await host.close();
    await core.close();
    core = await startCore(testConfig(join(data.dir, 'data')));
    host = await startWebHost(core, { host: '127.0.0.1', port: 0, rendererDir: data.dir });
    expect(await status()).toMatchObject({ active: true, path: good });
    expect(await call('tiles.close', {})).toMatchObject({ ok: true, value: { active: false } });
    await core.close();
    core = await startCore(testConfig(join(data.dir, 'data')));
    expect(await status()).toMatchObject({ active: false, error: null });
  });

  it('reports a remembered file that is gone, without failing the start', async () => {
    const moved = join(data.dir, 'usb.pmtiles');
    await writePmtiles(moved, [{ z: 0, x: 0, y: 0, data: solidPng(1, 2, 3) }]);
    expect(await call('tiles.open', { path: moved })).toMatchObject({ ok: true });
    await core.close();
    await writeFile(moved, '');
    core = await startCore(testConfig(join(data.dir, 'data')));
    expect(await status()).toMatchObject({
      active: false,
      error: expect.stringMatching(/too short/),
    });
  });
});

describe('a PMTiles file truncated inside its tile data', () => {
  it('opens (its directory is whole) but fails the missing tile with an error, not bad bytes', async () => {
    const data = await tempDataDir();
    try {
      const { PmtilesArchive } = await import('../../src-main/tiles/pmtilesArchive');
      const path = join(data.dir, 'cut.pmtiles');
      const tiles = pyramid(1);
      await writePmtiles(path, tiles);
      const whole = await readFile(path);
      await writeFile(path, whole.subarray(0, whole.length - 10));
      // Tile data is laid out in tile-id order: the cut lands in the tile with the highest id.
      const last = tiles.reduce((a, b) =>
        zxyToTileId(a.z, a.x, a.y) > zxyToTileId(b.z, b.x, b.y) ? a : b,
      );
      const archive = await PmtilesArchive.open(path);
      try {
        await expect(archive.tile(last.z, last.x, last.y)).rejects.toThrow(
          /past the end|truncated/,
        );
      } finally {
        await archive.close();
      }
    } finally {
      await data.remove();
    }
  });
});
