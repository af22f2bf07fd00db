// The trial worker process (`npm run start:trial-worker`): ingests uploaded patient sets and runs evaluations.
// Configuration from the environment, validated once; SIGTERM/SIGINT let running jobs finish, a second signal
// exits at once (a killed worker's job is taken over by another worker when its lock expires).
import { startTrialWorker, trialWorkerConfigFromEnv } from '@hitscreen/trial';
import { runWorkerProcess } from '@hitscreen/worker-process';

runWorkerProcess({
  name: 'trial-worker',
  running: 'jobs',
  config: trialWorkerConfigFromEnv,
  start: (config, log) => {
    if (config.developmentKey)
      log('warning: TRIAL_PSEUDONYM_KEY is not set; using the development key (never in production)');
    return startTrialWorker(config, log);
  },
});
