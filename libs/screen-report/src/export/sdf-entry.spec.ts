import type { ResultRow } from '@hitscreen/screening';
import { toSdfEntry } from './sdf-entry';

const row = (overrides: Partial<ResultRow>): ResultRow => ({
  row: 1,
  id: 'x',
  input: 'CCO',
  status: 'ok',
  error: null,
  parentSmiles: 'CCO',
  inchikey: null,
  properties: {},
  alerts: [],
  predictions: [],
  domain: [],
  desirability: 0.5,
  rank: 1,
  ...overrides,
});

describe('toSdfEntry', () => {
  it('writes the parent of a SMILES input with 2D coordinates and the export columns as fields', async () => {
    const entry = await toSdfEntry(row({ input: 'CCO.Cl', parentSmiles: 'CCO' }));
    const atomLines = entry.molblock
      .split('\n')
      .filter((l) => /^\s+-?\d+\.\d+\s+-?\d+\.\d+\s+-?\d+\.\d+ [A-Z]/.test(l));
    expect(atomLines).toHaveLength(3);
    expect(atomLines.some((l) => !/^\s+0\.0000\s+0\.0000/.test(l))).toBe(true);
    expect(entry.fields).toMatchObject({ row: 1, id: 'x', input: 'CCO.Cl', rank: 1 });
    // The id is the title line, where SDF readers (and ours) take a record's name from.
    expect(entry.molblock.split('\n')[0]).toBe('x');
  });

  it('keeps a submitted molblock as it was', async () => {
    const molblock =
      '\n  test\n\n  1  0  0  0  0  0  0  0  0  0999 V2000\n    1.0000    2.0000    0.0000 C   0  0\nM  END';
    const entry = await toSdfEntry(row({ input: molblock }));
    expect(entry.molblock).toBe(molblock);
  });

  it('writes an empty molecule for an invalid row, with its reason', async () => {
    const entry = await toSdfEntry(
      row({ input: 'C1CC(', parentSmiles: null, status: 'invalid', error: 'parse error' }),
    );
    expect(entry.molblock).toBe('');
    expect(entry.fields).toMatchObject({ status: 'invalid', error: 'parse error' });
  });
});
