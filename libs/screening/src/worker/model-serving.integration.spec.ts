// Serving from the model registry: a screen records the production version at submit, its chunks load exactly
// that version's registered files (checked against their SHA-256), a promotion changes the next screen without a
// restart, and a changed file fails the chunks that would have scored with it, naming the file.
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ModelRegistry } from '@hitscreen/model-registry';
import { loadModel, modelsDir, releaseModels, scoreSmiles } from '@hitscreen/models';
import { SYSTEM_VIEWER, type ResultRow, type ScreeningService, type ScreenSummary } from '../contract';
import { LocalScreening } from '../local/local-screening';
import { createScreeningService } from '../service/screening.service';
import { eventsUntilFinal, testBackend, type TestBackend } from '../testing/integration';
import { asStream, testLibrary } from '../testing/library';
import { startScreeningWorker, type ScreeningWorker } from './screening-worker';

const TASK = 'esol.log_solubility_mol_per_l';
const modelRoot = mkdtempSync(join(tmpdir(), 'model-serving-'));

/**
 * A copy of the committed ESOL model as `version`, with its applicability-domain threshold set to `threshold`:
 * the same ensemble (so it passes the promotion gate, equal RMSE), but rows scored with it say `in_domain`
 * differently, so every row shows which version's files scored it.
 */
function esolVersion(version: string, threshold: number): string {
  const dir = join(modelRoot, `esol-${version}`);
  cpSync(join(modelsDir(), 'esol'), dir, { recursive: true });
  const card = JSON.parse(readFileSync(join(dir, 'card.json'), 'utf8')) as {
    domain: Record<string, unknown>;
  };
  writeFileSync(
    join(dir, 'card.json'),
    JSON.stringify({ ...card, version, domain: { ...card.domain, threshold } }, null, 2),
  );
  return dir;
}

async function collectRows(rows: AsyncIterable<ResultRow>): Promise<ResultRow[]> {
  const out: ResultRow[] = [];
  for await (const row of rows) out.push(row);
  return out.sort((a, b) => a.row - b.row);
}
const rowsOf = (service: ScreeningService, id: string) => collectRows(service.exportRows(id, SYSTEM_VIEWER));

/** Each ok row's ESOL prediction and domain against what the model in `dir` gives its input. */
async function expectScoredBy(rows: ResultRow[], dir: string): Promise<void> {
  const ok = rows.filter((r) => r.status === 'ok');
  expect(ok.length).toBeGreaterThan(20);
  const model = await loadModel(dir);
  const expected = await scoreSmiles(
    model,
    ok.map((r) => r.input),
  );
  ok.forEach((row, i) => {
    const prediction = row.predictions.find((p) => p.key === TASK)!;
    expect(prediction.value).toBeCloseTo(expected[i].predictions![0].value, 5);
    expect(row.domain).toEqual([
      {
        model: 'esol',
        maxSimilarity: expect.closeTo(expected[i].domain!.maxSimilarity, 6),
        inDomain: expected[i].domain!.inDomain,
      },
    ]);
  });
}

const inDomainCount = (rows: ResultRow[]) => rows.filter((r) => r.domain[0]?.inDomain).length;

afterAll(async () => {
  await releaseModels();
  rmSync(modelRoot, { recursive: true, force: true });
});

