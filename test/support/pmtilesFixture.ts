import { writeFile } from 'node:fs/promises';
import { deflateSync } from 'node:zlib';
import { zxyToTileId } from 'pmtiles';

/**
 * Writes small raster PMTiles v3 archives for tests, straight from the spec (header, one root
 * directory, tile data), so the reader is tested against bytes it did not write itself.
 */

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
function crc32(bytes: Uint8Array): number {
  let c = 0xffffffff;
  for (const b of bytes) c = CRC_TABLE[(c ^ b) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

/** A solid-colour 256×256 PNG. */
export function solidPng(r: number, g: number, b: number): Uint8Array {
  const chunk = (type: string, data: Uint8Array): Buffer => {
    const head = Buffer.alloc(8);
    head.writeUInt32BE(data.length, 0);
    head.write(type, 4, 'latin1');
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])), 0);
    return Buffer.concat([head, data, crc]);
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(256, 0);
  ihdr.writeUInt32BE(256, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 2; // truecolour
  const row = Buffer.alloc(1 + 256 * 3);
  for (let i = 0; i < 256; i++) row.set([r, g, b], 1 + i * 3);
  const raw = Buffer.concat(Array.from({ length: 256 }, () => row));
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(raw)),
    chunk('IEND', new Uint8Array()),
  ]);
}

function varint(n: number, out: number[]): void {
  while (n >= 0x80) {
    out.push((n & 0x7f) | 0x80);
    n = Math.floor(n / 128);
  }
  out.push(n);
}

export interface FixtureTile {
  z: number;
  x: number;
  y: number;
  data: Uint8Array;
}

/** Every tile of zooms 0..maxZoom, each a solid colour that encodes its z/x/y. */
export function pyramid(maxZoom: number): FixtureTile[] {
  const tiles: FixtureTile[] = [];
  for (let z = 0; z <= maxZoom; z++) {
    for (let x = 0; x < 2 ** z; x++) {
      for (let y = 0; y < 2 ** z; y++)
        tiles.push({ z, x, y, data: solidPng(40 + z * 60, 20 + x * 30, 20 + y * 30) });
    }
  }
  return tiles;
}

export async function writePmtiles(path: string, tiles: readonly FixtureTile[]): Promise<void> {
  const entries = tiles
    .map((t) => ({ id: zxyToTileId(t.z, t.x, t.y), data: t.data }))
    .sort((a, b) => a.id - b.id);
  const dir: number[] = [];
  varint(entries.length, dir);
  let last = 0;
  for (const e of entries) {
    varint(e.id - last, dir);
    last = e.id;
  }
  for (const _ of entries) varint(1, dir); // run lengths
  for (const e of entries) varint(e.data.length, dir);
  let offset = 0;
  for (const [i, e] of entries.entries()) {
    // 0 means "right after the previous tile"; otherwise offset + 1.
    varint(i > 0 ? 0 : offset + 1, dir);
    offset += e.data.length;
  }
  const rootDir = Buffer.from(dir);
  const metadata = Buffer.from(JSON.stringify({ name: 'test pyramid' }));
  const tileData = Buffer.concat(entries.map((e) => e.data));
  const zooms = tiles.map((t) => t.z);

  const header = Buffer.alloc(127);
  header.write('PMTiles', 0, 'latin1');
  header[7] = 3;
  const u64 = (at: number, v: number) => header.writeBigUInt64LE(BigInt(v), at);
  const rootOffset = 127;
  const metaOffset = rootOffset + rootDir.length;
  const dataOffset = metaOffset + metadata.length;
  u64(8, rootOffset);
  u64(16, rootDir.length);
  u64(24, metaOffset);
  u64(32, metadata.length);
  u64(40, dataOffset); // no leaf directories
  u64(48, 0);
  u64(56, dataOffset);
  u64(64, tileData.length);
  u64(72, entries.length);
  u64(80, entries.length);
  u64(88, entries.length);
  header[96] = 1; // clustered
  header[97] = 1; // internal compression: none
  header[98] = 1; // tile compression: none
  header[99] = 2; // PNG
  header[100] = Math.min(...zooms);
  header[101] = Math.max(...zooms);
  header.writeInt32LE(Math.round(-180 * 1e7), 102);
  header.writeInt32LE(Math.round(-85 * 1e7), 106);
  header.writeInt32LE(Math.round(180 * 1e7), 110);
  header.writeInt32LE(Math.round(85 * 1e7), 114);
  header[118] = 0;
  await writeFile(path, Buffer.concat([header, rootDir, metadata, tileData]));
}
