import { fingerprintStructure, tanimoto } from '@hitscreen/chem';
import { DEFAULT_WEIGHTS } from '@hitscreen/screening';
import { nanotorusSmiles } from '@hitscreen/screening/testing';
import { DRUGS, finalScreen, startStack, type E2eStack } from './e2e-backend';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

// The endpoints the web interface added, through HTTP on PostgreSQL, Redis and a worker: similarity search in a
// screen, drawings of rows, the model list. Their access rules are in the authorization matrix.
describe('similarity, structures and models over HTTP', () => {
  let stack: E2eStack;
  let id: string;

  beforeAll(async () => {
    stack = await startStack({}, { maxMolecules: 100 });
    const molecules = [
      ...DRUGS.map(([name, smiles]) => ({ id: name, smiles })),
      { id: 'broken', smiles: 'C1CC(' },
      // A 4 × 4 carbon nanotorus: 16 atoms but 36 rings, the cage kind that RDKit draws slowly when larger.
      { id: 'torus', smiles: nanotorusSmiles(4, 4) },
    ];
    const submitted = await stack.people.as.chemist
      .post('/screens')
      .send({ molecules, options: { models: ['esol'] } })
      .expect(202);
    id = submitted.body.id;
    expect((await finalScreen(stack.people.as.chemist, id)).status).toBe('completed');
  }, 120_000);

  afterAll(async () => {
    await stack?.close();
  });

  it("finds a row's nearest compounds, best first, with Tanimoto of the parents as libs/chem computes it", async () => {
    const chemist = stack.people.as.chemist;
    const found = (await chemist.get(`/screens/${id}/similar?row=1&k=15`).expect(200)).body as Json;
    expect(found).toMatchObject({ query: 'CC(=O)Oc1ccccc1C(=O)O', row: 1, searched: 17 });
    // The 15 nearest of the 16 other valid rows (the query row left out); aspirin-sodium's parent is aspirin.
    expect(found.hits).toHaveLength(15);
    expect(found.hits[0]).toMatchObject({ similarity: 1, result: { row: 16, id: 'aspirin-sodium' } });
    const query = await fingerprintStructure('CC(=O)Oc1ccccc1C(=O)O');
    if (!('fingerprint' in query)) throw new Error(query.error);
    for (const hit of found.hits as Json[]) {
      const fp = await fingerprintStructure(hit.result.parentSmiles);
      if (!('fingerprint' in fp)) throw new Error(fp.error);
      expect(hit.similarity).toBeCloseTo(tanimoto(query.fingerprint, fp.fingerprint), 12);
    }
    const similarities = (found.hits as Json[]).map((h) => h.similarity);
    expect(similarities).toEqual([...similarities].sort((a, b) => b - a));

    // From a SMILES, with a floor: only the aspirins pass 0.9, and the query row is not left out here.
    const bySmiles = (
      await chemist
        .get(`/screens/${id}/similar`)
        .query({ smiles: 'OC(=O)c1ccccc1OC(C)=O', min: 0.9 })
        .expect(200)
    ).body as Json;
    expect((bySmiles.hits as Json[]).map((h) => h.result.id)).toEqual(['aspirin', 'aspirin-sodium']);
  });

  it('refuses malformed searches with the reason', async () => {
    const chemist = stack.people.as.chemist;
    const both = await chemist.get(`/screens/${id}/similar?row=1&smiles=CCO`).expect(400);
    expect(both.body.message).toMatch(/either row .* or smiles/);
    await chemist.get(`/screens/${id}/similar`).expect(400);
    expect((await chemist.get(`/screens/${id}/similar?row=1&k=51`).expect(400)).body.message).toMatch(/^k /);
    const bad = await chemist.get(`/screens/${id}/similar?smiles=C1CC(`).expect(422);
    expect(bad.body.message).toMatch(/not valid/);
    const invalidRow = await chemist.get(`/screens/${id}/similar?row=17`).expect(422);
    expect(invalidRow.body.message).toMatch(/row 17 is invalid/);
    await chemist.get(`/screens/${id}/similar?row=99`).expect(404);
    await stack.people.as.outsider.get(`/screens/${id}/similar?row=1`).expect(404);
  });

  it('draws rows as RDKit SVG, gives the reason for an invalid one and bounds the request', async () => {
    const chemist = stack.people.as.chemist;
    const page = (
      await chemist.get(`/screens/${id}/structures?rows=1,17,18,99&width=200&height=150`).expect(200)
    ).body as Json;
    expect((page.items as Json[]).map((i) => i.row)).toEqual([1, 17, 18]);
    expect(page.items[0].svg).toMatch(/<svg[^>]*width=['"]200px['"]/);
    expect(page.items[1]).toMatchObject({ svg: null, error: expect.stringMatching(/SMILES Parse Error/) });
    expect(page.items[2]).toEqual({
      row: 18,
      svg: null,
      error: 'not drawn in lists (16 heavy atoms, 36 rings): open the compound',
    });
    const tooMany = Array.from({ length: 101 }, (_, i) => i + 1).join(',');
    expect((await chemist.get(`/screens/${id}/structures?rows=${tooMany}`).expect(400)).body.message).toMatch(
      /at most 100 rows/,
    );
    await chemist.get(`/screens/${id}/structures?rows=a,b`).expect(400);
    await chemist.get(`/screens/${id}/structures?rows=1&width=5000`).expect(400);
  });

  it('lists the models with their tasks and the default weights', async () => {
    const models = (await stack.people.as.chemist.get('/models').expect(200)).body as Json;
    expect((models.items as Json[]).map((m) => m.name).sort()).toEqual([
      'bace',
      'bbbp',
      'clintox',
      'esol',
      'lipophilicity',
      'tox21',
    ]);
    const esol = (models.items as Json[]).find((m) => m.name === 'esol');
    expect(esol?.tasks).toEqual([
      { name: 'log_solubility_mol_per_l', type: 'regression', units: expect.any(String) },
    ]);
    expect(models.defaultWeights).toEqual(DEFAULT_WEIGHTS);
  });

  it('audits the searches and the drawings with the caller', async () => {
    const rows = (await stack.people.as.admin.get(`/audit?resource=screens/${id}&pageSize=1000`).expect(200))
      .body.items as Json[];
    const chemist = `user:${stack.people.users.chemist.id}`;
    const actions = rows.filter((r) => r.actor === chemist).map((r) => `${r.action}:${r.outcome}`);
    expect(actions).toContain('screen.similar.read:allowed');
    expect(actions).toContain('screen.similar.read:failed');
    expect(actions).toContain('screen.structures.read:allowed');
  });
});
