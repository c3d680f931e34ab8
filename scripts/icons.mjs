// Renders the app icon from its one source, resources/icon.svg, with Debian's Chromium:
//   resources/icon.png          1024×1024 (electron-builder's master image)
//   resources/icons/NxN.png     the Linux icon set (AppImage and deb install these)
//   resources/icon.ico          Windows: PNG-compressed images, 16 to 256 px
//   resources/icon.icns         macOS: PNG-compressed images, 16 to 1024 px
// Every size is rasterised from the vector at that size, not scaled down from the large one, and
// the .ico and .icns are assembled here, so electron-builder never has to convert an icon (which
// would download its icon toolset). `npm run icons`; commit what it writes.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const root = fileURLToPath(new URL('..', import.meta.url));
const resources = join(root, 'resources');
const svg = readFileSync(join(resources, 'icon.svg'), 'utf8');

const LINUX_SIZES = [16, 32, 48, 64, 128, 256, 512];
const ICO_SIZES = [16, 24, 32, 48, 64, 128, 256];
// ICNS element types holding PNG data, by pixel size (the @2x types reuse the same images).
const ICNS_TYPES = [
  ['icp4', 16],
  ['icp5', 32],
  ['icp6', 64],
  ['ic07', 128],
  ['ic08', 256],
  ['ic09', 512],
  ['ic10', 1024],
  ['ic11', 32],
  ['ic12', 64],
  ['ic13', 256],
  ['ic14', 512],
];

const sizes = [...new Set([1024, ...LINUX_SIZES, ...ICO_SIZES, ...ICNS_TYPES.map(([, s]) => s)])];

function pngSize(png) {
  const signature = '89504e470d0a1a0a';
  if (png.subarray(0, 8).toString('hex') !== signature) throw new Error('not a PNG');
  return { width: png.readUInt32BE(16), height: png.readUInt32BE(20) };
}

/** An ICO file may embed PNG images as they are: a header, one directory entry each, the data. */
function ico(images) {
  const header = Buffer.alloc(6);
  header.writeUInt16LE(0, 0); // reserved
  header.writeUInt16LE(1, 2); // 1 = icon
  header.writeUInt16LE(images.length, 4);
  const entries = [];
  let offset = 6 + 16 * images.length;
  for (const { size, png } of images) {
    const entry = Buffer.alloc(16);
    entry.writeUInt8(size >= 256 ? 0 : size, 0); // width; 0 means 256
    entry.writeUInt8(size >= 256 ? 0 : size, 1); // height
    entry.writeUInt8(0, 2); // no palette
    entry.writeUInt8(0, 3); // reserved
    entry.writeUInt16LE(1, 4); // colour planes
    entry.writeUInt16LE(32, 6); // bits per pixel
    entry.writeUInt32LE(png.length, 8);
    entry.writeUInt32LE(offset, 12);
    offset += png.length;
    entries.push(entry);
  }
  return Buffer.concat([header, ...entries, ...images.map((i) => i.png)]);
}

/** An ICNS file: 'icns' and the total length, then elements of type, length and PNG data. */
function icns(elements) {
  const parts = elements.map(({ type, png }) => {
    const head = Buffer.alloc(8);
    head.write(type, 0, 'ascii');
    head.writeUInt32BE(8 + png.length, 4);
    return Buffer.concat([head, png]);
  });
  const head = Buffer.alloc(8);
  head.write('icns', 0, 'ascii');
  head.writeUInt32BE(8 + parts.reduce((n, p) => n + p.length, 0), 4);
  return Buffer.concat([head, ...parts]);
}

const browser = await chromium.launch({
  executablePath: process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium',
  headless: true,
  args: [
    '--no-sandbox',
    '--disable-gpu',
    '--disable-background-networking',
    '--disable-component-update',
    '--no-first-run',
  ],
});
const rendered = new Map();
try {
  const page = await browser.newPage({ viewport: { width: 1024, height: 1024 } });
  for (const size of sizes) {
    const sized = svg.replace(/width="1024" height="1024"/, `width="${size}" height="${size}"`);
    await page.setContent(
      `<!doctype html><html><body style="margin:0;background:transparent">${sized}</body></html>`,
    );
    const png = await page.screenshot({
      clip: { x: 0, y: 0, width: size, height: size },
      omitBackground: true,
    });
    const { width, height } = pngSize(png);
    if (width !== size || height !== size)
      throw new Error(`${size} px came out ${width}×${height}`);
    rendered.set(size, png);
  }
} finally {
  await browser.close();
}

const written = [];
const write = (path, data) => {
  writeFileSync(join(resources, path), data);
  written.push(`resources/${path} (${data.length} bytes)`);
};
write('icon.png', rendered.get(1024));
mkdirSync(join(resources, 'icons'), { recursive: true });
for (const size of LINUX_SIZES) write(`icons/${size}x${size}.png`, rendered.get(size));
write('icon.ico', ico(ICO_SIZES.map((size) => ({ size, png: rendered.get(size) }))));
write('icon.icns', icns(ICNS_TYPES.map(([type, size]) => ({ type, png: rendered.get(size) }))));
process.stdout.write(written.join('\n') + '\n');
