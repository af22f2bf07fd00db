import { loadRDKit, using, type RDKitModule } from '../rdkit';
import { loadReference } from '../testing/reference';
import { REFERENCE_UNPARSEABLE } from '../testing/reference-exceptions';
import { brenkNames, findStructuralAlerts, painsNames, structuralAlertCatalog } from './alerts';

const UNPARSEABLE = REFERENCE_UNPARSEABLE;

describe('structural alerts (PAINS A/B/C, Brenk) against RDKit 2022.09 FilterCatalog', () => {
  let rd: RDKitModule;
  beforeAll(async () => {
    rd = await loadRDKit();
  });

  it('matches the reference names on every molecule, and the prescreen never drops a match', () => {
    const rows = loadReference();
    expect(rows).toHaveLength(3000);
    const catalog = structuralAlertCatalog();
    const tally = {
      compared: 0,
      unparseable: 0,
      painsEqual: 0,
      brenkEqual: 0,
      prescreenEqual: 0,
      painsHits: 0,
      brenkHits: 0,
    };
    const mismatches: string[] = [];
    for (const row of rows) {
      const mol = rd.get_mol(row.smiles);
      if (!mol) {
        expect(UNPARSEABLE.has(row.smiles)).toBe(true);
        tally.unparseable++;
        continue;
      }
      using(mol, () => {
        const fp = mol.get_pattern_fp_as_uint8array() as Uint8Array;
        const alerts = findStructuralAlerts(mol, fp);
        const pains = painsNames(alerts);
        const brenk = brenkNames(alerts);
        tally.compared++;
        tally.painsHits += pains.length;
        tally.brenkHits += brenk.length;
        // Same names in the same (sorted) order as the reference writes them.
        if (pains.join(';') === row.pains.join(';')) tally.painsEqual++;
        else mismatches.push(`PAINS ${row.smiles}: ${pains} vs ${row.pains}`);
        if (brenk.join(';') === row.brenk.join(';')) tally.brenkEqual++;
        else mismatches.push(`Brenk ${row.smiles}: ${brenk} vs ${row.brenk}`);
        const screened = catalog.matchingIndices(mol, fp).join();
        if (screened === catalog.matchingIndices(mol, fp, { prescreen: false }).join())
          tally.prescreenEqual++;
        else mismatches.push(`prescreen ${row.smiles}`);
      });
    }
    console.log(
      `alerts vs reference (${rows.length} rows)\n` +
        `  compared        ${tally.compared} (unparseable [AlH3]: ${tally.unparseable})\n` +
        `  pains equal     ${tally.painsEqual}/${tally.compared} (${tally.painsHits} hits)\n` +
        `  brenk equal     ${tally.brenkEqual}/${tally.compared} (${tally.brenkHits} hits)\n` +
        `  prescreen exact ${tally.prescreenEqual}/${tally.compared}`,
    );
    expect(mismatches).toEqual([]);
    expect(tally.unparseable).toBe(UNPARSEABLE.size);
  }, 180_000);

  it.each([
    // Oc1ccccc1O: catechol_A(92) covers both O and the six ring carbons; merged query Hs become !H0 on the O's.
    ['Oc1ccccc1O', 'catechol_A(92)', [[0, 1, 2, 3, 4, 5, 6, 7]], 'PAINS_B'],
    // hexane: [R0;D2]x4 can only use the four inner carbons.
    ['CCCCCC', 'Aliphatic_long_chain', [[1, 2, 3, 4]], 'Brenk'],
    // CN(C)N: hydrazine N[NH2] is the N-N pair.
    ['CN(C)N', 'hydrazine', [[1, 3]], 'Brenk'],
    // two separate nitro groups: two matches of nitro_group.
    [
      'O=[N+]([O-])c1ccc(cc1)[N+](=O)[O-]',
      'nitro_group',
      [
        [0, 1, 2],
        [9, 10, 11],
      ],
      'Brenk',
    ],
  ])('reports the matched atoms of %s', (smiles, name, atoms, catalog) => {
    using(rd.get_mol(smiles)!, (mol) => {
      const alerts = findStructuralAlerts(mol, mol.get_pattern_fp_as_uint8array() as Uint8Array);
      const alert = alerts.find((a) => a.name === name);
      expect(alert?.catalog).toBe(catalog);
      const sorted = alert!.atoms.map((m) => [...m].sort((x, y) => x - y)).sort((x, y) => x[0] - y[0]);
      expect(sorted).toEqual(atoms);
    });
  });

  it('finds nothing on benzene', () => {
    using(rd.get_mol('c1ccccc1')!, (mol) => {
      expect(findStructuralAlerts(mol, mol.get_pattern_fp_as_uint8array() as Uint8Array)).toEqual([]);
    });
  });
});
