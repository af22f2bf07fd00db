import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { releaseModels } from '@hitscreen/models';
import { SYSTEM_VIEWER, type ScreenSummary } from './contract';
import { chunkJobId, SCREEN_QUEUES, screenJobId } from './queue';
import { createScreeningService, openScreeningDatabase } from './service/screening.service';
import { startScreeningWorker, type ScreeningWorker } from './worker/screening-worker';
import { asStream, testLibrary } from './testing/library';
import {
  dropRedisClients,
  eventsUntilFinal,
  redisClients,
  testBackend,
  TEST_REDIS_URL,
  unfinishedJobs,
  until,
} from './testing/integration';

// A webhook receiver for the whole file: answers with `answers` in turn (then 200), records what it received.
let server: Server;
const received: { status: number; body: ScreenSummary }[] = [];
let answers: number[] = [];
const hookUrl = () => `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;

beforeAll(async () => {
  server = createServer((request: IncomingMessage, response) => {
    let body = '';
    request.on('data', (chunk: Buffer) => (body += chunk.toString()));
    request.on('end', () => {
      const status = answers.shift() ?? 200;
      received.push({ status, body: JSON.parse(body) as ScreenSummary });
      response.writeHead(status).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
});
afterAll(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
  await releaseModels();
});

const ALL_QUIET = {
  chunks: { waiting: 0, delayed: 0, active: 0, 'waiting-children': 0, prioritized: 0 },
  finalize: { waiting: 0, delayed: 0, active: 0, 'waiting-children': 0, prioritized: 0 },
};

describe('failure policy', () => {
  it('a chunk whose records are gone fails the screen with the reason; its remaining jobs leave the queue', async () => {
    const backend = testBackend('postgres', 8);
    const service = await createScreeningService(backend.config);
    let worker: ScreeningWorker | undefined;
    const db = await openScreeningDatabase(backend.config.databaseUrl, backend.config.databaseSchema);
    try {
      const screen = await service.submit({
        options: { models: ['esol'] },
        records: asStream(testLibrary()),
      });
      // The stored chunk disappears (a broken database, an operator's mistake): retrying cannot fix that, and
      // its rows cannot be accounted for, so the screen cannot be finished.
      await db.query('DELETE FROM library_chunk WHERE screen_id = $1 AND chunk_index = 1', [screen.id]);
      worker = await startScreeningWorker({ ...backend.config, threads: 0, concurrency: 1 });
      const events = await eventsUntilFinal(service.events(screen.id, SYSTEM_VIEWER));
      expect(events.at(-1)!.status).toBe('failed');
      const failed = (await service.get(screen.id, SYSTEM_VIEWER))!;
      expect(failed.error).toBe(
        `chunk 1 failed after 1 attempt(s): chunk 1 of screen ${screen.id} is not in the database`,
      );
      expect(failed.finishedAt).not.toBeNull();
      // Chunks 2 and 3 were still queued: removed with the flow's parent, so no worker takes them and nothing
      // waits in Redis for children that will never come.
      await until(
        async () => JSON.stringify(await unfinishedJobs(backend.config)) === JSON.stringify(ALL_QUIET),
        10_000,
        'no unfinished job',
      );
      expect(
        (await service.results(screen.id, { page: 1, pageSize: 100, sort: 'row' }, SYSTEM_VIEWER))!.items.map(
          (r) => r.row,
        ),
      ).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
      // Chunks 2 and 3 were removed, not run and skipped: a job that had run would be kept (retention).
      const connection = new Redis(TEST_REDIS_URL, { maxRetriesPerRequest: null });
      const open = (name: string) => new Queue(name, { connection, prefix: backend.config.queuePrefix });
      const [chunks, finalize] = [open(SCREEN_QUEUES.chunks), open(SCREEN_QUEUES.finalize)];
      try {
        // Chunk 1 held its lock while the screen failed: it stays, as a failed job, until retention drops it.
        expect(await (await chunks.getJob(chunkJobId(screen.id, 1)))!.getState()).toBe('failed');
        expect(await chunks.getJob(chunkJobId(screen.id, 2))).toBeUndefined();
        expect(await chunks.getJob(chunkJobId(screen.id, 3))).toBeUndefined();
        expect(await finalize.getJob(screenJobId(screen.id))).toBeUndefined();
      } finally {
        await Promise.all([chunks.close(), finalize.close()]);
        connection.disconnect();
      }
      expect((await service.get(screen.id, SYSTEM_VIEWER))!.status).toBe('failed');
    } finally {
      await worker?.close();
      await service.close();
      await db.destroy();
      await backend.cleanup();
    }
  });

  it('a chunk that keeps failing after its retries: its rows fail with the reason, the screen completes with errors', async () => {
    const backend = testBackend('postgres', 8);
    const service = await createScreeningService(backend.config);
    let worker: ScreeningWorker | undefined;
    const db = await openScreeningDatabase(backend.config.databaseUrl, backend.config.databaseSchema);
    try {
      received.length = 0;
      const screen = await service.submit({
        options: { models: ['esol'], webhookUrl: hookUrl() },
        records: asStream(testLibrary()),
      });
      // Chunk 1's stored records are corrupt: every attempt fails the same way, the other chunks are fine.
      await db.query(
        `UPDATE library_chunk SET records = 'not json' WHERE screen_id = $1 AND chunk_index = 1`,
        [screen.id],
      );
      worker = await startScreeningWorker({ ...backend.config, threads: 0, concurrency: 1 });
      const events = await eventsUntilFinal(service.events(screen.id, SYSTEM_VIEWER));
      expect(events.at(-1)).toMatchObject({ status: 'completed_with_errors', progress: 1 });

      const done = (await service.get(screen.id, SYSTEM_VIEWER))!;
      expect(done.counts).toEqual({ total: 26, done: 26, invalid: 3, failed: 8 });
      const reason = /^chunk 1 failed after 3 attempt\(s\): .*not valid JSON/;
      expect(done.error).toMatch(/^8 of 26 rows failed: chunk 1 failed after 3 attempt\(s\): /);

      const rows = (await service.results(screen.id, { page: 1, pageSize: 100, sort: 'row' }, SYSTEM_VIEWER))!
        .items;
      expect(rows.map((r) => r.row)).toEqual(Array.from({ length: 26 }, (_, i) => i + 1));
      const failed = rows.filter((r) => r.status === 'failed');
      expect(failed.map((r) => [r.row, r.id, r.rank, r.desirability])).toEqual(
        Array.from({ length: 8 }, (_, i) => [9 + i, String(9 + i), null, null]),
      );
      for (const row of failed) expect(row.error).toMatch(reason);
      // The other chunks' rows are scored and ranked as usual.
      const ok = rows.filter((r) => r.status === 'ok');
      expect(ok).toHaveLength(15);
      expect(ok.every((r) => r.desirability !== null && r.predictions.length > 0)).toBe(true);
      expect(ok.map((r) => r.rank).sort((a, b) => a! - b!)).toEqual(
        Array.from({ length: 15 }, (_, i) => i + 1),
      );
      expect(rows.filter((r) => r.status === 'invalid').map((r) => r.row)).toEqual([24, 25, 26]);

      await until(() => received.length > 0, 20_000, 'the webhook');
      expect(received[0].body).toMatchObject({
        id: screen.id,
        status: 'completed_with_errors',
        counts: done.counts,
      });
      await until(
        async () => JSON.stringify(await unfinishedJobs(backend.config)) === JSON.stringify(ALL_QUIET),
        10_000,
        'no unfinished job',
      );
    } finally {
      await worker?.close();
      await service.close();
      await db.destroy();
      await backend.cleanup();
    }
  });

  it('a chunk job lost from Redis: finalize fails its rows instead of completing without them', async () => {
    const backend = testBackend('sqlite', 8);
    const service = await createScreeningService(backend.config);
    let worker: ScreeningWorker | undefined;
    const connection = new Redis(TEST_REDIS_URL, { maxRetriesPerRequest: null });
    const chunks = new Queue(SCREEN_QUEUES.chunks, { connection, prefix: backend.config.queuePrefix });
    try {
      const screen = await service.submit({
        options: { models: ['esol'] },
        records: asStream(testLibrary()),
      });
      expect(await chunks.remove(chunkJobId(screen.id, 2))).toBe(1);
      worker = await startScreeningWorker({ ...backend.config, threads: 0, concurrency: 1 });
      const events = await eventsUntilFinal(service.events(screen.id, SYSTEM_VIEWER));
      expect(events.at(-1)).toMatchObject({
        status: 'completed_with_errors',
        counts: { total: 26, done: 26, invalid: 2, failed: 8 },
      });
      const lost = (await service.results(
        screen.id,
        {
          page: 1,
          pageSize: 100,
          filters: ['status=failed'],
        },
        SYSTEM_VIEWER,
      ))!;
      expect(lost.items.map((r) => [r.row, r.id])).toEqual(
        Array.from({ length: 8 }, (_, i) => [17 + i, `mol-${17 + i}`]),
      );
      expect(lost.items[0].error).toMatch(/^chunk 2 was never stored/);
      // Row 24 (an unparsable SMILES) is in the lost chunk: without the pipeline it is reported failed too.
      expect((await service.result(screen.id, 24, SYSTEM_VIEWER))!.status).toBe('failed');
    } finally {
      await worker?.close();
      await chunks.close();
      connection.disconnect();
      await service.close();
      await backend.cleanup();
    }
  });
});

describe('Redis connections dropped during a screen (the stand-in for a Redis restart)', () => {
  it('the worker reconnects and the screen completes, every row once', async () => {
    // The Redis server is shared with other tests, so it is not restarted: every client of this test's prefix is
    // closed on the server side instead, which is what a restart does to them (the data, on disk or not, is the
    // only difference: a restarted Redis without persistence would also have lost the queued jobs).
    const backend = testBackend('postgres', 4);
    const service = await createScreeningService(backend.config);
    let worker: ScreeningWorker | undefined;
    const logs: string[] = [];
    try {
      const screen = await service.submit({
        options: { models: ['esol'] },
        records: asStream(testLibrary()),
      });
      const finalState = eventsUntilFinal(service.events(screen.id, SYSTEM_VIEWER));
      worker = await startScreeningWorker({ ...backend.config, threads: 0, concurrency: 1 }, (line) =>
        logs.push(line),
      );
      await until(
        async () => (await service.get(screen.id, SYSTEM_VIEWER))!.counts.done >= 4,
        30_000,
        'a first chunk stored',
      );
      const doneBefore = (await service.get(screen.id, SYSTEM_VIEWER))!.counts.done;
      const dropped = await dropRedisClients(backend.config.queuePrefix!);
      expect(doneBefore).toBeLessThan(26);
      // BullMQ's worker connections (one per queue and a blocking one each), the worker's own, the service's and
      // the events subscriber.
      expect(dropped.length).toBeGreaterThanOrEqual(5);
      expect(dropped).toEqual(expect.arrayContaining([`${backend.config.queuePrefix}:hitscreen-worker`]));

      const events = await finalState;
      expect(events.at(-1)).toMatchObject({
        status: 'completed',
        counts: { total: 26, done: 26, invalid: 3, failed: 0 },
      });
      const rows = (await service.results(screen.id, { page: 1, pageSize: 100, sort: 'row' }, SYSTEM_VIEWER))!
        .items;
      expect(rows.map((r) => r.row)).toEqual(Array.from({ length: 26 }, (_, i) => i + 1));
      expect(logs.filter((l) => / chunk \d+: \d+ rows/.test(l)).length).toBeGreaterThanOrEqual(7);
      // The clients came back under their names.
      await until(
        async () => (await redisClients(backend.config.queuePrefix!)).length >= 5,
        10_000,
        'reconnected clients',
      );
    } finally {
      await worker?.close();
      await service.close();
      await backend.cleanup();
    }
  });
});

describe('webhook', () => {
  it('POSTs the final summary, retrying a receiver that fails', async () => {
    answers = [503, 200];
    received.length = 0;
    const backend = testBackend('sqlite', 16);
    const service = await createScreeningService(backend.config);
    const worker = await startScreeningWorker({ ...backend.config, threads: 0, concurrency: 1 });
    try {
      const screen = await service.submit({
        options: { models: ['esol'], webhookUrl: hookUrl() },
        records: asStream(testLibrary().slice(0, 5)),
      });
      await eventsUntilFinal(service.events(screen.id, SYSTEM_VIEWER));
      const deadline = Date.now() + 20_000;
      while (received.length < 2 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
      expect(received.map((r) => r.status)).toEqual([503, 200]);
      expect(received[1].body).toMatchObject({
        id: screen.id,
        status: 'completed',
        counts: { total: 5, done: 5 },
      });
    } finally {
      await worker.close();
      await service.close();
      await backend.cleanup();
    }
  });
});
