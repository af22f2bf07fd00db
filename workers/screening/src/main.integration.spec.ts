import { randomBytes } from 'node:crypto';
import { dropSchema } from '@hitscreen/db';
import {
  createScreeningService,
  SYSTEM_VIEWER,
  type ScreeningService,
  type ScreenProgressEvent,
} from '@hitscreen/screening';
import {
  buildBundles,
  deleteRedisKeys,
  startWorkerProcess,
  unfinishedJobs,
  until,
  type WorkerProcess,
} from '@hitscreen/screening/testing';

// Two real worker processes from the esbuild bundle (as `npm run start:worker` runs them) share one screen on
// PostgreSQL and Redis. This also proves the bundle finds the models and the chemistry data from dist/.
const POSTGRES_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
const tag = randomBytes(4).toString('hex');
const config = {
  databaseUrl: POSTGRES_URL,
  databaseSchema: `worker_${tag}`,
  redisUrl: REDIS_URL,
  queuePrefix: `test-worker-${tag}`,
  chunkSize: 4,
};

/** A worker process of the bundle on this spec's back end; its lines also go to a temp file for CI post-mortems. */
const startWorker = (extraEnv: Record<string, string> = {}) => startWorkerProcess(config, extraEnv);

async function* molecules() {
  const smiles = [
    'CC(=O)Oc1ccccc1C(=O)O',
    'CC(C)Cc1ccc(cc1)C(C)C(=O)O',
    'CN1C=NC2=C1C(=O)N(C(=O)N2C)C',
    'CC(=O)Nc1ccc(O)cc1',
    'CN1CCC[C@H]1c1cccnc1',
    'COc1ccc2[nH]cc(CCNC(C)=O)c2c1',
    'OC(=O)c1ccccc1O',
    'CCN(CC)CCOC(=O)c1ccc(N)cc1',
    'CN(C)CCCN1c2ccccc2CCc2ccccc21',
    'NC(=O)c1cnccn1',
    'O=c1cc(-c2ccccc2)oc2ccccc12',
    'c1ccc2ccccc2c1',
    'CC(C)NCC(O)COc1cccc2ccccc12',
    'CN1C(=O)CN=C(c2ccccc2)c2cc(Cl)ccc21',
    '[Na+].CC(=O)Oc1ccccc1C(=O)[O-]',
    'C1CC(',
  ];
  for (const [i, structure] of smiles.entries())
    yield { record: i + 1, id: `w${i + 1}`, structure, fields: {} };
}

