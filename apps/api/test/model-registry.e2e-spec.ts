import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startStack, type E2eStack } from './e2e-backend';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const COMMITTED = join(__dirname, '../../../models');

// The registry over HTTP on a models root of the test's own (HITSCREEN_MODELS_DIR): the committed ESOL model as it
// is, its evaluation set, and two candidates under candidates/: one equal to production (another card version)
// and one that is the lipophilicity ensemble under ESOL's card (much worse on ESOL's evaluation set).
describe('model registry API (admins only, audited)', () => {
  let stack: E2eStack;
  const root = mkdtempSync(join(tmpdir(), 'models-root-'));
  const previous = process.env.HITSCREEN_MODELS_DIR;

  function candidate(version: string, wrong: boolean): void {
    const dir = join(root, 'candidates/esol', version);
    cpSync(join(COMMITTED, 'esol'), dir, { recursive: true });
    if (wrong) {
      for (let k = 0; k < 5; k++)
        cpSync(join(COMMITTED, 'lipophilicity', `member-${k}.onnx`), join(dir, `member-${k}.onnx`));
      cpSync(join(COMMITTED, 'lipophilicity/parity.json'), join(dir, 'parity.json'));
    }
    const card = JSON.parse(readFileSync(join(dir, 'card.json'), 'utf8')) as object;
    writeFileSync(join(dir, 'card.json'), JSON.stringify({ ...card, version }));
  }

  beforeAll(async () => {
    cpSync(join(COMMITTED, 'esol'), join(root, 'esol'), { recursive: true });
    cpSync(join(COMMITTED, 'FORMAT.md'), join(root, 'FORMAT.md'));
    mkdirSync(join(root, 'evaluation'));
    cpSync(join(COMMITTED, 'evaluation/esol.csv'), join(root, 'evaluation/esol.csv'));
    candidate('1.1.0', true);
    candidate('1.0.1', false);
    // A link inside the root to a model outside it: refused like a path outside it.
    symlinkSync(join(COMMITTED, 'bbbp'), join(root, 'outside-link'));
    process.env.HITSCREEN_MODELS_DIR = root;
    stack = await startStack({}, { maxMolecules: 100 }, 'postgres', { worker: false });
  }, 60_000);

  afterAll(async () => {
    await stack?.close();
    if (previous === undefined) delete process.env.HITSCREEN_MODELS_DIR;
    else process.env.HITSCREEN_MODELS_DIR = previous;
    rmSync(root, { recursive: true, force: true });
  });

  /** The version `GET /models` lists for esol, and the one a screen submitted now records. */
  async function servedEsol(): Promise<[string, string]> {
    const { chemist } = stack.people.as;
    const listed = (await chemist.get('/models').expect(200)).body.items as Json[];
    const screen = await chemist
      .post('/screens')
      .send({ molecules: [{ smiles: 'CCO' }], options: { models: ['esol'] } })
      .expect(202);
    return [listed.find((m) => m.name === 'esol')!.version, screen.body.models[0].version];
  }

  it('registers, refuses paths outside the models root, gates promotion with the numbers, shadows and retires', async () => {
    const admin = stack.people.as.admin;
    expect(await servedEsol()).toEqual(['1.0.0', '1.0.0']); // nothing registered: models/esol/
    const first = await admin.post('/models/registry').send({ dir: 'esol' }).expect(201);
    expect(first.body).toMatchObject({
      created: true,
      version: { name: 'esol', version: '1.0.0', status: 'production' },
    });

    for (const dir of ['/etc', '../models/esol', 'esol/../..', 'outside-link'])
      expect((await admin.post('/models/registry').send({ dir })).status).toBe(400);
    await admin.post('/models/registry').send({}).expect(400);
    const missing = await admin.post('/models/registry').send({ dir: 'candidates/esol/9.9.9' }).expect(422);
    expect(missing.body.message).toBe('no directory candidates/esol/9.9.9 under the models root');

    const worse = await admin.post('/models/registry').send({ dir: 'candidates/esol/1.1.0' }).expect(201);
    expect(worse.body.version).toMatchObject({ status: 'candidate', dir: 'candidates/esol/1.1.0' });
    const refused = await admin.post('/models/registry/esol/1.1.0/promote').expect(422);
    expect(refused.body.message).toMatch(
      /^promotion of esol 1.1.0 refused: mean RMSE: candidate [0-9.]+ is worse than production 0.8196 beyond the tolerance \(2%; at most 0.836 needed\)$/,
    );
    const detail = (await admin.get('/models/registry/esol/1.1.0').expect(200)).body as Json;
    expect(detail.card.version).toBe('1.1.0');
    expect(detail.promotions).toMatchObject([
      {
        verdict: 'refused',
        basis: 'evaluation-set',
        comparison: { evaluationSet: { file: 'evaluation/esol.csv' } },
      },
    ]);

    await admin.post('/models/registry').send({ dir: 'candidates/esol/1.0.1' }).expect(201);
    await admin.post('/models/registry/esol/1.0.1/shadow').send({ on: 'yes' }).expect(400);
    expect(
      (await admin.post('/models/registry/esol/1.0.1/shadow').send({ on: true }).expect(200)).body.shadow,
    ).toBe(true);
    expect(await servedEsol()).toEqual(['1.0.0', '1.0.0']);
    const accepted = await admin.post('/models/registry/esol/1.0.1/promote').expect(200);
    expect(accepted.body).toMatchObject({ verdict: 'accepted', productionVersion: '1.0.0' });
    // Promoted while the API runs: listed and recorded at once (no deploy, no restart; models/esol/ is 1.0.0).
    expect(await servedEsol()).toEqual(['1.0.1', '1.0.1']);
    await admin.post('/models/registry/esol/1.0.1/retire').expect(422);
    await admin.post('/models/registry/esol/1.1.0/retire').expect(200);
    await admin.get('/models/registry/esol/7.0.0').expect(404);
    const listed = (await admin.get('/models/registry?name=esol').expect(200)).body.items as Json[];
    expect(listed.map((v) => [v.version, v.status])).toEqual([
      ['1.0.0', 'retired'],
      ['1.1.0', 'retired'],
      ['1.0.1', 'production'],
    ]);
    await stack.people.as.chemist.get('/models/registry').expect(403);

    const { users } = stack.people;
    const audit = (await admin.get('/audit?resource=models&pageSize=1000').expect(200)).body.items as Json[];
    const mine = audit
      .filter((r) => r.actor === `user:${users.admin.id}`)
      .map((r) => `${r.action} ${r.outcome}`);
    for (const entry of [
      'model.register allowed',
      'model.promote denied',
      'model.promote allowed',
      'model.shadow allowed',
      'model.retire allowed',
      'model.version.read allowed',
      'model.registry.read allowed',
      'model.register failed', // the paths outside the root
      'model.retire failed', // production
    ])
      expect(mine).toContain(entry);
    const outside = audit.find((r) => r.action === 'model.register' && JSON.parse(r.details).dir === '/etc');
    expect(JSON.parse(outside!.details)).toMatchObject({
      status: 400,
      reason: 'dir must be relative to the models root',
    });
    // A refused promotion is audited once, by the registry, with its numbers.
    expect(audit.filter((r) => r.action === 'model.promote' && r.outcome !== 'allowed')).toHaveLength(1);
    const denied = audit.find((r) => r.action === 'model.promote' && r.outcome === 'denied');
    expect(JSON.parse(denied!.details).reasons[0]).toMatch(/mean RMSE: candidate/);
  });
});
