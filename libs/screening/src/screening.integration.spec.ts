import { Queue, QueueEvents } from 'bullmq';
import { Redis } from 'ioredis';
import { releaseModels } from '@hitscreen/models';
import {
  QueryError,
  SubmissionError,
  SYSTEM_VIEWER,
  type ResultRow,
  type ResultsQuery,
  type ScreeningService,
  type ScreenSummary,
} from './contract';
import { createScreeningService, openScreeningDatabase } from './service/screening.service';
import { startScreeningWorker, type ScreeningWorker } from './worker/screening-worker';
import { SCREEN_QUEUES } from './queue';
import { ResultStore } from './store';
import { asStream, testLibrary } from './testing/library';
import {
  eventsUntilFinal,
  testBackend,
  TEST_REDIS_URL,
  unfinishedJobs,
  type TestBackend,
} from './testing/integration';

const MODELS = ['esol', 'bbbp'];
const collect = async <T>(items: AsyncIterable<T>) => {
  const out: T[] = [];
  for await (const item of items) out.push(item);
  return out;
};

describe.each(['postgres', 'sqlite'] as const)('screening service on %s and Redis', (dialect) => {
  let backend: TestBackend;
  let service: ScreeningService;
  let worker: ScreeningWorker;
  let screen: ScreenSummary;

  beforeAll(async () => {
    backend = testBackend(dialect, 8);
    service = await createScreeningService(backend.config);
    worker = await startScreeningWorker({ ...backend.config, threads: 0, concurrency: 1 });
  });
  afterAll(async () => {
    await worker?.close();
    await service?.close();
    await backend.cleanup();
    await releaseModels();
  });

  it('screens a library to completion: counts, reasons, progress events', async () => {
    screen = await service.submit({
      options: { name: 'integration', models: MODELS },
      records: asStream(testLibrary()),
    });
    expect(screen).toMatchObject({ name: 'integration', status: 'queued', counts: { total: 26, done: 0 } });
    expect(screen.models).toEqual([
      { name: 'esol', version: '1.0.0' },
      { name: 'bbbp', version: '1.0.0' },
    ]);
    const events = await eventsUntilFinal(service.events(screen.id, SYSTEM_VIEWER));
    expect(events.at(-1)).toMatchObject({ status: 'completed', progress: 1 });
    expect(events.map((e) => e.counts.done)).toEqual(
      [...events.map((e) => e.counts.done)].sort((a, b) => a - b),
    );

    const done = (await service.get(screen.id, SYSTEM_VIEWER))!;
    expect(done).toMatchObject({
      status: 'completed',
      counts: { total: 26, done: 26, invalid: 3, failed: 0 },
    });
    expect(done.startedAt).not.toBeNull();
    expect(done.finishedAt! >= done.startedAt!).toBe(true);

    const invalid = await service.results(
      screen.id,
      { page: 1, pageSize: 10, filters: ['status=invalid'] },
      SYSTEM_VIEWER,
    );
    expect(invalid!.items.map((r) => [r.row, r.status, r.rank, r.desirability])).toEqual([
      [24, 'invalid', null, null],
      [25, 'invalid', null, null],
      [26, 'invalid', null, null],
    ]);
    expect(invalid!.items[0].error).toMatch(/SMILES Parse Error/);
    expect(invalid!.items[1].error).toMatch(/valence/i);
    expect(invalid!.items[2].error).toBe('CSV row 26 has no SMILES value');

    const salt = (await service.result(screen.id, 23, SYSTEM_VIEWER))!;
    expect(salt).toMatchObject({ id: 'mol-23', status: 'ok', parentSmiles: 'CC(=O)Oc1ccccc1C(=O)O' });
    const aspirin = (await service.result(screen.id, 1, SYSTEM_VIEWER))!;
    expect(salt.inchikey).toBe(aspirin.inchikey);
    expect(salt.predictions).toEqual(aspirin.predictions);
  });

  it('sorts by any score key and filters in SQL; bad queries are QueryErrors', async () => {
    const all = await service.results(screen.id, { page: 1, pageSize: 100, sort: '-score' }, SYSTEM_VIEWER);
    expect(all!.total).toBe(26);
    const ranked = all!.items.filter((r) => r.status === 'ok');
    expect(ranked.map((r) => r.rank)).toEqual(ranked.map((_, i) => i + 1));
    const scores = ranked.map((r) => r.desirability!);
    expect(scores).toEqual([...scores].sort((a, b) => b - a));
    expect(all!.items.slice(23).every((r) => r.status === 'invalid')).toBe(true);

    const page2 = await service.results(screen.id, { page: 2, pageSize: 5, sort: '-score' }, SYSTEM_VIEWER);
    expect(page2!.items.map((r) => r.row)).toEqual(all!.items.slice(5, 10).map((r) => r.row));

    // Best first on a finished screen reads the rank index (and the screen's total); `-score,row` is the same
    // order through the general path (sort on desirability, count the rows): the two must agree row for row.
    const general = await service.results(
      screen.id,
      { page: 1, pageSize: 100, sort: '-score,row' },
      SYSTEM_VIEWER,
    );
    expect(all).toEqual(general);
    const deepGeneral = await service.results(
      screen.id,
      { page: 3, pageSize: 7, sort: '-desirability,row' },
      SYSTEM_VIEWER,
    );
    expect(
      await service.results(screen.id, { page: 3, pageSize: 7, sort: '-desirability' }, SYSTEM_VIEWER),
    ).toEqual(deepGeneral);

    const bySolubility = await service.results(
      screen.id,
      {
        page: 1,
        pageSize: 100,
        sort: 'esol.log_solubility_mol_per_l',
      },
      SYSTEM_VIEWER,
    );
    const logS = bySolubility!.items
      .filter((r) => r.status === 'ok')
      .map((r) => r.predictions.find((p) => p.key === 'esol.log_solubility_mol_per_l')!.value);
    expect(logS).toEqual([...logS].sort((a, b) => a - b));

    const check = async (filters: string[], predicate: (r: ResultRow) => boolean) => {
      const page = (await service.results(screen.id, { page: 1, pageSize: 100, filters }, SYSTEM_VIEWER))!;
      const expected = all!.items
        .filter(predicate)
        .map((r) => r.row)
        .sort((a, b) => a - b);
      expect(page.items.map((r) => r.row)).toEqual(expected);
      expect(page.total).toBe(expected.length);
      return expected.length;
    };
    const ok = (r: ResultRow) => r.status === 'ok';
    expect(await check(['qed>=0.5'], (r) => ok(r) && (r.properties.qed as number) >= 0.5)).toBeGreaterThan(3);
    expect(await check(['alerts=none'], (r) => ok(r) && r.alerts.length === 0)).toBeGreaterThan(3);
    expect(await check(['alerts>0'], (r) => ok(r) && r.alerts.length > 0)).toBeGreaterThan(0);
    await check(['in_domain=true'], (r) => ok(r) && r.domain.every((d) => d.inDomain));
    await check(
      ['bbbp.p_np<0.5', 'mol_wt>150'],
      (r) =>
        ok(r) &&
        r.predictions.find((p) => p.key === 'bbbp.p_np')!.value < 0.5 &&
        (r.properties.mol_wt as number) > 150,
    );

    const bad = (query: { sort?: string; filters?: string[]; pageSize?: number }) =>
      service.results(screen.id, { page: 1, pageSize: 10, ...query }, SYSTEM_VIEWER);
    await expect(bad({ sort: '-potency' })).rejects.toThrow(QueryError);
    await expect(bad({ filters: ['tox_max<0.3'] })).rejects.toThrow(/unknown key "tox_max"/);
    await expect(bad({ filters: ['qed>>0.5'] })).rejects.toThrow(/not a number/);
    await expect(bad({ filters: ['qed'] })).rejects.toThrow(/malformed filter/);
    await expect(bad({ filters: ['qed>=0.5;DROP TABLE screen'] })).rejects.toThrow(QueryError);
    await expect(bad({ pageSize: 0 })).rejects.toThrow(/pageSize/);
    expect(await service.results('no-such-screen', { page: 1, pageSize: 10 }, SYSTEM_VIEWER)).toBeNull();
  });

  it('the indexed paths of a final screen (rank window, order cache) equal the general path, page by page', async () => {
    const db = await openScreeningDatabase(backend.config.databaseUrl, backend.config.databaseSchema);
    try {
      const [{ score_keys }] = (await db.query(
        `SELECT score_keys FROM screen WHERE id = '${screen.id}'`,
      )) as {
        score_keys: string;
      }[];
      const keys = new Set(JSON.parse(score_keys) as string[]);
      // An order cache that holds one query's order at a time, to take the eviction path as well.
      const store = new ResultStore(db, 4 * 26);
      const queries: Omit<ResultsQuery, 'page' | 'pageSize'>[] = [
        { sort: '-score' },
        { sort: '-desirability' },
        { sort: 'qed' },
        { sort: '-esol.log_solubility_mol_per_l,mol_wt' },
        { filters: ['qed>=0.5'] },
        { sort: '-score', filters: ['alerts=none'] },
        { sort: 'row', filters: ['status=invalid'] },
      ];
      for (const query of queries)
        for (const pageSize of [7, 23, 100])
          for (let page = 1; page <= Math.ceil(26 / pageSize) + 1; page++) {
            const q = { ...query, page, pageSize };
            const general = await store.page(screen.id, q, keys);
            const indexed = await store.page(screen.id, q, keys, { rows: 26 });
            expect({ q, ...indexed }).toEqual({ q, ...general });
          }
    } finally {
      await db.destroy();
    }
  });

  it('exports every row once, in row order, equal to the results', async () => {
    const exported = await collect(service.exportRows(screen.id, SYSTEM_VIEWER));
    expect(exported.map((r) => r.row)).toEqual(Array.from({ length: 26 }, (_, i) => i + 1));
    const byRow = await service.results(screen.id, { page: 1, pageSize: 100 }, SYSTEM_VIEWER);
    expect(exported).toEqual(byRow!.items);
  });

  it('answers a viewer who may not see the screen as if it did not exist, on every read and the cancel', async () => {
    // The screen has no owner (submitted by the operator): only SYSTEM_VIEWER and admins (`all`) see it.
    const stranger = { owner: 'user:stranger', team: 'chemistry' };
    expect(await service.get(screen.id, stranger)).toBeNull();
    expect((await service.list(1, 100, stranger)).items.map((s) => s.id)).not.toContain(screen.id);
    expect(await service.results(screen.id, { page: 1, pageSize: 10 }, stranger)).toBeNull();
    expect(await service.result(screen.id, 1, stranger)).toBeNull();
    expect(await collect(service.exportRows(screen.id, stranger))).toEqual([]);
    expect(await collect(service.events(screen.id, stranger))).toEqual([]);
    expect(await service.cancel(screen.id, stranger)).toBeNull();
    const admin = { owner: 'user:admin', team: null, all: true };
    expect((await service.result(screen.id, 1, admin))!.row).toBe(1);
    expect((await service.get(screen.id, SYSTEM_VIEWER))!.status).toBe('completed');
  });

  it('reruns a chunk without duplicating or losing rows', async () => {
    const db = await openScreeningDatabase(backend.config.databaseUrl, backend.config.databaseSchema);
    const connection = new Redis(TEST_REDIS_URL, { maxRetriesPerRequest: null });
    const queue = new Queue(SCREEN_QUEUES.chunks, { connection, prefix: backend.config.queuePrefix });
    const events = new QueueEvents(SCREEN_QUEUES.chunks, {
      connection: { url: TEST_REDIS_URL },
      prefix: backend.config.queuePrefix,
    });
    try {
      await events.waitUntilReady();
      // Reopen the screen as if a stalled job were taken over after its rows had already landed.
      await db.query(`UPDATE screen SET status = 'running' WHERE id = '${screen.id}'`);
      const job = await queue.add(
        'screen-chunk',
        { screenId: screen.id, chunk: 1 },
        { jobId: `rerun-${screen.id}` },
      );
      expect(await job.waitUntilFinished(events, 30_000)).toEqual({ rows: 8 });
      const after = (await service.get(screen.id, SYSTEM_VIEWER))!;
      expect(after.counts).toEqual({ total: 26, done: 26, invalid: 3, failed: 0 });
      expect((await collect(service.exportRows(screen.id, SYSTEM_VIEWER))).map((r) => r.row)).toEqual(
        Array.from({ length: 26 }, (_, i) => i + 1),
      );
    } finally {
      await db.query(`UPDATE screen SET status = 'completed' WHERE id = '${screen.id}'`);
      await events.close();
      await queue.close();
      connection.disconnect();
      await db.destroy();
    }
  });

  it('refuses bad submissions and leaves nothing behind', async () => {
    const before = (await service.list(1, 100, SYSTEM_VIEWER)).total;
    await expect(
      service.submit({ options: { models: ['esol', 'nope'] }, records: asStream(testLibrary()) }),
    ).rejects.toThrow(/unknown model\(s\) nope/);
    await expect(
      service.submit({
        options: { models: ['esol'], weights: { 'bbbp.p_np': 1 } },
        records: asStream(testLibrary()),
      }),
    ).rejects.toThrow(/not a desirability term/);
    await expect(service.submit({ options: {}, records: asStream([]) })).rejects.toThrow(SubmissionError);
    expect((await service.list(1, 100, SYSTEM_VIEWER)).total).toBe(before);
  });

  it('lists screens newest first and reports health and queue depth', async () => {
    const list = await service.list(1, 10, SYSTEM_VIEWER);
    expect(list.items[0].id).toBe(screen.id);
    expect(await service.health()).toEqual({ database: true, redis: true, errors: {} });
    const stats = await service.queueStats();
    expect(stats).toMatchObject({ waiting: 0, active: 0, failed: 0 });
  });

  it('totals every screen in stats(): screens by status, rows by status, chunks and their durations', async () => {
    const stats = await service.stats();
    expect(stats.screens).toEqual({
      queued: 0,
      running: 0,
      completed: 1,
      completed_with_errors: 0,
      failed: 0,
      cancelled: 0,
    });
    expect(stats.molecules).toEqual({ ok: 23, invalid: 3, failed: 0 });
    // 26 records in chunks of 8; chunk 1 ran twice (the rerun above), each time at its first attempt.
    expect(stats.chunks).toEqual({ pending: 0, done: 4, failed: 0 });
    expect(stats.chunkRetries).toBe(0);
    expect(stats.chunkDurations.count).toBe(4);
    expect(stats.chunkDurations.sumSeconds).toBeGreaterThan(0);
    expect(stats.chunkDurations.buckets.at(-1)).toEqual({ le: 600, count: 4 });
  });
});

