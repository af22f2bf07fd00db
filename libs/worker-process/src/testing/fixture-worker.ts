// A worker process for run-worker-process.spec.ts: the skeleton around a fake queue worker whose start and close
// the test steers through the environment (FIXTURE_START=fail, FIXTURE_CLOSE=fail|hang).
import { runWorkerProcess } from '../run-worker-process';

runWorkerProcess({
  name: 'fixture-worker',
  running: 'jobs',
  config: () => {
    if (!process.env.DATABASE_URL) throw new Error('DATABASE_URL is required');
    return {
      databaseUrl: process.env.DATABASE_URL,
      redisUrl: 'redis://127.0.0.1:6379',
      queuePrefix: 'fixture',
    };
  },
  start: async (_config, log) => {
    if (process.env.FIXTURE_START === 'fail') throw new Error('no Redis at redis://127.0.0.1:6379');
    // What a real worker's open Redis connections do: keep the process alive until it is closed.
    const connection = setInterval(() => undefined, 60_000);
    // 'ready' once the skeleton has installed its signal handlers (they follow this start in the same turn).
    setImmediate(() => log('ready'));
    return {
      close: () => {
        if (process.env.FIXTURE_CLOSE === 'hang') return new Promise(() => undefined);
        clearInterval(connection);
        return process.env.FIXTURE_CLOSE === 'fail'
          ? Promise.reject(new Error('the queue would not close'))
          : Promise.resolve();
      },
    };
  },
});
