/**
 * @jest-environment <rootDir>/../../libs/models/jest-environment.js
 */
// (ONNX runs in this test's realm too: the pipeline on the main thread and the shadow scoring; see that file.)
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  ModelRegistry,
  startShadowWorker,
  taskAgreement,
  type ShadowWorker,
} from '@hitscreen/model-registry';
import { loadModel, modelsDir, releaseModels, scoreSmiles } from '@hitscreen/models';
import {
  createScreeningService,
  startScreeningWorker,
  SYSTEM_VIEWER,
  type ScreeningService,
  type ScreeningWorker,
} from '@hitscreen/screening';
import { eventsUntilFinal, testBackend, until, type TestBackend } from '@hitscreen/screening/testing';

const SMILES = [
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
  'ClC(Cl)(Cl)Cl',
  'CCCCCCCCCCCCCCCC(=O)O',
  'C1CC(', // invalid: not compared
];
const TASK = 'log_solubility_mol_per_l';

// A finished screen with a candidate in shadow: the worker queues the shadow run when it finalizes, the shadow
// worker re-scores the valid molecules with the candidate, and the stored agreement equals the same figures
// computed here from the two models' own predictions. The screen's results are not touched.
describe('shadow run after a screen (PostgreSQL, Redis, the screening and shadow workers)', () => {
  let backend: TestBackend;
  let service: ScreeningService;
  let worker: ScreeningWorker;
  let shadow: ShadowWorker;
  let registry: ModelRegistry;
  let candidateDir: string;
  const tmp = mkdtempSync(join(tmpdir(), 'shadow-'));

  beforeAll(async () => {
    backend = testBackend('postgres', 5);
    // The candidate: the lipophilicity ensemble under ESOL's card (version 1.1.0), so the two disagree visibly.
    candidateDir = join(tmp, 'esol-1.1.0');
    cpSync(join(modelsDir(), 'esol'), candidateDir, { recursive: true });
    for (let k = 0; k < 5; k++)
      cpSync(join(modelsDir(), 'lipophilicity', `member-${k}.onnx`), join(candidateDir, `member-${k}.onnx`));
    cpSync(join(modelsDir(), 'lipophilicity', 'parity.json'), join(candidateDir, 'parity.json'));
    const card = JSON.parse(readFileSync(join(candidateDir, 'card.json'), 'utf8')) as object;
    writeFileSync(join(candidateDir, 'card.json'), JSON.stringify({ ...card, version: '1.1.0' }));

    registry = await ModelRegistry.open(backend.config);
    await registry.register(join(modelsDir(), 'esol'), 'cli');
    await registry.register(candidateDir, 'cli');
    await registry.setShadow('esol', '1.1.0', true, 'cli');
    service = await createScreeningService(backend.config);
    worker = await startScreeningWorker({ ...backend.config, threads: 0, concurrency: 1 });
    shadow = await startShadowWorker({ ...backend.config, queuePrefix: backend.config.queuePrefix! });
  }, 60_000);

  afterAll(async () => {
    await shadow?.close();
    await worker?.close();
    await service?.close();
    await registry?.close();
    await releaseModels();
    await backend?.cleanup();
    rmSync(tmp, { recursive: true, force: true });
  });

  it('stores the candidate’s agreement with production, equal to a direct computation', async () => {
    async function* records() {
      for (const [i, structure] of SMILES.entries())
        yield { record: i + 1, id: `m${i + 1}`, structure, fields: {} };
    }
    const screen = await service.submit({ options: { models: ['esol'] }, records: records() });
    const events = await eventsUntilFinal(service.events(screen.id, SYSTEM_VIEWER));
    expect(events.at(-1)).toMatchObject({ status: 'completed', counts: { total: 17, done: 17, invalid: 1 } });
    await until(
      async () => (await registry.shadowReportsOf(screen.id)).length > 0,
      60_000,
      'the shadow report',
    );
    const [report] = await registry.shadowReportsOf(screen.id);
    expect(report).toMatchObject({
      name: 'esol',
      version: '1.1.0',
      productionVersion: '1.0.0',
      molecules: 16,
      truncated: false,
    });

    const valid = SMILES.slice(0, -1);
    const production = await scoreSmiles(await loadModel(join(modelsDir(), 'esol')), valid);
    const candidate = await scoreSmiles(await loadModel(candidateDir), valid);
    const expected = taskAgreement(
      { type: 'regression' },
      production.map((s) => s.predictions![0].value),
      candidate.map((s) => s.predictions![0].value),
    );
    const got = report.tasks[TASK] as typeof expected;
    expect(got.n).toBe(16);
    expect(got.topOverlap).toEqual(expected.topOverlap);
    for (const key of ['pearson', 'spearman', 'meanAbsDiff'] as const)
      expect(got[key]).toBeCloseTo(expected[key]!, 5);
    // Not the same model: the agreement is far from perfect.
    expect(got.meanAbsDiff).toBeGreaterThan(0.5);

    // The screen's own results are production's.
    const rows = (await service.results(screen.id, { page: 1, pageSize: 100, sort: 'row' }, SYSTEM_VIEWER))!
      .items;
    const stored = rows
      .filter((r) => r.status === 'ok')
      .map((r) => r.predictions.find((p) => p.key === `esol.${TASK}`)!.value);
    production.forEach((p, i) => expect(stored[i]).toBeCloseTo(p.predictions![0].value, 5));
  });
});
