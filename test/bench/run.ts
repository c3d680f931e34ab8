/**
 * `npm run bench`: benchmarks as JSON lines ({"bench", "value", "unit", ...}). Each baseline runs
 * in the same process, on the same disk, right beside what it is compared with.
 */
import { telemetryIngestBenches } from './telemetryIngest.bench';

const benches = [telemetryIngestBenches];

for (const run of benches) {
  for await (const line of run()) process.stdout.write(JSON.stringify(line) + '\n');
}