describe('two worker processes share one screen', () => {
  let service: ScreeningService;
  const workers: WorkerProcess[] = [];

  beforeAll(async () => {
    buildBundles();
    service = await createScreeningService(config);
  });
  // A test that failed half-way leaves its workers running: they would take the next test's chunks.
  afterEach(async () => {
    const running = workers.filter((w) => w.child.exitCode === null && w.child.signalCode === null);
    for (const w of running) w.child.kill('SIGKILL');
    await Promise.all(running.map((w) => w.exited));
  });
  afterAll(async () => {
    await service?.close();
    await deleteRedisKeys(`${config.queuePrefix}*`);
    await dropSchema(POSTGRES_URL, config.databaseSchema);
  });

  it('both take chunks; every row lands once; SIGTERM closes them cleanly', async () => {
    workers.push(startWorker(), startWorker());
    await until(
      () => workers.every((w) => w.output.some((l) => l.includes('ready'))),
      30_000,
      'workers ready',
    );
    const screen = await service.submit({ options: { models: ['esol'] }, records: molecules() });
    const events: ScreenProgressEvent[] = [];
    for await (const event of service.events(screen.id, SYSTEM_VIEWER)) events.push(event);
    expect(events.at(-1)).toMatchObject({ status: 'completed', counts: { total: 16, done: 16, invalid: 1 } });

    const chunksBy = workers.map((w) => w.output.filter((l) => /chunk \d+: \d+ rows/.test(l)).length);
    expect(chunksBy[0] + chunksBy[1]).toBe(4);
    expect(chunksBy.every((n) => n > 0)).toBe(true);
    const rows = [];
    for await (const row of service.exportRows(screen.id, SYSTEM_VIEWER)) rows.push(row.row);
    expect(rows).toEqual(Array.from({ length: 16 }, (_, i) => i + 1));

    for (const w of workers) w.child.kill('SIGTERM');
    expect(await Promise.all(workers.map((w) => w.exited))).toEqual([0, 0]);
  });

  it('a worker killed in the middle of a chunk: another takes the chunk over, no row missing or duplicated', async () => {
    // A short lock so the takeover happens within the test (the default is 60 s), on queues of this test's own:
    // the stalled-job check runs at most once per interval per queue, and the first test's workers (60 s locks)
    // left that interval's marker on the shared queues, which delayed the takeover by up to a minute.
    const queuePrefix = `${config.queuePrefix}-takeover`;
    const fast = { WORKER_LOCK_MS: '3000', QUEUE_PREFIX: queuePrefix };
    const takeover = await createScreeningService({ ...config, queuePrefix });
    const doomed = startWorker(fast);
    workers.push(doomed);
    await until(() => doomed.output.some((l) => l.includes('ready')), 30_000, 'first worker ready');
    const screen = await takeover.submit({ options: { models: ['esol'] }, records: molecules() });
    // Its thread is loading the models and computing chunk 0 now: kill it without any chance to clean up.
    await until(
      async () => (await takeover.get(screen.id, SYSTEM_VIEWER))!.status === 'running',
      30_000,
      'chunk taken',
    );
    doomed.child.kill('SIGKILL');
    await doomed.exited;
    expect((await takeover.get(screen.id, SYSTEM_VIEWER))!.counts.done).toBe(0);

    const rescuer = startWorker(fast);
    workers.push(rescuer);
    const events: ScreenProgressEvent[] = [];
    for await (const event of takeover.events(screen.id, SYSTEM_VIEWER)) events.push(event);
    expect(events.at(-1)).toMatchObject({ status: 'completed', counts: { total: 16, done: 16, invalid: 1 } });
    expect(rescuer.output.filter((l) => /chunk \d+: \d+ rows/.test(l))).toHaveLength(4);
    const rows = [];
    for await (const row of takeover.exportRows(screen.id, SYSTEM_VIEWER)) rows.push(row.row);
    expect(rows).toEqual(Array.from({ length: 16 }, (_, i) => i + 1));
    rescuer.child.kill('SIGTERM');
    expect(await rescuer.exited).toBe(0);
    await takeover.close();
  });

  it('a cancel while a chunk computes: the worker stops within seconds, no row arrives, nothing stays queued', async () => {
    // One chunk of 400 molecules through all six models on one thread: several seconds of work (about 36
    // molecules/s), so the cancel lands in the middle of it.
    const big = await createScreeningService({ ...config, chunkSize: 400 });
    const worker = startWorker();
    workers.push(worker);
    try {
      await until(() => worker.output.some((l) => l.includes('ready')), 30_000, 'worker ready');
      async function* library() {
        let record = 0;
        for (let round = 0; round < 25; round++)
          for await (const m of molecules()) yield { ...m, record: ++record, id: `c${record}` };
      }
      const screen = await big.submit({ options: {}, records: library() });
      expect(screen.counts.total).toBe(400);
      await until(async () => (await big.queueStats()).active === 1, 30_000, 'the chunk taken');
      await new Promise((resolve) => setTimeout(resolve, 1500));
      expect((await big.get(screen.id, SYSTEM_VIEWER))!.counts.done).toBe(0);

      const cancelledAt = Date.now();
      expect((await big.cancel(screen.id, SYSTEM_VIEWER))!.status).toBe('cancelled');
      await until(
        () => worker.output.some((l) => /chunk 0: stopped after \d+ ms, screen cancelled/.test(l)),
        30_000,
        'the chunk stopped',
      );
      const stoppedWithin = Date.now() - cancelledAt;
      console.log(`cancel during a chunk: the worker stopped ${stoppedWithin} ms after the cancel`);
      if (process.env.E2E_LOG) console.log(worker.output.join('\n'));
      // The cancel takes effect after the batch in flight (50 molecules × six models: ~1.5 s on an idle core,
      // 10-15 s when npm test runs suites in parallel on two cores); "within seconds" with that margin. That
      // the chunk really stopped, rather than finished, is checked below: no row ever arrives.
      expect(stoppedWithin).toBeLessThan(20_000);

      await until(async () => (await big.queueStats()).active === 0, 10_000, 'no active job');
      expect(await unfinishedJobs(config)).toEqual({
        chunks: { waiting: 0, delayed: 0, active: 0, 'waiting-children': 0, prioritized: 0 },
        finalize: { waiting: 0, delayed: 0, active: 0, 'waiting-children': 0, prioritized: 0 },
      });
      await new Promise((resolve) => setTimeout(resolve, 1500));
      const after = (await big.get(screen.id, SYSTEM_VIEWER))!;
      expect(after).toMatchObject({ status: 'cancelled', counts: { total: 400, done: 0 } });
      expect((await big.results(screen.id, { page: 1, pageSize: 10 }, SYSTEM_VIEWER))!.total).toBe(0);
      expect(worker.output.filter((l) => /chunk \d+: \d+ rows/.test(l))).toEqual([]);
    } finally {
      worker.child.kill('SIGTERM');
      await worker.exited;
      await big.close();
    }
  });
});
