import type { Mol } from './rdkit';

/** An atom of RDKit's JSON (rdkitjson v12) with the file's defaults applied. */
export interface JsonAtom {
  z: number;
  charge: number;
  implicitHs: number;
  isotope: number;
  /** Tetrahedral tag as RDKit stores it: 'cw' | 'ccw' | 'unspecified' | other. */
  stereo: string;
}

export interface JsonBond {
  begin: number;
  end: number;
  /** 1, 2, 3 as written in the Kekulé form; aromaticity comes from `aromaticBonds`. */
  order: number;
  /** 'cis' | 'trans' | 'either' | 'unspecified' */
  stereo: string;
}

/** What RDKit's JSON says of a molecule: the one reader of `get_json()` for every consumer in this library. */
export interface MolJson {
  atoms: JsonAtom[];
  bonds: JsonBond[];
  aromaticAtoms: Set<number>;
  aromaticBonds: Set<number>;
  atomRings: number[][];
  cipCodes: Map<number, string>;
}

interface RawJson {
  defaults: { atom: Record<string, unknown>; bond: Record<string, unknown> };
  molecules: {
    atoms: Record<string, unknown>[];
    bonds?: { atoms: [number, number]; bo?: number; stereo?: string }[];
    extensions?: {
      name: string;
      aromaticAtoms?: number[];
      aromaticBonds?: number[];
      atomRings?: number[][];
      cipCodes?: [number, string][];
    }[];
  }[];
}

/** One `get_json()` call gives atoms, bonds, aromaticity and SSSR rings: cheaper than many WASM round trips. */
export function readMolJson(mol: Mol): MolJson {
  const raw = JSON.parse(mol.get_json()) as RawJson;
  const molecule = raw.molecules[0];
  const atomDefaults = raw.defaults.atom;
  const bondDefaults = raw.defaults.bond;
  const ext = molecule.extensions?.find((e) => e.name === 'rdkitRepresentation');
  return {
    atoms: molecule.atoms.map((a) => {
      const atom = { ...atomDefaults, ...a };
      return {
        z: Number(atom.z),
        charge: Number(atom.chg),
        implicitHs: Number(atom.impHs),
        isotope: Number(atom.isotope),
        stereo: String(atom.stereo),
      };
    }),
    bonds: (molecule.bonds ?? []).map((b) => ({
      begin: b.atoms[0],
      end: b.atoms[1],
      order: Number(b.bo ?? bondDefaults.bo),
      stereo: String(b.stereo ?? bondDefaults.stereo),
    })),
    aromaticAtoms: new Set(ext?.aromaticAtoms ?? []),
    aromaticBonds: new Set(ext?.aromaticBonds ?? []),
    atomRings: ext?.atomRings ?? [],
    cipCodes: new Map(ext?.cipCodes ?? []),
  };
}
