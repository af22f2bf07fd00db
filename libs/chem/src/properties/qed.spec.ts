import { loadRDKit, using, type RDKitModule } from '../rdkit';
import { REFERENCE_UNPARSEABLE } from '../testing/reference-exceptions';
import { loadReference } from '../testing/reference';
import { qed, qedAlertCatalog, qedProperties } from './qed';
import { rdkitDescriptors } from './rdkit-descriptors';

const UNPARSEABLE = REFERENCE_UNPARSEABLE;

describe('QED against RDKit 2022.09 rdkit.Chem.QED (mean weights)', () => {
  let rd: RDKitModule;
  beforeAll(async () => {
    rd = await loadRDKit();
  });

  it('agrees within 1e-3 on every reference molecule; the alert prescreen never drops a match', () => {
    const rows = loadReference();
    const alerts = qedAlertCatalog();
    let compared = 0;
    let within = 0;
    let prescreenEqual = 0;
    let maxDiff = 0;
    const misses: string[] = [];
    for (const row of rows) {
      const mol = rd.get_mol(row.smiles);
      if (!mol) {
        expect(UNPARSEABLE.has(row.smiles)).toBe(true);
        continue;
      }
      using(mol, () => {
        const fp = mol.get_pattern_fp_as_uint8array() as Uint8Array;
        const d = rdkitDescriptors(mol);
        const value = qed(mol, d, fp);
        const diff = Math.abs(value - row.qed);
        compared++;
        maxDiff = Math.max(maxDiff, diff);
        if (diff <= 1e-3) within++;
        else
          misses.push(
            `${row.smiles}: ${value.toFixed(4)} vs ${row.qed} ${JSON.stringify(qedProperties(mol, d, fp))}`,
          );
        if (
          alerts.matchingIndices(mol, fp).join() ===
          alerts.matchingIndices(mol, fp, { prescreen: false }).join()
        )
          prescreenEqual++;
      });
    }
    console.log(
      `qed vs reference (${rows.length} rows, ${rows.length - compared} unparseable [AlH3])\n` +
        `  within 1e-3      ${within}/${compared} (max |diff| ${maxDiff.toExponential(2)})\n` +
        `  alert prescreen  ${prescreenEqual}/${compared} exact`,
    );
    expect(misses).toEqual([]);
    expect(prescreenEqual).toBe(compared);
    expect(compared).toBe(rows.length - UNPARSEABLE.size);
  }, 180_000);

  it('computes the eight properties of aspirin', () => {
    using(rd.get_mol('CC(=O)Oc1ccccc1C(=O)O')!, (mol) => {
      const fp = mol.get_pattern_fp_as_uint8array() as Uint8Array;
      const props = qedProperties(mol, rdkitDescriptors(mol), fp);
      // HBA: both carbonyl O, the ester O and the acid OH (QED's acceptor SMARTS, not CalcNumHBA's 3);
      // ALERTS: QED's phenyl-ester and ester patterns.
      expect(props).toEqual({
        MW: expect.closeTo(180.159, 3),
        ALOGP: expect.closeTo(1.3101, 4),
        HBA: 4,
        HBD: 1,
        PSA: expect.closeTo(63.6, 2),
        ROTB: 2,
        AROM: 1,
        ALERTS: 2,
      });
      // The reference row for aspirin.
      expect(qed(mol, rdkitDescriptors(mol), fp)).toBeCloseTo(0.5501, 4);
    });
  });

  it('counts rings left after deleting aliphatic ring atoms (AROM), e.g. fluorene keeps its CH2 ring', () => {
    const arom = (smiles: string) =>
      using(
        rd.get_mol(smiles)!,
        (mol) =>
          qedProperties(mol, rdkitDescriptors(mol), mol.get_pattern_fp_as_uint8array() as Uint8Array).AROM,
      );
    expect(arom('c1ccc2c(c1)Cc1ccccc1-2')).toBe(3);
    expect(arom('c1ccc2c(c1)CCCC2')).toBe(1);
    expect(arom('C1CCCCC1')).toBe(0);
  });
});
