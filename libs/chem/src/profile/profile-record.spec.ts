import { loadRDKit, using, type RDKitModule } from '../rdkit';
import { loadReference, type ReferenceRow } from '../testing/reference';
import { REFERENCE_EXCEPTIONS, REFERENCE_UNPARSEABLE } from '../testing/reference-exceptions';
import { profileRecord } from './profile-record';
import { PROPS_COLUMNS, toPropsRow } from './props-row';

let R: RDKitModule;
beforeAll(async () => {
  R = await loadRDKit();
});

const canonical = (smiles: string) => using(R.get_mol(smiles)!, (m) => m.get_smiles());

/** Columns compared numerically; hba and stereocenters are informational (definition drift, see README). */
const EXACT = [
  'heavy_atoms',
  'hbd',
  'lipinski_hbd',
  'lipinski_hba',
  'rot_bonds',
  'rings',
  'aromatic_rings',
] as const;
const CLOSE: [column: keyof ReferenceRow, tolerance: number][] = [
  ['mol_wt', 1e-2],
  ['exact_mw', 1e-2],
  ['clogp', 1e-2],
  ['mr', 1e-2],
  ['tpsa', 1e-2],
  ['fsp3', 1e-2],
  ['qed', 1e-3],
];

describe('profileRecord: the whole props row against RDKit C++', () => {
  it('agrees with the reference on every 10th molecule, column by column', () => {
    const rows = loadReference().filter((_, i) => i % 10 === 0);
    const failures: string[] = [];
    let compared = 0;
    rows.forEach((ref, i) => {
      const profile = profileRecord({ record: i + 1, id: `ref-${i}`, structure: ref.smiles, fields: {} });
      if (profile.error) {
        if (!REFERENCE_UNPARSEABLE.has(ref.smiles)) failures.push(`${ref.smiles}: ${profile.error}`);
        return;
      }
      compared++;
      const row = toPropsRow(profile);
      const skip = (column: string) =>
        REFERENCE_EXCEPTIONS.some((e) => e.smiles === ref.smiles && e.column === column);
      if (row.parent_smiles !== canonical(ref.parent_smiles))
        failures.push(`${ref.smiles}: parent ${row.parent_smiles}`);
      for (const column of EXACT) {
        if (!skip(column) && Number(row[column]) !== ref[column])
          failures.push(`${ref.smiles}: ${column} ${row[column]} != ${ref[column]}`);
      }
      for (const [column, tolerance] of CLOSE) {
        if (Math.abs(Number(row[column as keyof typeof row]) - Number(ref[column])) > tolerance) {
          failures.push(`${ref.smiles}: ${column} ${row[column as keyof typeof row]} != ${ref[column]}`);
        }
      }
      if (row.pains !== ref.pains.join(';')) failures.push(`${ref.smiles}: pains ${row.pains}`);
      if (row.brenk !== ref.brenk.join(';')) failures.push(`${ref.smiles}: brenk ${row.brenk}`);
      const violations = [
        ref.mol_wt > 500,
        ref.clogp > 5,
        ref.lipinski_hbd > 5,
        ref.lipinski_hba > 10,
      ].filter(Boolean).length;
      if (row.lipinski_violations !== violations)
        failures.push(`${ref.smiles}: lipinski_violations ${row.lipinski_violations}`);
      if (row.veber_pass !== (ref.rot_bonds <= 10 && ref.tpsa <= 140) && !skip('rot_bonds'))
        failures.push(`${ref.smiles}: veber`);
    });
    console.log(
      `profileRecord vs RDKit C++: ${compared} molecules compared, ${failures.length} disagreements`,
    );
    expect(compared).toBeGreaterThan(290);
    expect(failures).toEqual([]);
  });

  it('keeps failed records as rows with the reason', () => {
    const bad = profileRecord({ record: 7, id: 'bad', structure: 'C1CC(', fields: { source: 'x' } });
    expect(bad).toMatchObject({ record: 7, id: 'bad', fields: { source: 'x' } });
    expect(bad.error).toMatch(/SMILES Parse Error/);
    const row = toPropsRow(bad);
    expect(Object.keys(row)).toEqual([...PROPS_COLUMNS]);
    expect(row.mol_wt).toBe('');
    const fromReader = profileRecord({
      record: 8,
      id: '8',
      structure: '',
      fields: {},
      error: 'truncated SDF record',
    });
    expect(fromReader.error).toBe('truncated SDF record');
  });
});