describe('cancellation', () => {
  it('removes pending chunks; a worker started afterwards stores nothing', async () => {
    const backend = testBackend('postgres', 4);
    const service = await createScreeningService(backend.config);
    let worker: ScreeningWorker | undefined;
    try {
      const screen = await service.submit({
        options: { models: ['esol'] },
        records: asStream(testLibrary()),
      });
      expect((await service.queueStats()).waiting).toBe(7);
      // A consumer that stops early (an SSE client gone) is released at once, not at the next change.
      const follower = service.events(screen.id, SYSTEM_VIEWER)[Symbol.asyncIterator]();
      expect((await follower.next()).value).toMatchObject({ status: 'queued' });
      const stopping = Date.now();
      await follower.return!();
      expect(Date.now() - stopping).toBeLessThan(1000);
      const cancelled = await service.cancel(screen.id, SYSTEM_VIEWER);
      expect(cancelled).toMatchObject({ status: 'cancelled' });
      expect(cancelled!.finishedAt).not.toBeNull();
      expect((await service.queueStats()).waiting).toBe(0);
      // The flow's parent goes too: nothing of the screen is left waiting in Redis.
      expect(await unfinishedJobs(backend.config)).toEqual({
        chunks: { waiting: 0, delayed: 0, active: 0, 'waiting-children': 0, prioritized: 0 },
        finalize: { waiting: 0, delayed: 0, active: 0, 'waiting-children': 0, prioritized: 0 },
      });
      worker = await startScreeningWorker({ ...backend.config, threads: 0 });
      await new Promise((resolve) => setTimeout(resolve, 1500));
      expect((await service.results(screen.id, { page: 1, pageSize: 10 }, SYSTEM_VIEWER))!.total).toBe(0);
      expect(await eventsUntilFinal(service.events(screen.id, SYSTEM_VIEWER))).toEqual([
        expect.objectContaining({
          status: 'cancelled',
          counts: { total: 26, done: 0, invalid: 0, failed: 0 },
        }),
      ]);
      // Cancelling again changes nothing.
      expect((await service.cancel(screen.id, SYSTEM_VIEWER))!.status).toBe('cancelled');
    } finally {
      await worker?.close();
      await service.close();
      await backend.cleanup();
    }
  });
});
