import { listModels, loadModel, releaseModels, type LoadedModel } from '@hitscreen/models';
import type { InputRecord } from '@hitscreen/chem';
import { effectiveWeights, weightableKeys } from './desirability';
import { screenChunk } from './screen-chunk';

const record = (n: number, structure: string, extra: Partial<InputRecord> = {}): InputRecord => ({
  record: n,
  id: `m${n}`,
  structure,
  fields: {},
  ...extra,
});

let models: LoadedModel[];
beforeAll(async () => {
  const dirs = listModels().filter((m) => ['esol', 'bbbp'].includes(m.name));
  models = await Promise.all(dirs.map((m) => loadModel(m.dir)));
});
afterAll(() => releaseModels());

describe('screenChunk', () => {
  const limits = { maxStructureLength: 60, maxHeavyAtoms: 30 };
  const classification = new Set(['bbbp.p_np']);
  const weights = effectiveWeights(
    weightableKeys(['esol.log_solubility_mol_per_l', 'bbbp.p_np'], classification),
  );

  it('a molecule that crashes RDKit fails its own row; the rows after it are scored as if it were absent', async () => {
    const aspirin = 'CC(=O)Oc1ccccc1C(=O)O';
    // Limits far above the service's ceiling, so the 1200-atom chain reaches RDKit and traps its instance.
    const unsafe = { maxStructureLength: 5000, maxHeavyAtoms: 5000 };
    const [alone] = await screenChunk([record(1, aspirin)], models, { weights, limits: unsafe });
    const rows = await screenChunk(
      [record(1, aspirin), record(2, 'C'.repeat(1200)), record(3, aspirin)],
      models,
      { weights, limits: unsafe },
    );
    expect(rows.map((r) => r.status)).toEqual(['ok', 'invalid', 'ok']);
    expect(rows[1].error).toMatch(/RDKit crashed on this structure \(WebAssembly trap/);
    expect({ ...rows[2], row: 1, id: 'm1' }).toEqual(alone);
  });

  it('profiles, scores and combines each record; bad ones fail their own row with the reason', async () => {
    const rows = await screenChunk(
      [
        record(1, 'CC(=O)Oc1ccccc1C(=O)O'),
        record(2, 'C1CC('),
        record(3, '[Na+].CC(=O)[O-]'),
        record(4, '', { error: 'CSV row 4 has no SMILES' }),
        record(5, 'C'.repeat(61)),
        record(6, 'C'.repeat(40)),
        record(7, 'c1ccc2c(c1)C(=O)C=CC2=O'),
      ],
      models,
      { weights, limits },
    );
    expect(rows.map((r) => [r.row, r.status])).toEqual([
      [1, 'ok'],
      [2, 'invalid'],
      [3, 'ok'],
      [4, 'invalid'],
      [5, 'invalid'],
      [6, 'invalid'],
      [7, 'ok'],
    ]);
    const [aspirin, broken, salt, unread, long, big, quinone] = rows;
    expect(broken.error).toMatch(/SMILES Parse Error/);
    expect(unread.error).toBe('CSV row 4 has no SMILES');
    expect(long.error).toBe('structure of 61 characters exceeds the limit of 60');
    expect(big.error).toBe('structure too large: 40 heavy atoms (limit 30)');
    expect(broken.desirability).toBeNull();

    expect(salt.parentSmiles).toBe('CC(=O)O');
    expect(aspirin.inchikey).toBe('BSYNRYMUTXBXSQ-UHFFFAOYSA-N');
    expect(aspirin.properties.heavy_atoms).toBe(13);
    expect(aspirin.predictions.map((p) => p.key)).toEqual(['bbbp.p_np', 'esol.log_solubility_mol_per_l']);
    expect(aspirin.domain.map((d) => d.model)).toEqual(['bbbp', 'esol']);
    expect(aspirin.scores['esol.log_solubility_mol_per_l']).toBe(aspirin.predictions[1].value);
    expect(aspirin.scores['bbbp.p_np.std']).toBe(aspirin.predictions[0].uncertainty);
    expect(aspirin.scores.alerts).toBe(aspirin.alerts.length);
    expect(aspirin.desirability).toBeGreaterThan(0);
    expect(aspirin.desirability).toBeLessThanOrEqual(1);
    expect(aspirin.scores.desirability).toBe(aspirin.desirability);
    // The quinone carries structural alerts, with the matched atoms.
    expect(quinone.alerts.length).toBeGreaterThan(0);
    expect(quinone.alerts[0].atoms.length).toBeGreaterThan(0);
    expect(quinone.scores.alerts).toBe(quinone.alerts.length);
  });

  it('without models (a properties-only screen): properties, alerts and the desirability of QED and alerts', async () => {
    const propsOnly = effectiveWeights(weightableKeys([], new Set()));
    const input = [
      record(1, 'CC(=O)Oc1ccccc1C(=O)O'),
      record(2, 'C1CC('),
      record(3, 'c1ccc2c(c1)C(=O)C=CC2=O'),
    ];
    const rows = await screenChunk(input, [], { weights: propsOnly, limits });
    const scored = await screenChunk(input, models, { weights, limits });
    expect(rows.map((r) => r.status)).toEqual(['ok', 'invalid', 'ok']);
    const [aspirin, broken, quinone] = rows;
    expect(broken.error).toMatch(/SMILES Parse Error/);
    for (const [i, row] of [aspirin, quinone].entries()) {
      // The same chemistry as a scored screen's row, and nothing of a model.
      const withModels = scored[i * 2];
      expect(row.properties).toEqual(withModels.properties);
      expect(row.alerts).toEqual(withModels.alerts);
      expect(row.parentSmiles).toBe(withModels.parentSmiles);
      expect(row.predictions).toEqual([]);
      expect(row.domain).toEqual([]);
      expect(Object.keys(row.scores).filter((k) => k.includes('.'))).toEqual([]);
      // QED (weight 1) and alerts (0.5 per alert, weight 1), geometric mean.
      const qed = row.properties.qed as number;
      expect(row.desirability).toBeCloseTo(Math.sqrt(qed * 0.5 ** row.alerts.length), 12);
    }
    expect(quinone.alerts.length).toBeGreaterThan(0);
  });
});
