import { brenkNames, painsNames } from '../alerts';
import type { MoleculeProfile } from './profile-record';

/** The columns of `props` output, in order (the contract of the command line and of the reference data). */
export const PROPS_COLUMNS = [
  'record',
  'id',
  'smiles',
  'parent_smiles',
  'inchikey',
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
  'pains',
  'brenk',
  'error',
] as const;

export type PropsRow = Record<(typeof PROPS_COLUMNS)[number], string | number | boolean>;

/** Rounds for output only; computation keeps full precision. */
function round(value: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}

/** A profile flattened to the `props` columns; failed records keep record, id, input and the error. */
export function toPropsRow(p: MoleculeProfile): PropsRow {
  const d = p.descriptors;
  return {
    record: p.record,
    id: p.id,
    smiles: p.input,
    parent_smiles: p.parentSmiles ?? '',
    inchikey: p.inchikey ?? '',
    heavy_atoms: d?.heavyAtoms ?? '',
    mol_wt: d ? round(d.molWt, 3) : '',
    exact_mw: d ? round(d.exactMw, 4) : '',
    clogp: d ? round(d.clogp, 4) : '',
    mr: d ? round(d.mr, 4) : '',
    tpsa: d ? round(d.tpsa, 2) : '',
    hbd: d?.hbd ?? '',
    hba: d?.hba ?? '',
    lipinski_hbd: d?.lipinskiHbd ?? '',
    lipinski_hba: d?.lipinskiHba ?? '',
    rot_bonds: d?.rotBonds ?? '',
    rings: d?.rings ?? '',
    aromatic_rings: d?.aromaticRings ?? '',
    fsp3: d ? round(d.fsp3, 4) : '',
    stereocenters: d?.stereocenters ?? '',
    qed: p.qed === undefined ? '' : round(p.qed, 4),
    lipinski_violations: p.lipinskiViolations ?? '',
    veber_pass: p.veberPass ?? '',
    pains: p.alerts ? painsNames(p.alerts).join(';') : '',
    brenk: p.alerts ? brenkNames(p.alerts).join(';') : '',
    error: p.error ?? '',
  };
}
