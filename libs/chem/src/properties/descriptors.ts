import type { Mol } from '../rdkit';
import type { RDKitDescriptors } from './rdkit-descriptors';

/** The physicochemical properties reported per molecule (the `props` columns heavy_atoms … stereocenters). */
export interface Descriptors {
  heavyAtoms: number;
  /** Average molecular weight. */
  molWt: number;
  /** Monoisotopic mass. */
  exactMw: number;
  /** Wildman–Crippen logP. */
  clogp: number;
  /** Wildman–Crippen molar refractivity. */
  mr: number;
  /** Topological polar surface area (N and O only, RDKit's default). */
  tpsa: number;
  /** RDKit's NumHBD. */
  hbd: number;
  /** RDKit's NumHBA in this release's definition (which changed after 2022.09: fewer acceptors on ~17%). */
  hba: number;
  /** Lipinski's donor count: NH plus OH hydrogens' heavy atoms. */
  lipinskiHbd: number;
  /** Lipinski's acceptor count: N plus O atoms. */
  lipinskiHba: number;
  /** Rotatable bonds, RDKit's default definition. */
  rotBonds: number;
  /** Rings in RDKit's ring perception (SSSR). */
  rings: number;
  aromaticRings: number;
  /** Fraction of carbons that are sp3. */
  fsp3: number;
  /** Tetrahedral stereocentres, assigned or not, in this release's stereo perception. */
  stereocenters: number;
}

/**
 * The reported descriptors, read from RDKit's one-call descriptor set. `descriptors` must come from
 * `rdkitDescriptors(mol)`; it is passed in so the expensive call is made once per molecule and shared with QED.
 * `mol` is the molecule they describe, kept in the signature for properties RDKit does not compute in that call.
 */
export function molecularDescriptors(mol: Mol, descriptors: RDKitDescriptors): Descriptors {
  const d = descriptors;
  return {
    heavyAtoms: d.NumHeavyAtoms,
    molWt: d.amw,
    exactMw: d.exactmw,
    clogp: d.CrippenClogP,
    mr: d.CrippenMR,
    tpsa: d.tpsa,
    hbd: d.NumHBD,
    hba: d.NumHBA,
    lipinskiHbd: d.lipinskiHBD,
    lipinskiHba: d.lipinskiHBA,
    rotBonds: d.NumRotatableBonds,
    rings: d.NumRings,
    aromaticRings: d.NumAromaticRings,
    fsp3: d.FractionCSP3,
    stereocenters: d.NumAtomStereoCenters,
  };
}
