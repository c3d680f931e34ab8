// `npm run test:electron`: the Electron end-to-end suite (test/electron) where an Electron binary
// is installed; where it is not (installed with ELECTRON_SKIP_BINARY_DOWNLOAD, as on a machine
// without network), one line says so and the run succeeds: the suite cannot run there.
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { ensureBuild } from './ensure-build.mjs';

function electronBinary() {
  try {
    // The electron package exports the binary's path, and throws when it was never downloaded.
    const path = createRequire(import.meta.url)('electron');
    return typeof path === 'string' ? path : null;
  } catch (error) {
    return { reason: error instanceof Error ? error.message.split('\n')[0] : String(error) };
  }
}

const binary = electronBinary();
if (typeof binary !== 'string') {
  process.stdout.write(
    `Electron e2e NOT RUN: no Electron binary is installed here (${binary?.reason ?? 'unknown'}; ` +
      'installs with ELECTRON_SKIP_BINARY_DOWNLOAD=1 have none). It runs wherever `npm ci` can ' +
      'download Electron, as in .github/workflows/release.yml.\n',
  );
  process.exit(0);
}

ensureBuild();
const root = fileURLToPath(new URL('..', import.meta.url));
const run = spawnSync(
  process.execPath,
  [
    createRequire(import.meta.url).resolve('@playwright/test/cli'),
    'test',
    '-c',
    'test/electron/playwright.config.ts',
    ...process.argv.slice(2),
  ],
  { cwd: root, stdio: 'inherit' },
);
process.exit(run.status ?? 1);
