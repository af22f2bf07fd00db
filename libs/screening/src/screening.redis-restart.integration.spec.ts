import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { releaseModels } from '@hitscreen/models';
import { removeScreenJobs, SCREEN_QUEUES } from './queue';
import { isFinal } from './store';
import { SYSTEM_VIEWER, type ScreeningServiceConfig, type ScreenSummary } from './contract';
import { createScreeningService } from './service/screening.service';
import { startScreeningWorker, type ScreeningWorker } from './worker/screening-worker';
import { testBackend, unfinishedJobs, until } from './testing/integration';
import { asStream, testLibrary } from './testing/library';
import { startPrivateRedis, type PrivateRedis } from './testing/private-redis';

// A real Redis restart in the middle of a screen. The shared Redis (6379) is never touched: the test starts its own
// redis-server on a free port, crashes it (SIGKILL) while chunks are being stored, and starts it again on the same
// port. The queue (the flow's pending chunk jobs and its finalize parent) lives only in Redis. With an append-only
// file (`appendonly yes`; `appendfsync always` here) the restart reloads it and the screen completes with every row
// exactly once; a chunk whose completion was lost with the connection simply runs again (rows are upserted).
// Without persistence the queue is gone; the service then queues the screen again from the database (the chunks
// still pending there) as soon as its Redis connection is ready again. docs/SCALING.md, section 7.

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

describe('Redis restarted without persistence (its data lost)', () => {
  it('the service queues the screen again from the database: it completes, every row exactly once', async () => {
    const redis = await startPrivateRedis({ persistence: false });
    const backend = testBackend('postgres', 4);
    const config = { ...backend.config, redisUrl: redis.url };
    const service = await createScreeningService(config);
    let worker: ScreeningWorker | undefined;
    try {
      const records = library();
      const screen = await service.submit({ options: { models: ['esol'] }, records: asStream(records) });
      worker = await startScreeningWorker({ ...config, threads: 0, concurrency: 1, lockMs: 3000 });
      const get = async () => (await service.get(screen.id, SYSTEM_VIEWER))!;
      await until(async () => (await get()).counts.done >= 8, 60_000, 'two chunks stored');
      await redis.crash();
      await redis.start();
      // The restarted Redis is empty: the flow (finalize parent, pending chunk jobs) is gone. When the service's
      // connection is ready again it finds the live screen without its flow and adds one for the chunks the
      // database still has pending (before that sweep existed, this screen stayed `running` for good).
      await until(async () => isFinal((await get()).status), 90_000, 'the screen final after the restart');
      expect(await get()).toMatchObject({
        status: 'completed',
        counts: { total: 104, done: 104, invalid: 12, failed: 0 },
      });
      const rows = (await service.results(
        screen.id,
        { page: 1, pageSize: 200, sort: 'row' },
        SYSTEM_VIEWER,
      ))!;
      expect(rows.items.map((r) => r.row)).toEqual(records.map((r) => r.record));
      const ranks = rows.items.flatMap((r) => (r.rank === null ? [] : [r.rank])).sort((a, b) => a - b);
      expect(ranks).toEqual(Array.from({ length: 92 }, (_, i) => i + 1));
      // Nothing left to requeue, nothing left in the queues.
      expect(await service.requeueLostScreens()).toEqual([]);
      const quiet = async () =>
        Object.values(await unfinishedJobs(config)).every((states) =>
          Object.values(states).every((n) => n === 0),
        );
      await until(quiet, 10_000, 'no job left in the queues');
    } finally {
      await worker?.close();
      await service.close();
      await redis.close();
      await backend.cleanup();
    }
  }, 180_000);
});

describe('requeueLostScreens', () => {
  it('queues again a live screen whose flow is gone, once, and it completes', async () => {
    const backend = testBackend('postgres', 8);
    const service = await createScreeningService(backend.config);
    const connection = new Redis(backend.config.redisUrl, { maxRetriesPerRequest: null });
    const queues = {
      chunks: new Queue(SCREEN_QUEUES.chunks, { connection, prefix: backend.config.queuePrefix }),
      finalize: new Queue(SCREEN_QUEUES.finalize, { connection, prefix: backend.config.queuePrefix }),
    };
    let worker: ScreeningWorker | undefined;
    try {
      const screen = await service.submit({ options: { models: [] }, records: asStream(testLibrary()) });
      // The flow disappears (a Redis that lost its data, a process that died before queueing the library).
      await removeScreenJobs(queues, screen.id, 4);
      expect(await unfinishedJobs(backend.config)).toMatchObject({
        chunks: { waiting: 0 },
        finalize: { 'waiting-children': 0 },
      });
      expect(await service.requeueLostScreens()).toEqual([screen.id]);
      expect(await service.requeueLostScreens()).toEqual([]);
      expect(await unfinishedJobs(backend.config)).toMatchObject({
        chunks: { waiting: 4 },
        finalize: { 'waiting-children': 1 },
      });
      worker = await startScreeningWorker({ ...backend.config, threads: 0, concurrency: 1 });
      await until(
        async () => isFinal((await service.get(screen.id, SYSTEM_VIEWER))!.status),
        60_000,
        'the screen final',
      );
      expect(await service.get(screen.id, SYSTEM_VIEWER)).toMatchObject({
        status: 'completed',
        counts: { total: 26, done: 26, invalid: 3 },
      });
      // A finished screen is never queued again.
      expect(await service.requeueLostScreens()).toEqual([]);
    } finally {
      await worker?.close();
      await Promise.all([queues.chunks.close(), queues.finalize.close()]);
      connection.disconnect();
      await service.close();
      await backend.cleanup();
    }
  });
});
