import { ConfigError, loadConfig } from '@gevinst/platform';
import { createApp } from './create-app';
import { createLogger } from './http/logging';

async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`gevinst: ${error.message}\n`);
      process.exit(78); // EX_CONFIG
    }
    throw error;
  }
  const logger = createLogger(config.logLevel);
  const app = await createApp(config, logger);
  await app.listen(config.port, config.host);
  logger.info(
    { url: await app.getUrl(), dataDir: config.dataDir, eventStore: config.eventStore.kind, auth: config.auth.mode },
    'Gevinst is listening',
  );
}

main().catch((error: unknown) => {
  process.stderr.write(`gevinst: failed to start: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
