/**
 * A chunk that keeps failing, end to end through HTTP (SQLite, real Redis, a worker): the screen ends
 * `completed_with_errors`, the failed rows carry the reason, the rest is ranked, and /metrics counts the failed
 * chunk and its retries. The fault is real: the chunk's stored records are corrupted in the database before the
 * worker starts, so every attempt fails the same way.
 */
import { openScreeningDatabase, type ResultRow } from '@hitscreen/screening';
import type { Caller } from './e2e-access';
import { DRUGS, finalScreen, startStack, type E2eStack } from './e2e-backend';

let stack: E2eStack;
/** Every request is a signed-in chemist's (e2e-access.ts). */
let chemist: Caller;

beforeAll(async () => {
  stack = await startStack({}, { maxMolecules: 100 }, 'sqlite', { worker: false });
  chemist = stack.people.as.chemist;
});
afterAll(async () => {
  await stack?.close();
});

const final = (id: string, timeoutMs?: number) => finalScreen(chemist, id, timeoutMs);

it('a chunk failing after its retries: completed_with_errors over HTTP, reasons on the rows, counted on /metrics', async () => {
  const molecules = DRUGS.slice(0, 14).map(([id, smiles]) => ({ id, smiles }));
  const res = await chemist
    .post('/screens')
    .send({ molecules, options: { models: ['esol'] } })
    .expect(202);
  const db = await openScreeningDatabase(stack.config.databaseUrl);
  try {
    await db.query(`UPDATE library_chunk SET records = 'not json' WHERE screen_id = ? AND chunk_index = 1`, [
      res.body.id,
    ]);
  } finally {
    await db.destroy();
  }
  await stack.startWorker();

  const screen = await final(res.body.id);
  expect(screen).toMatchObject({
    status: 'completed_with_errors',
    counts: { total: 14, done: 14, invalid: 0, failed: 6 },
    progress: 1,
  });
  expect(screen.error).toMatch(/^6 of 14 rows failed: chunk 1 failed after 3 attempt\(s\): .*not valid JSON/);

  const failed = await chemist.get(`/screens/${screen.id}/results?filter=status=failed`).expect(200);
  expect(failed.body.items.map((r: ResultRow) => r.row)).toEqual([9, 10, 11, 12, 13, 14]);
  for (const row of failed.body.items as ResultRow[])
    expect(row).toMatchObject({
      status: 'failed',
      rank: null,
      error: expect.stringMatching(/^chunk 1 failed/),
    });
  const ranked = await chemist.get(`/screens/${screen.id}/results?sort=rank&filter=status=ok`).expect(200);
  expect(ranked.body.items.map((r: ResultRow) => r.rank)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);

  const metrics = (await chemist.get('/metrics').expect(200)).text;
  expect(metrics).toMatch(/^hitscreen_screens\{status="completed_with_errors"\} 1$/m);
  expect(metrics).toMatch(/^hitscreen_chunks\{status="failed"\} 1$/m);
  expect(metrics).toMatch(/^hitscreen_chunks\{status="done"\} 1$/m);
  expect(metrics).toMatch(/^hitscreen_chunk_retries_total 2$/m);
  expect(metrics).toMatch(/^hitscreen_molecules_processed_total\{status="failed"\} 6$/m);
  expect(metrics).toMatch(/^hitscreen_molecules_processed_total\{status="ok"\} 8$/m);
});
