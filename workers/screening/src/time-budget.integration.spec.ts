import { randomBytes } from 'node:crypto';
import { dropSchema } from '@hitscreen/db';
import { createScreeningService, SYSTEM_VIEWER, type ScreeningService } from '@hitscreen/screening';
import {
  buildBundles,
  deleteRedisKeys,
  SLOW_NANOTORUS,
  startWorkerProcess,
  stopWorkerProcess,
  testLibrary,
  until,
} from '@hitscreen/screening/testing';

// A worker process from the esbuild bundle (as `npm run start:worker` runs it) with short time budgets, on
// PostgreSQL and Redis: a molecule that keeps RDKit busy for two minutes fails alone and the screen completes.
const POSTGRES_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
const tag = randomBytes(4).toString('hex');
const config = {
  databaseUrl: POSTGRES_URL,
  databaseSchema: `budget_${tag}`,
  redisUrl: REDIS_URL,
  queuePrefix: `test-budget-${tag}`,
  chunkSize: 20,
};

describe('screening worker process: per-molecule time budget', () => {
  let service: ScreeningService;

  beforeAll(async () => {
    buildBundles();
    service = await createScreeningService(config);
  });
  afterAll(async () => {
    await service?.close();
    await deleteRedisKeys(`${config.queuePrefix}:*`);
    await dropSchema(POSTGRES_URL, config.databaseSchema);
  });

  it('the slow molecule is `failed` with the budget as its reason; the rest of its chunk is scored and ranked', async () => {
    const worker = startWorkerProcess(config, {
      MOLECULE_TIME_BUDGET_MS: '2000',
      BATCH_TIME_BUDGET_MS: '5000',
    });
    const { output } = worker;
    try {
      await until(() => output.some((l) => l.includes('ready')), 30_000, 'worker ready');
      expect(output.find((l) => l.includes('ready'))).toContain(
        'time budgets 2000 ms a molecule, 5000 ms a batch',
      );
      const library = testLibrary().slice(0, 12);
      const records = [
        ...library.slice(0, 6),
        { record: 7, id: 'nanotorus', structure: SLOW_NANOTORUS, fields: {} },
        ...library.slice(6).map((r, i) => ({ ...r, record: 8 + i })),
      ];
      async function* stream() {
        yield* records;
      }
      const started = Date.now();
      const screen = await service.submit({ options: { models: ['esol'] }, records: stream() });
      const finished = async () =>
        ['completed', 'completed_with_errors', 'failed'].includes(
          (await service.get(screen.id, SYSTEM_VIEWER))!.status,
        );
      await until(finished, 150_000, 'screen finished');
      console.log(
        `a 13-molecule screen with a two-minute molecule, through a worker process: ${Date.now() - started} ms`,
      );
      const done = (await service.get(screen.id, SYSTEM_VIEWER))!;
      expect(done).toMatchObject({ counts: { total: 13, done: 13, failed: 1 } });
      const rows = [];
      for await (const row of service.exportRows(screen.id, SYSTEM_VIEWER)) rows.push(row);
      expect(rows.map((r) => r.row).sort((a, b) => a - b)).toEqual(records.map((r) => r.record));
      expect(rows.find((r) => r.id === 'nanotorus')).toMatchObject({
        status: 'failed',
        error: 'exceeded the per-molecule time budget of 2000 ms',
        rank: null,
      });
      const ranked = rows.filter((r) => r.rank !== null);
      expect(ranked.length).toBe(12);
      expect(ranked.map((r) => r.rank!).sort((a, b) => a - b)).toEqual(
        Array.from({ length: 12 }, (_, i) => i + 1),
      );
      expect(
        output.some((l) => /chunk 0: 13 rows in \d+ ms, 1 over the per-molecule time budget/.test(l)),
      ).toBe(true);
      // Counted in Redis for the API's /metrics: the batch of 13 stopped at 5 s, then the nanotorus alone at 2 s,
      // each a terminated thread with its stop latency.
      await until(
        async () => (await service.timeBudgetStats()).threadsStopped === 2,
        10_000,
        'two thread stops counted',
      );
      const budgets = await service.timeBudgetStats();
      console.log(`time-budget counters after the screen: ${JSON.stringify(budgets)}`);
      expect(budgets).toMatchObject({ batchesOverBudget: 1, moleculesOverBudget: 1, threadsStopped: 2 });
      expect(budgets.stopLatency.count).toBe(2);
      // Cumulative buckets (a stop counted in every bucket at or above its latency), all within the two stops.
      const counts = budgets.stopLatency.buckets.map((b) => b.count);
      expect(counts).toEqual([...counts].sort((a, b) => a - b));
      expect(Math.max(...counts)).toBeLessThanOrEqual(2);
      expect(budgets.stopLatency.sumSeconds).toBeGreaterThanOrEqual(0);
    } finally {
      await stopWorkerProcess(worker);
    }
  }, 240_000);
});
