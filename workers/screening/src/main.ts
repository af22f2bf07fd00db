// The screening worker process (`npm run start:worker`): configuration from the environment, validated once;
// BullMQ processors from @hitscreen/screening; SIGTERM/SIGINT close gracefully (running chunks finish, no new
// ones are taken), a second signal exits at once (a killed worker's chunk is taken over as a stalled job).
import { startShadowWorker } from '@hitscreen/model-registry';
import {
  DEFAULT_QUEUE_PREFIX,
  screeningWorkerConfigFromEnv,
  startScreeningWorker,
} from '@hitscreen/screening';
import { runWorkerProcess } from '@hitscreen/worker-process';

runWorkerProcess({
  name: 'screen-worker',
  running: 'chunks',
  config: screeningWorkerConfigFromEnv,
  start: async (config, log) => {
    const worker = await startScreeningWorker(config, log);
    // Shadow runs of registry candidates on finished screens (model_shadow_report); results are never changed.
    const shadow = await startShadowWorker(
      { ...config, queuePrefix: config.queuePrefix ?? DEFAULT_QUEUE_PREFIX },
      log,
    );
    return { close: () => Promise.all([worker.close(), shadow.close()]) };
  },
});
