import type { ResultRow } from '@hitscreen/screening';
import { exportColumns, toExportRow } from './export-row';

const okRow: ResultRow = {
  row: 3,
  id: 'aspirin',
  input: 'CC(=O)Oc1ccccc1C(=O)O',
  status: 'ok',
  error: null,
  parentSmiles: 'CC(=O)Oc1ccccc1C(=O)O',
  inchikey: 'BSYNRYMUTXBXSQ-UHFFFAOYSA-N',
  properties: { mol_wt: 180.159, qed: 0.55, veber_pass: true },
  alerts: [{ catalog: 'Brenk', name: 'ester', atoms: [1, 2] }],
  predictions: [{ key: 'esol.logS', value: -1.7, uncertainty: 0.2 }],
  domain: [{ model: 'esol', maxSimilarity: 0.61, inDomain: true }],
  desirability: 0.42,
  rank: 1,
};

describe('exportColumns', () => {
  it('lists each task with its spread and each model with its domain, between properties and the ranking', () => {
    const columns = exportColumns([{ name: 'esol', tasks: ['logS'] }]);
    expect(columns.slice(0, 7)).toEqual([
      'row',
      'id',
      'input',
      'status',
      'error',
      'parent_smiles',
      'inchikey',
    ]);
    expect(columns.slice(-7)).toEqual([
      'esol.logS',
      'esol.logS.std',
      'esol.max_similarity',
      'esol.in_domain',
      'alerts',
      'desirability',
      'rank',
    ]);
    expect(new Set(columns).size).toBe(columns.length);
  });
});

describe('toExportRow', () => {
  it('flattens predictions, domain and alerts into the export columns', () => {
    const cells = toExportRow(okRow);
    expect(cells).toMatchObject({
      row: 3,
      id: 'aspirin',
      mol_wt: 180.159,
      veber_pass: true,
      'esol.logS': -1.7,
      'esol.logS.std': 0.2,
      'esol.max_similarity': 0.61,
      'esol.in_domain': true,
      alerts: 'Brenk:ester',
      desirability: 0.42,
      rank: 1,
    });
    for (const key of Object.keys(cells))
      expect(exportColumns([{ name: 'esol', tasks: ['logS'] }])).toContain(key);
  });

  it('keeps an invalid row with its reason and empty scores', () => {
    const cells = toExportRow({
      ...okRow,
      status: 'invalid',
      error: 'SMILES Parse Error',
      parentSmiles: null,
      inchikey: null,
      properties: {},
      alerts: [],
      predictions: [],
      domain: [],
      desirability: null,
      rank: null,
    });
    expect(cells).toMatchObject({
      status: 'invalid',
      error: 'SMILES Parse Error',
      alerts: '',
      desirability: null,
    });
    expect(cells.qed).toBeUndefined();
  });
});
