import { releaseModels } from '@hitscreen/models';
import { isFinal } from './store';
import { SYSTEM_VIEWER, type ScreeningServiceConfig, type ScreenSummary } from './contract';
import { createScreeningService } from './service/screening.service';
import { startScreeningWorker, type ScreeningWorker } from './worker/screening-worker';
import { testBackend, unfinishedJobs, until } from './testing/integration';
import { asStream, testLibrary } from './testing/library';
import { startPrivateRedis, type PrivateRedis } from './testing/private-redis';

// A real Redis restart in the middle of a screen. The shared Redis (6379) is never touched: the test starts its own
// redis-server on a free port, crashes it (SIGKILL) while chunks are being stored, and starts it again on the same
// port. What "resumes" means depends on the Redis: the queue (the flow's pending chunk jobs and its finalize parent)
// lives only in Redis, so it survives a restart only when Redis persists it. The deployment requirement is
// therefore an append-only file (`appendonly yes`; `appendfsync always` here, `everysec` loses at most a second of
// acknowledged writes), documented in docs/SCALING.md. With it, the screen completes after the restart with every
// row exactly once; a chunk whose completion was lost with the connection is simply run again (rows are upserted).

afterAll(() => releaseModels());

/** The test library four times over, renumbered: 104 records, 12 invalid, 26 chunks of 4. */
function library() {
  const base = testLibrary();
  return Array.from({ length: 4 }, (_, round) =>
    base.map((r) => ({ ...r, record: round * base.length + r.record, id: `${r.id}-${round + 1}` })),
  ).flat();
}

describe('Redis restarted during a screen (a private redis-server with an append-only file)', () => {
  let redis: PrivateRedis;
  let config: ScreeningServiceConfig;
  const backend = testBackend('postgres', 4);

  beforeAll(async () => {
    redis = await startPrivateRedis({ persistence: true });
    config = { ...backend.config, redisUrl: redis.url };
  });
  afterAll(async () => {
    await redis?.close();
    await backend.cleanup();
  });

  it('the screen resumes after the restart and completes, every row exactly once, no job left behind', async () => {
    const service = await createScreeningService(config);
    let worker: ScreeningWorker | undefined;
    const logs: string[] = [];
    try {
      const records = library();
      const screen = await service.submit({ options: { models: ['esol'] }, records: asStream(records) });
      expect(screen.counts.total).toBe(104);
      // A short lock: a chunk whose completion could not reach Redis is taken over promptly after the restart.
      worker = await startScreeningWorker({ ...config, threads: 0, concurrency: 1, lockMs: 3000 }, (line) =>
        logs.push(line),
      );
      const done = async () => (await service.get(screen.id, SYSTEM_VIEWER))!.counts.done;
      await until(async () => (await done()) >= 8, 60_000, 'two chunks stored');

      await redis.crash();
      const doneAtCrash = await done();
      expect(doneAtCrash).toBeLessThan(104);
      // Down: readiness says so, and no chunk can be taken (a chunk in flight may still store its rows).
      const health = await service.health();
      expect(health.redis).toBe(false);
      await new Promise((resolve) => setTimeout(resolve, 2000));
      const doneWhileDown = await done();
      expect(doneWhileDown - doneAtCrash).toBeLessThanOrEqual(8);

      await redis.start();
      let final: ScreenSummary | null = null;
      await until(
        async () => {
          final = await service.get(screen.id, SYSTEM_VIEWER);
          return !!final && isFinal(final.status);
        },
        90_000,
        'the screen final after the restart',
      );
      expect(final).toMatchObject({
        status: 'completed',
        counts: { total: 104, done: 104, invalid: 12, failed: 0 },
      });
      const rows = (await service.results(
        screen.id,
        { page: 1, pageSize: 200, sort: 'row' },
        SYSTEM_VIEWER,
      ))!;
      expect(rows.total).toBe(104);
      expect(rows.items.map((r) => r.row)).toEqual(records.map((r) => r.record));
      expect(rows.items.map((r) => r.id)).toEqual(records.map((r) => r.id));
      // Ranked after the restart: ranks 1..92 once each.
      const ranks = rows.items.flatMap((r) => (r.rank === null ? [] : [r.rank])).sort((a, b) => a - b);
      expect(ranks).toEqual(Array.from({ length: 92 }, (_, i) => i + 1));
      // Every chunk stored at least once (a chunk whose completion was lost with the connection runs again).
      const stored = logs.filter((l) => / chunk \d+: \d+ rows/.test(l)).length;
      console.log(
        `redis restart: ${doneAtCrash}/104 rows before the crash, ${doneWhileDown} while down; ` +
          `${stored} chunk runs stored for 26 chunks`,
      );
      expect(stored).toBeGreaterThanOrEqual(26);
      // The finalize job closes the screen in the database, then completes in Redis: give it that moment.
      const quiet = async () =>
        Object.values(await unfinishedJobs(config)).every((states) =>
          Object.values(states).every((n) => n === 0),
        );
      await until(quiet, 10_000, 'no job left in the queues');
      expect(await service.health()).toEqual({ database: true, redis: true, errors: {} });
    } finally {
      if (process.env.E2E_LOG) console.log(logs.join('\n'));
      await worker?.close();
      await service.close();
    }
  }, 180_000);
});

describe('Redis restarted without persistence (why the deployment needs the append-only file)', () => {
  it('the queued chunks are lost with the restart: the screen stays running with rows missing', async () => {
    const redis = await startPrivateRedis({ persistence: false });
    const backend = testBackend('postgres', 4);
    const config = { ...backend.config, redisUrl: redis.url };
    const service = await createScreeningService(config);
    let worker: ScreeningWorker | undefined;
    try {
      const screen = await service.submit({ options: { models: ['esol'] }, records: asStream(library()) });
      worker = await startScreeningWorker({ ...config, threads: 0, concurrency: 1, lockMs: 3000 });
      const get = async () => (await service.get(screen.id, SYSTEM_VIEWER))!;
      await until(async () => (await get()).counts.done >= 8, 60_000, 'two chunks stored');
      await redis.crash();
      await redis.start();
      // Well past the lock and the stalled-job check: nothing is left to run.
      await new Promise((resolve) => setTimeout(resolve, 8000));
      const stuck = await get();
      expect(stuck.status).toBe('running');
      expect(stuck.counts.done).toBeLessThan(104);
      expect(await unfinishedJobs(config)).toEqual({
        chunks: { waiting: 0, delayed: 0, active: 0, 'waiting-children': 0, prioritized: 0 },
        finalize: { waiting: 0, delayed: 0, active: 0, 'waiting-children': 0, prioritized: 0 },
      });
    } finally {
      await worker?.close();
      await service.close();
      await redis.close();
      await backend.cleanup();
    }
  }, 120_000);
});
