/**
 * `npm run bench`: benchmarks as JSON lines ({"bench", "value", "unit", ...}). Each baseline runs
 * in the same process, on the same disk, right beside what it is compared with.
 */
import { consoleRendererBenches } from './consoleRenderer.bench';
import { cqlStoreBenches } from './cqlStore.bench';
import { missionReplayBenches } from './missionReplay.bench';
import { redisCacheBenches } from './redisCache.bench';
import { telemetryIngestBenches } from './telemetryIngest.bench';

/** `npm run bench -- ingest` (or `console`, `redis`, `cql`, `replay`) runs one group; no argument runs them all. */
const groups = {
  ingest: telemetryIngestBenches,
  console: consoleRendererBenches,
  redis: redisCacheBenches,
  cql: cqlStoreBenches,
  replay: missionReplayBenches,
};
const wanted = process.argv.slice(2).filter((a) => a in groups) as (keyof typeof groups)[];
const benches = (wanted.length ? wanted : (Object.keys(groups) as (keyof typeof groups)[])).map(
  (g) => groups[g],
);

for (const run of benches) {
  for await (const line of run()) process.stdout.write(JSON.stringify(line) + '\n');
}
