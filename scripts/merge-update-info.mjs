// Merges electron-builder update-info files (latest-mac.yml) written by separate builds into one:
//   node scripts/merge-update-info.mjs <out.yml> <in.yml> <in.yml>...
// The x64 and arm64 Macs are packaged on their own runners (electron-builder.yml says why), so
// each writes a latest-mac.yml listing only its own zip and dmg; electron-updater on a Mac reads
// one latest-mac.yml and picks the file for its arch from the `files` list, so the release needs
// both lists in one file. No dependencies: the release job runs it on a bare runner. The files
// are electron-builder's own output (js-yaml, one `files` list of `- url:` blocks, scalars at
// the top level), and that is all this reads.
import { readFileSync, writeFileSync } from 'node:fs';

const [out, ...inputs] = process.argv.slice(2);
if (!out || inputs.length === 0) {
  process.stderr.write('usage: node scripts/merge-update-info.mjs <out.yml> <in.yml>...\n');
  process.exit(2);
}

/** Top-level scalars (`key: value`) and the raw lines of the `files:` list, one entry each. */
function parse(path) {
  const scalars = new Map();
  const files = [];
  let inFiles = false;
  for (const line of readFileSync(path, 'utf8').split(/\r?\n/)) {
    if (line.trim() === '') continue;
    if (/^\S/.test(line)) {
      inFiles = line === 'files:';
      if (!inFiles) {
        const match = /^([A-Za-z0-9_]+):\s*(.*)$/.exec(line);
        if (!match) throw new Error(`${path}: cannot read the line "${line}"`);
        scalars.set(match[1], match[2]);
      }
    } else if (inFiles) {
      if (/^ {2}- /.test(line)) files.push([line]);
      else if (files.length > 0 && /^ {4}\S/.test(line)) files.at(-1).push(line);
      else throw new Error(`${path}: unexpected line in files: "${line}"`);
    } else {
      throw new Error(`${path}: unexpected indented line "${line}"`);
    }
  }
  if (!scalars.has('version') || files.length === 0)
    throw new Error(`${path}: not an electron-builder update-info file (no version or no files)`);
  return { scalars, files };
}

const parsed = inputs.map((path) => ({ path, ...parse(path) }));
const version = parsed[0].scalars.get('version');
for (const { path, scalars } of parsed)
  if (scalars.get('version') !== version)
    throw new Error(`${path} is version ${scalars.get('version')}, ${inputs[0]} is ${version}`);

const seen = new Set();
const files = [];
for (const { files: list } of parsed)
  for (const entry of list) {
    const url = entry[0].replace(/^ {2}- url:\s*/, '');
    if (seen.has(url)) continue;
    seen.add(url);
    files.push(entry);
  }

// The legacy `path`/`sha512` (read by very old updaters only) stay those of the first input;
// the release date is the latest one.
const first = parsed[0].scalars;
const releaseDate = parsed
  .map(({ scalars }) => scalars.get('releaseDate'))
  .filter(Boolean)
  .sort()
  .at(-1);
const lines = [`version: ${version}`, 'files:', ...files.flat()];
for (const [key, value] of first)
  if (key !== 'version' && key !== 'releaseDate') lines.push(`${key}: ${value}`);
if (releaseDate) lines.push(`releaseDate: ${releaseDate}`);
writeFileSync(out, lines.join('\n') + '\n');
process.stdout.write(`${out}: ${files.length} files from ${inputs.length} builds\n`);
