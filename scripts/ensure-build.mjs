// Builds with electron-vite when the output is missing or older than any source it comes from.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const stamp = join(root, 'out', '.build-stamp');
const outputs = [
  'out/main/index.js',
  'out/main/serve.js',
  'out/preload/index.cjs',
  'out/renderer/index.html',
];
const sources = [
  'src-main',
  'src-preload',
  'src-renderer',
  'src-shared',
  'schema',
  'resources',
  'package.json',
  'electron.vite.config.ts',
];

function newest(path) {
  if (!existsSync(path)) return 0;
  const info = statSync(path);
  if (!info.isDirectory()) return info.mtimeMs;
  return readdirSync(path).reduce(
    (max, name) => Math.max(max, newest(join(path, name))),
    info.mtimeMs,
  );
}

export function ensureBuild({ quiet = false, force = false } = {}) {
  const missing = outputs.some((o) => !existsSync(join(root, o))) || !existsSync(stamp);
  const stale = !missing && sources.some((s) => newest(join(root, s)) > statSync(stamp).mtimeMs);
  if (!missing && !stale && !force) return;
  const why = force ? 'requested' : missing ? 'first build' : 'sources changed';
  if (!quiet) process.stdout.write(`Building DroneGrid GCS (${why})…\n`);
  const result = spawnSync(
    process.execPath,
    [join(root, 'node_modules/electron-vite/bin/electron-vite.js'), 'build'],
    {
      cwd: root,
      stdio: quiet ? 'pipe' : 'inherit',
    },
  );
  if (result.status !== 0) {
    if (quiet) process.stderr.write(String(result.stderr ?? ''));
    process.stderr.write('The build failed.\n');
    process.exit(result.status ?? 1);
  }
  writeFileSync(stamp, new Date().toISOString());
}

// `node scripts/ensure-build.mjs [--force]`; `npm run build` forces.
if (import.meta.url === `file://${process.argv[1]}`)
  ensureBuild({ force: process.argv.includes('--force') });