describe('serving models from the registry (PostgreSQL, Redis, in-process worker)', () => {
  let backend: TestBackend;
  let service: ScreeningService;
  let worker: ScreeningWorker | undefined;
  let registry: ModelRegistry;
  const startWorker = async () =>
    (worker = await startScreeningWorker({ ...backend.config, threads: 0, concurrency: 1 }));
  const screen = async (name: string, records = testLibrary()): Promise<ScreenSummary> =>
    service.submit({ options: { name, models: ['esol'] }, records: asStream(records) });
  const finished = async (summary: ScreenSummary): Promise<ScreenSummary> => {
    await eventsUntilFinal(service.events(summary.id, SYSTEM_VIEWER), 120_000);
    return (await service.get(summary.id, SYSTEM_VIEWER))!;
  };

  beforeAll(async () => {
    backend = testBackend('postgres', 8);
    service = await createScreeningService(backend.config);
    registry = await ModelRegistry.open(backend.config);
    await startWorker();
  });
  afterAll(async () => {
    await worker?.close();
    await service?.close();
    await registry?.close();
    await backend.cleanup();
  });

  it('records the production version at submit and scores with its files; a promotion changes the next screen', async () => {
    await registry.register(join(modelsDir(), 'esol'), 'cli'); // 1.0.0, production
    const before = await screen('before the promotion');
    expect(before.models).toEqual([{ name: 'esol', version: '1.0.0' }]);
    expect((await finished(before)).status).toBe('completed');
    const beforeRows = await rowsOf(service, before.id);
    await expectScoredBy(beforeRows, join(modelsDir(), 'esol'));

    const strict = esolVersion('1.0.1', 0.99);
    await registry.register(strict, 'cli');
    await registry.promote('esol', '1.0.1', 'cli');
    const after = await screen('after the promotion');
    expect(after.models).toEqual([{ name: 'esol', version: '1.0.1' }]);
    expect((await finished(after)).status).toBe('completed');
    const afterRows = await rowsOf(service, after.id);
    await expectScoredBy(afterRows, strict);
    // The two versions are told apart by their rows: 1.0.1 calls (almost) nothing in its domain.
    expect(inDomainCount(beforeRows)).toBeGreaterThan(inDomainCount(afterRows));
  });

  it('a screen submitted before a promotion keeps its version for all its chunks', async () => {
    await worker!.close(); // the screen waits in the queue while production changes
    worker = undefined;
    const queued = await screen('queued across a promotion');
    expect(queued.models).toEqual([{ name: 'esol', version: '1.0.1' }]);
    const lenient = esolVersion('1.0.2', 0.01);
    await registry.register(lenient, 'cli');
    await registry.promote('esol', '1.0.2', 'cli');
    await startWorker();
    expect((await finished(queued)).status).toBe('completed');
    const queuedRows = await rowsOf(service, queued.id);
    await expectScoredBy(queuedRows, join(modelRoot, 'esol-1.0.1'));

    const next = await screen('after the second promotion');
    expect(next.models).toEqual([{ name: 'esol', version: '1.0.2' }]);
    await finished(next);
    const nextRows = await rowsOf(service, next.id);
    await expectScoredBy(nextRows, lenient);
    expect(inDomainCount(nextRows)).toBe(nextRows.filter((r) => r.status === 'ok').length);
    expect(inDomainCount(queuedRows)).toBeLessThan(inDomainCount(nextRows));
  });

  it('a registered file changed after registration fails the chunks that would use it, naming the file', async () => {
    const dir = esolVersion('1.0.3', 0.5);
    await registry.register(dir, 'cli');
    await registry.promote('esol', '1.0.3', 'cli');
    const member = join(dir, 'member-2.onnx');
    const bytes = readFileSync(member);
    bytes[100] ^= 0xff;
    writeFileSync(member, bytes);

    const tampered = await screen('tampered', testLibrary().slice(0, 4));
    expect(tampered.models).toEqual([{ name: 'esol', version: '1.0.3' }]);
    const done = await finished(tampered);
    expect(done.status).toBe('completed_with_errors');
    expect(done.counts).toMatchObject({ total: 4, done: 4, failed: 4 });
    const reason = new RegExp(
      `chunk 0 failed after 3 attempt\\(s\\): model esol 1.0.3: ${member} is not the registered file ` +
        `\\(SHA-256 [0-9a-f]{64}, ${bytes.length} bytes; registered [0-9a-f]{64}, ${bytes.length} bytes\\)`,
    );
    expect(done.error).toMatch(reason);
    for (const row of await rowsOf(service, tampered.id)) {
      expect(row.status).toBe('failed');
      expect(row.error).toMatch(reason);
      expect(row.predictions).toEqual([]);
    }
  });
});

describe('cli screen --db on a database that holds the registry (SQLite)', () => {
  it('scores with the registered production version, not models/esol/', async () => {
    const dbDir = mkdtempSync(join(tmpdir(), 'model-serving-db-'));
    const databaseUrl = `sqlite:${join(dbDir, 'hitscreen.sqlite')}`;
    const registry = await ModelRegistry.open({ databaseUrl });
    const strict = esolVersion('2.0.0', 0.99);
    try {
      await registry.register(strict, 'cli'); // the name's first version: production
    } finally {
      await registry.close();
    }
    const local = await LocalScreening.open({ databaseUrl, threads: 0 });
    try {
      const summary = await local.screen({
        options: { name: 'local', models: ['esol'] },
        records: asStream(testLibrary()),
      });
      expect(summary).toMatchObject({ status: 'completed', models: [{ name: 'esol', version: '2.0.0' }] });
      await expectScoredBy(await collectRows(local.rowsInOrder(summary.id)), strict);
    } finally {
      await local.close();
      rmSync(dbDir, { recursive: true, force: true });
    }
  });
});
