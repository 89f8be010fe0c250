// Composition root: read the configuration, start the service, stop it cleanly on a signal.
import { ConfigError, loadConfig } from './config/load-config';
import { describeStartupFailure, printDemoSignIns, printWhereToGo } from './startup-messages';
import { startService } from './start-service';
import { createLogger } from './lib/logger';
import { warmUpPauseDates } from './understanding/pause-dates';

async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig();
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    console.error(`Lantern cannot start: ${error.message}`);
    process.exit(1);
  }
  const logger = createLogger({ level: config.logLevel });
  warmUpPauseDates();
  const service = await startService(config, logger).catch((error: unknown) => {
    console.error(`Lantern cannot start: ${describeStartupFailure(error, config)}`);
    process.exit(1);
  });
  if (service.demo) printDemoSignIns(service.demo, service.url);
  printWhereToGo(service.url, config);

  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.once(signal, () => {
      logger.info({ signal }, 'shutting down');
      service.stop().then(
        () => process.exit(0),
        (error: unknown) => {
          logger.error({ err: error }, 'shutdown failed');
          process.exit(1);
        },
      );
    });
  }
}

void main();
