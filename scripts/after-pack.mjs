// electron-builder's afterPack hook (electron-builder.yml): checks the packaged app before it
// becomes an installer, and fails the build when
//   - a file of out/main, out/preload or out/renderer is missing from app.asar (the renderer's
//     chunks carry the bundled map data), or a source, test or source map got in;
//   - a package that out/main or out/preload imports is not in the archive;
//   - a devDependency got in (their @types/* aside, which some packages declare as peers);
//   - the DuckDB binding for the package's own platform and arch is not in app.asar.unpacked
//     (it is installed for the build machine only: see electron-builder.yml).
import { builtinModules } from 'node:module';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { listPackage } from '@electron/asar';
import { Arch } from 'electron-builder';

const root = fileURLToPath(new URL('..', import.meta.url));
const BUNDLES = ['out/main', 'out/preload', 'out/renderer'];
const NEVER = [/^src-/, /^test\//, /^scripts\//, /^schema\//, /^out\/types\//, /\.map$/];

function filesUnder(dir) {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path) : [path];
  });
}

/** The packages a bundle loads at run time: its bare specifiers, less Node's and Electron's. */
function importedPackages(files) {
  const builtins = new Set(builtinModules);
  const specifier =
    /(?:\bfrom\s*|\bimport\s*\(\s*|\brequire\s*\(\s*|^\s*import\s+)["']([^"'./][^"']*)["']/gm;
  const packages = new Set();
  for (const file of files.filter((f) => /\.(c|m)?js$/.test(f))) {
    for (const [, spec] of readFileSync(file, 'utf8').matchAll(specifier)) {
      if (spec.startsWith('node:') || builtins.has(spec.split('/')[0])) continue;
      const name = spec.startsWith('@')
        ? spec.split('/').slice(0, 2).join('/')
        : spec.split('/')[0];
      if (name !== 'electron') packages.add(name);
    }
  }
  return packages;
}

export async function afterPack(context) {
  const resources = context.packager.getResourcesDir(context.appOutDir);
  const asar = join(resources, 'app.asar');
  const unpacked = join(resources, 'app.asar.unpacked');
  const problems = [];

  const inAsar = new Set(
    listPackage(asar, { isPack: false }).map((p) =>
      p
        .replace(/^[\\/]/, '')
        .split(sep)
        .join('/'),
    ),
  );

  const built = BUNDLES.flatMap((dir) => filesUnder(join(root, dir)))
    .map((f) => relative(root, f).split(sep).join('/'))
    .filter((f) => !f.endsWith('.map'));
  for (const file of built) if (!inAsar.has(file)) problems.push(`missing from app.asar: ${file}`);
  if (!inAsar.has('package.json')) problems.push('missing from app.asar: package.json');
  for (const path of inAsar)
    if (!path.startsWith('node_modules/') && NEVER.some((re) => re.test(path)))
      problems.push(`does not belong in app.asar: ${path}`);

  const runtime = importedPackages(
    ['out/main', 'out/preload'].flatMap((dir) => filesUnder(join(root, dir))),
  );
  for (const name of runtime)
    if (!inAsar.has(`node_modules/${name}/package.json`))
      problems.push(`imported by the main process but not packaged: ${name}`);

  const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
  for (const name of Object.keys(manifest.devDependencies ?? {}))
    if (!name.startsWith('@types/') && inAsar.has(`node_modules/${name}/package.json`))
      problems.push(`devDependency packaged: ${name}`);

  const platform = context.electronPlatformName; // darwin | linux | win32 | mas
  const binding = `@duckdb/node-bindings-${platform === 'mas' ? 'darwin' : platform}-${Arch[context.arch]}`;
  const bindingDir = join(unpacked, 'node_modules', ...binding.split('/'));
  if (!existsSync(join(bindingDir, 'duckdb.node')))
    problems.push(
      `${binding}/duckdb.node is not in app.asar.unpacked: build each platform and arch on its own machine`,
    );

  if (problems.length > 0) {
    const shown = problems.slice(0, 20);
    if (problems.length > shown.length) shown.push(`… and ${problems.length - shown.length} more`);
    throw new Error(`The packaged app failed its check:\n  ${shown.join('\n  ')}`);
  }
  const size = (dir) =>
    filesUnder(dir).reduce((sum, f) => sum + statSync(f).size, 0) / (1024 * 1024);
  console.log(
    `  • afterPack check passed  ${built.length} bundle files, ${runtime.size} runtime packages, ` +
      `${binding}; app.asar ${(statSync(asar).size / (1024 * 1024)).toFixed(1)} MB, ` +
      `app.asar.unpacked ${size(unpacked).toFixed(1)} MB`,
  );
}

export default afterPack;
