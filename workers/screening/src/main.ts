// The screening worker process (`npm run start:worker`): configuration from the environment, validated once;
// BullMQ processors from @hitscreen/screening; SIGTERM/SIGINT close gracefully (running chunks finish, no new
// ones are taken), a second signal exits at once (a killed worker's chunk is taken over as a stalled job).
import { startShadowWorker } from '@hitscreen/model-registry';
import {
  DEFAULT_QUEUE_PREFIX,
  screeningWorkerConfigFromEnv,
  startScreeningWorker,
} from '@hitscreen/screening';

const log = (message: string) => console.log(`${new Date().toISOString()} screen-worker ${message}`);

async function main(): Promise<void> {
  const config = screeningWorkerConfigFromEnv();
  log(
    `database ${config.databaseUrl.replace(/\/\/[^@/]*@/, '//…@')}, redis ${config.redisUrl}, prefix ${config.queuePrefix}`,
  );
  const worker = await startScreeningWorker(config, log);
  // Shadow runs of registry candidates on finished screens (model_shadow_report); results are never changed.
  const shadow = await startShadowWorker(
    { ...config, queuePrefix: config.queuePrefix ?? DEFAULT_QUEUE_PREFIX },
    log,
  );
  let closing = false;
  const shutdown = (signal: string) => {
    if (closing) {
      log(`${signal} again: exiting now`);
      process.exit(1);
    }
    closing = true;
    log(`${signal}: finishing running chunks`);
    Promise.all([worker.close(), shadow.close()]).then(
      () => {
        log('closed');
        process.exit(0);
      },
      (error: unknown) => {
        console.error(
          `screen-worker: close failed: ${error instanceof Error ? error.message : String(error)}`,
        );
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', () => shutdown('SIGTERM'));
  process.on('SIGINT', () => shutdown('SIGINT'));
}

main().catch((error: unknown) => {
  console.error(`screen-worker: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
