// `npm start`: builds if needed, then runs the Electron app; where the Electron binary is not
// installed (ELECTRON_SKIP_BINARY_DOWNLOAD), runs the same app through the web host instead.
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { ensureBuild } from './ensure-build.mjs';

ensureBuild();
const root = fileURLToPath(new URL('..', import.meta.url));

function electronBinary() {
  try {
    // The electron package exports the binary's path, and throws when the binary was not downloaded.
    const path = createRequire(import.meta.url)('electron');
    return typeof path === 'string' ? path : null;
  } catch {
    return null;
  }
}

const binary = electronBinary();
const args = process.argv.slice(2);
let child;
if (binary) {
  child = spawn(binary, [root, ...args], {
    stdio: 'inherit',
    env: { ...process.env, ELECTRON_RUN_AS_NODE: undefined },
  });
} else {
  process.stdout.write(
    'Electron is not installed here; running DroneGrid GCS in the web host instead.\n',
  );
  child = spawn(
    process.execPath,
    [fileURLToPath(new URL('../out/main/serve.js', import.meta.url)), ...args],
    {
      stdio: 'inherit',
    },
  );
}
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
