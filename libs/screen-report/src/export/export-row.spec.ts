import type { ResultRow } from '@hitscreen/screening';
import { PROPS_COLUMNS } from '@hitscreen/chem';
import { exportColumns, PROPERTY_COLUMNS, toExportRow } from './export-row';

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

describe('export columns derived from chem PROPS_COLUMNS', () => {
  it('are exactly the columns the export had when they were listed by hand', () => {
    // The list as it was written out in export-row.ts before it was derived: deriving it changed no column.
    const listedByHand = [
      'heavy_atoms',
      'mol_wt',
      'exact_mw',
      'clogp',
      'mr',
      'tpsa',
      'hbd',
      'hba',
      'lipinski_hbd',
      'lipinski_hba',
      'rot_bonds',
      'rings',
      'aromatic_rings',
      'fsp3',
      'stereocenters',
      'qed',
      'lipinski_violations',
      'veber_pass',
    ];
    expect(PROPERTY_COLUMNS).toEqual(listedByHand);
    expect(exportColumns([{ name: 'esol', tasks: ['logS'] }])).toEqual([
      ...['row', 'id', 'input', 'status', 'error', 'parent_smiles', 'inchikey'],
      ...listedByHand,
      ...[
        'esol.logS',
        'esol.logS.std',
        'esol.max_similarity',
        'esol.in_domain',
        'alerts',
        'desirability',
        'rank',
      ],
    ]);
  });

  it('keep chem PROPS_COLUMNS order', () => {
    const positions = PROPERTY_COLUMNS.map((c) => (PROPS_COLUMNS as readonly string[]).indexOf(c));
    expect(positions.every((p, i) => p >= 0 && (i === 0 || p > positions[i - 1]))).toBe(true);
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
