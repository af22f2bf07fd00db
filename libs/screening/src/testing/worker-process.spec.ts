import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TEST_REDIS_URL } from './integration';
import { buildBundles, startWorkerProcess } from './worker-process';

// The worker bundle started as the worker specs start it, on a configuration it refuses: it stops before
// touching PostgreSQL or Redis, so the test needs neither.
describe('startWorkerProcess', () => {
  const dir = mkdtempSync(join(tmpdir(), 'worker-process-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('collects the output of a worker that refuses its configuration, and keeps it in the log file', async () => {
    buildBundles();
    const logFile = join(dir, 'workers.log');
    const config = {
      databaseUrl: 'postgres://screener:s3cret@127.0.0.1:5432/test',
      redisUrl: TEST_REDIS_URL,
      queuePrefix: 'never-used',
    };
    const worker = startWorkerProcess(config, { MAX_HEAVY_ATOMS: 'lots' }, { logFile });
    expect(await worker.exited).toBe(1);
    expect(worker.output).toHaveLength(1);
    expect(worker.output[0]).toMatch(/^screen-worker: MAX_HEAVY_ATOMS\b/);
    expect(worker.logFile).toBe(logFile);
    const pid = worker.child.pid;
    expect(readFileSync(logFile, 'utf8')).toBe(
      `[pid ${pid}] ${worker.output[0]}\n[pid ${pid}] exited: code 1, signal null\n`,
    );
  });
});
