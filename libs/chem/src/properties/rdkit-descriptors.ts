import type { Mol } from '../rdkit';

/**
 * The descriptor set RDKit's MinimalLib computes in one call (`get_descriptors`). It is the most expensive
 * call per molecule, so it is made once and the parsed object is shared by every consumer (properties, QED).
 */
export interface RDKitDescriptors {
  exactmw: number;
  amw: number;
  lipinskiHBA: number;
  lipinskiHBD: number;
  NumRotatableBonds: number;
  NumHBD: number;
  NumHBA: number;
  NumHeavyAtoms: number;
  NumAtoms: number;
  NumHeteroatoms: number;
  NumAmideBonds: number;
  FractionCSP3: number;
  NumRings: number;
  NumAromaticRings: number;
  NumAliphaticRings: number;
  NumSaturatedRings: number;
  NumAtomStereoCenters: number;
  NumUnspecifiedAtomStereoCenters: number;
  tpsa: number;
  CrippenClogP: number;
  CrippenMR: number;
  [name: string]: number;
}

export function rdkitDescriptors(mol: Mol): RDKitDescriptors {
  return JSON.parse(mol.get_descriptors()) as RDKitDescriptors;
}
