// `npm run audit:electron`: Doyensec's Electronegativity over the app's sources (main process,
// preload, renderer, shared), as .ci/run and the workflows run it. Fails on any HIGH or CRITICAL
// finding, and on any MEDIUM one that docs/security.md does not justify by its check name;
// LOW and INFORMATIONAL findings are printed. The sources are copied to a temporary folder first
// so tests, build output and dependencies are not audited as if they were the app.
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const require = createRequire(import.meta.url);
const SOURCES = ['src-main', 'src-preload', 'src-renderer', 'src-shared', 'package.json'];
const electronVersion = require('electron/package.json').version;

const work = mkdtempSync(join(tmpdir(), 'gcs-audit-'));
let findings;
try {
  const input = join(work, 'app');
  for (const source of SOURCES)
    cpSync(join(root, source), join(input, source), { recursive: true });
  const report = join(work, 'report.csv');
  const cli = join(
    require.resolve('@doyensec/electronegativity/package.json'),
    '..',
    'dist',
    'index.js',
  );
  // The Electron version is given, so no release list is fetched (nothing here may go online).
  const run = spawnSync(
    process.execPath,
    [cli, '-i', input, '-r', '-e', electronVersion, '-o', report, '-v', 'false'],
    { encoding: 'utf8', timeout: 300_000 },
  );
  if (run.status !== 0) {
    process.stderr.write(run.stdout + run.stderr);
    throw new Error(`electronegativity exited with ${run.status ?? run.signal}`);
  }
  findings = parseCsv(readFileSync(report, 'utf8'))
    .slice(1)
    .map(([check, severity, confidence, file, location, sample]) => ({
      check,
      severity,
      confidence,
      file,
      location,
      sample,
    }));
} finally {
  rmSync(work, { recursive: true, force: true });
}

const justified = readFileSync(join(root, 'docs', 'security.md'), 'utf8');
const failures = [];
for (const f of findings) {
  const where = `${f.file}:${f.location}`;
  const line = `${f.severity.padEnd(13)} ${f.check} (${f.confidence.toLowerCase()}) at ${where}`;
  if (f.severity === 'HIGH' || f.severity === 'CRITICAL') failures.push(`${line}: must be fixed`);
  else if (f.severity === 'MEDIUM' && !justified.includes(f.check)) {
    failures.push(`${line}: fix it, or justify it in docs/security.md`);
  } else process.stdout.write(`accepted ${line}\n`);
}
process.stdout.write(
  `electronegativity (Electron ${electronVersion}): ${findings.length} findings, ${failures.length} refused\n`,
);
for (const failure of failures) process.stdout.write(`REFUSED  ${failure}\n`);
process.exit(failures.length === 0 ? 0 : 1);

/** RFC 4180 enough for this report: quoted fields, doubled quotes, commas and newlines inside. */
function parseCsv(text) {
  const rows = [];
  let row = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(field.trim());
      field = '';
    } else if (c === '\n') {
      row.push(field.trim());
      rows.push(row);
      row = [];
      field = '';
    } else if (c !== '\r') field += c;
  }
  if (field !== '' || row.length > 0) rows.push([...row, field.trim()]);
  return rows.filter((r) => r.length > 1);
}
