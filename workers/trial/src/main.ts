// The trial worker process (`npm run start:trial-worker`): ingests uploaded patient sets and runs evaluations.
// Configuration from the environment, validated once; SIGTERM/SIGINT let running jobs finish, a second signal
// exits at once (a killed worker's job is taken over by another worker when its lock expires).
import { startTrialWorker, trialWorkerConfigFromEnv } from '@hitscreen/trial';

const log = (message: string) => console.log(`${new Date().toISOString()} trial-worker ${message}`);

async function main(): Promise<void> {
  const config = trialWorkerConfigFromEnv();
  log(
    `database ${config.databaseUrl.replace(/\/\/[^@/]*@/, '//…@')}, redis ${config.redisUrl}, prefix ${config.queuePrefix}`,
  );
  if (config.developmentKey)
    log('warning: TRIAL_PSEUDONYM_KEY is not set; using the development key (never in production)');
  const worker = await startTrialWorker(config, log);
  let closing = false;
  const shutdown = (signal: string) => {
    if (closing) {
      log(`${signal} again: exiting now`);
      process.exit(1);
    }
    closing = true;
    log(`${signal}: finishing running jobs`);
    worker.close().then(
      () => {
        log('closed');
        process.exit(0);
      },
      (error: unknown) => {
        console.error(
          `trial-worker: close failed: ${error instanceof Error ? error.message : String(error)}`,
        );
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', () => shutdown('SIGTERM'));
  process.on('SIGINT', () => shutdown('SIGINT'));
}

main().catch((error: unknown) => {
  console.error(`trial-worker: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
