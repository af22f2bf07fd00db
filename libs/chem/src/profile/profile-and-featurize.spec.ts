import { join } from 'node:path';
import { readRecords } from '../io';
import type { InputRecord } from '../records';
import { loadRDKit } from '../rdkit';
import { featurizeRecord } from './featurize-record';
import { profileAndFeaturizeRecord } from './profile-and-featurize';
import { profileRecord } from './profile-record';

const EXAMPLE_LIBRARY = join(__dirname, '../../../../examples/approved-drugs.csv');
const LIMITS = { maxHeavyAtoms: 500 };

const record = (n: number, structure: string, extra: Partial<InputRecord> = {}): InputRecord => ({
  record: n,
  id: `m${n}`,
  structure,
  fields: { note: `row ${n}` },
  ...extra,
});

/** What the pipeline computed before it parsed once: two parses, two standardizations. */
const twoParses = (r: InputRecord) => {
  const profile = profileRecord(r, LIMITS);
  return profile.error ? { profile } : { profile, features: featurizeRecord(r, LIMITS) };
};

/** JSON with the graph tensors' BigInt64Array edge indices written as decimal strings. */
const serialized = (value: unknown) =>
  JSON.stringify(value, (_key, v: unknown) => (typeof v === 'bigint' ? v.toString() : v));

beforeAll(() => loadRDKit());

describe('profileAndFeaturizeRecord', () => {
  it('gives exactly the profile and features of profileRecord + featurizeRecord on the 300 approved drugs', async () => {
    const records: InputRecord[] = [];
    for await (const r of readRecords(EXAMPLE_LIBRARY)) records.push(r);
    expect(records).toHaveLength(300);
    let featurized = 0;
    for (const r of records) {
      const once = profileAndFeaturizeRecord(r, LIMITS);
      // As text: rows are stored and exported as text, so key order counts as much as the values (and comparing
      // one string is far quicker than a deep comparison of the tensors).
      expect(serialized(once)).toBe(serialized(twoParses(r)));
      if (once.features?.graph && once.features.fingerprint) featurized += 1;
    }
    // Not a vacuous comparison: every molecule of the library was profiled and featurized.
    expect(featurized).toBe(300);
  });

  it('salts, charges, reader errors, unparseable and oversized structures come out as with two parses', () => {
    const cases = [
      record(1, '[Na+].CC(=O)[O-]'),
      record(2, 'C[N+](C)(C)CCO.[Cl-]'),
      record(3, '', { error: 'CSV row 3 has no SMILES' }),
      record(4, 'C1CC('),
      record(5, 'C'.repeat(501)),
      record(6, '   '),
    ];
    for (const r of cases) expect(profileAndFeaturizeRecord(r, LIMITS)).toEqual(twoParses(r));
    expect(profileAndFeaturizeRecord(cases[0], LIMITS).features?.parentSmiles).toBe('CC(=O)O');
  });

  it('featurizes only what featurizeIf accepts, given the finished profile', () => {
    const seen: number[] = [];
    const result = profileAndFeaturizeRecord(record(1, 'CC(=O)Oc1ccccc1C(=O)O'), LIMITS, (profile) => {
      seen.push(profile.descriptors?.heavyAtoms ?? -1);
      return false;
    });
    expect(seen).toEqual([13]);
    expect(result.features).toBeUndefined();
    expect(result.profile).toEqual(profileRecord(record(1, 'CC(=O)Oc1ccccc1C(=O)O'), LIMITS));
  });
});
