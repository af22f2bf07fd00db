import { countHeavyAtomsInText } from './heavy-atom-count';

describe('countHeavyAtomsInText', () => {
  it('counts SMILES heavy atoms: organic subset, two-letter halogens, bracket atoms except hydrogen', () => {
    expect(countHeavyAtomsInText('CC(=O)Oc1ccccc1C(=O)O', false)).toBe(13);
    expect(countHeavyAtomsInText('ClCBr', false)).toBe(3);
    expect(countHeavyAtomsInText('[2H]C([H])([H])[NH3+].[Cl-]', false)).toBe(3);
    expect(countHeavyAtomsInText('[Hg]C[He]', false)).toBe(3);
    expect(countHeavyAtomsInText('C1CC%10CC%(123)C1 name', false)).toBe(6);
    expect(countHeavyAtomsInText('C[C', false)).toBeUndefined();
  });

  it('counts molblock atoms that are not hydrogen (V2000 and V3000)', () => {
    const v2000 = [
      'methanol',
      '',
      '',
      '  3  2  0  0  0  0  0  0  0  0999 V2000',
      '    0.0000    0.0000    0.0000 C   0  0  0  0  0  0  0  0  0  0  0  0',
      '    1.0000    0.0000    0.0000 O   0  0  0  0  0  0  0  0  0  0  0  0',
      '    2.0000    0.0000    0.0000 H   0  0  0  0  0  0  0  0  0  0  0  0',
      '  1  2  1  0',
      '  2  3  1  0',
      'M  END',
    ].join('\n');
    expect(countHeavyAtomsInText(v2000, true)).toBe(2);
    const v3000 = [
      '',
      '',
      '',
      '  0  0  0     0  0            999 V3000',
      'M  V30 BEGIN CTAB',
      'M  V30 COUNTS 3 2 0 0 0',
      'M  V30 BEGIN ATOM',
      'M  V30 1 C 0 0 0 0',
      'M  V30 2 N 1 0 0 0',
      'M  V30 3 H 2 0 0 0',
      'M  V30 END ATOM',
      'M  V30 END CTAB',
      'M  END',
    ].join('\n');
    expect(countHeavyAtomsInText(v3000, true)).toBe(2);
    expect(
      countHeavyAtomsInText('x\n\n\n  9  0  0  0  0  0  0  0  0  0999 V2000\nM  END', true),
    ).toBeUndefined();
  });
});
