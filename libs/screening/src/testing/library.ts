import type { InputRecord } from '@hitscreen/chem';

/** Real drugs and dyes (some with structural alerts), a sodium salt, and records that must fail with a reason. */
const SMILES = [
  'CC(=O)Oc1ccccc1C(=O)O', // aspirin
  'CC(C)Cc1ccc(cc1)C(C)C(=O)O', // ibuprofen
  'CN1C=NC2=C1C(=O)N(C(=O)N2C)C', // caffeine
  'CC(=O)Nc1ccc(O)cc1', // paracetamol
  'CN1CCC[C@H]1c1cccnc1', // nicotine
  'COc1ccc2[nH]cc(CCNC(C)=O)c2c1', // melatonin
  'OC(=O)c1ccccc1O', // salicylic acid
  'CCN(CC)CCOC(=O)c1ccc(N)cc1', // procaine
  'Clc1ccc(cc1)C(c1ccccc1)N1CCN(CC1)CCOCC(=O)O', // cetirizine
  'CN(C)CCCN1c2ccccc2CCc2ccccc21', // imipramine
  'O=C(O)c1ccccc1Nc1cccc(c1)C(F)(F)F', // flufenamic acid
  'CC12CCC3c4ccc(O)cc4CCC3C1CCC2O', // estradiol
  'NC(=O)c1cnccn1', // pyrazinamide
  'Cc1ccc(cc1)S(=O)(=O)NC(=O)NN1CCCCCC1', // tolazamide
  'O=c1cc(-c2ccccc2)oc2ccccc12', // flavone
  'Oc1ccc(cc1)/N=N/c1ccccc1', // an azo dye (alert)
  'O=C1C=CC(=O)C=C1', // benzoquinone (alert)
  'CCCCCCCCCC(=O)O', // decanoic acid
  'c1ccc2ccccc2c1', // naphthalene
  'CC(C)NCC(O)COc1cccc2ccccc12', // propranolol
  'CN1C(=O)CN=C(c2ccccc2)c2cc(Cl)ccc21', // diazepam
  'OCC1OC(O)C(O)C(O)C1O', // glucose
  '[Na+].CC(=O)Oc1ccccc1C(=O)[O-]', // aspirin sodium salt
  'C1CC(', // unclosed ring: RDKit refuses it
  'c1ccccc1N(=O)=O=O', // impossible valence
];

/** The test library as the chem readers would hand it over (row 24 and 25 invalid, row 26 a reader error). */
export function testLibrary(): InputRecord[] {
  const records: InputRecord[] = SMILES.map((structure, i) => ({
    record: i + 1,
    id: `mol-${i + 1}`,
    structure,
    fields: {},
  }));
  records.push({
    record: 26,
    id: 'mol-26',
    structure: '',
    fields: {},
    error: 'CSV row 26 has no SMILES value',
  });
  return records;
}

export async function* asStream<T>(items: readonly T[]): AsyncGenerator<T> {
  for (const item of items) yield item;
}
