// `npm run start:api`: the screening HTTP API. Configuration from the environment (README, "HTTP API").
import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { createScreeningService } from '@hitscreen/screening';
import { openAccessControl } from './auth/access-control';
import { loadApiConfig } from './config/api-config';
import { createApp } from './create-app';
import { ModelCatalog } from './models/model-catalog';

async function main(): Promise<void> {
  const logger = new Logger('api');
  const config = loadApiConfig();
  const screening = await createScreeningService(config.screening);
  const access = await openAccessControl(config.screening, config.auth);
  const app = await createApp({ config, screening, models: ModelCatalog.fromDisk(), access }, { logger });
  await app.listen(config.port);
  logger.log(`listening on http://localhost:${config.port} (OpenAPI at /docs)`);
  // SIGTERM/SIGINT: stop taking requests, let running ones finish, then close the database and Redis.
  let closing = false;
  const shutdown = (signal: string) => {
    if (closing) return;
    closing = true;
    logger.log(`${signal}: closing`);
    app
      .close()
      .then(() => screening.close())
      .then(() => access.close())
      .then(() => process.exit(0))
      .catch((error: unknown) => {
        logger.error(error instanceof Error ? error.stack : String(error));
        process.exit(1);
      });
  };
  process.once('SIGTERM', () => shutdown('SIGTERM'));
  process.once('SIGINT', () => shutdown('SIGINT'));
}

main().catch((error: unknown) => {
  // A configuration error lists its problems; anything else is a start-up failure with its stack.
  console.error(
    error instanceof Error ? (error.name === 'ConfigError' ? error.message : error.stack) : error,
  );
  process.exit(1);
});
