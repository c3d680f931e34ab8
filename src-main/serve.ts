import { fileURLToPath } from 'node:url';
import { configFromEnv } from './core/config';
import { createCore } from './core/createCore';
import { createLogger } from './core/logger';
import { parseServeOptions } from './hosts/serveOptions';
import { isLoopback, startWebHost } from './hosts/webHost';
import { version } from '../package.json';

/**
 * The headless entry: the core plus the web host, no Electron. `npm run serve` and `npm start`
 * (where the Electron binary is missing) run this.
 */
async function main(): Promise<void> {
  const options = parseServeOptions(process.argv.slice(2), process.env);
  const config = configFromEnv(process.env, version);
  const log = createLogger(config.logLevel);
  const core = await createCore(config, log);
  let host;
  try {
    host = await startWebHost(core, {
      ...options,
      rendererDir: fileURLToPath(new URL('../renderer', import.meta.url)),
    });
  } catch (error) {
    await core.close();
    throw error;
  }
  log.info(`data folder: ${config.dataDir}`);
  // The token is a secret: it is never printed, only said to be required.
  const tokenNote =
    options.token && !isLoopback(options.host) ? ` (append ?token=<your token>)` : '';
  process.stdout.write(`DroneGrid GCS web host ready at ${host.url}${tokenNote}\n`);

  let stopping = false;
  const stop = async (signal: string): Promise<void> => {
    if (stopping) return;
    stopping = true;
    log.info(`${signal}: closing (flushing telemetry)`);
    await host.close();
    await core.close();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
}

main().catch((error: unknown) => {
  process.stderr.write(
    `DroneGrid GCS could not start: ${error instanceof Error ? error.message : String(error)}\n`,
  );
  process.exit(1);
});
