import { createHash } from 'node:crypto';

/**
 * The graph encoding, as data. The featurizer version is a hash of this object, so any change to a vocabulary
 * or a slot order changes the version, and models trained on another encoding are refused at load time.
 */
export const ENCODING = {
  /** Atomic numbers with their own slot; everything else falls into the final "other" slot. */
  elements: [1, 5, 6, 7, 8, 9, 11, 14, 15, 16, 17, 19, 34, 35, 53],
  degrees: [0, 1, 2, 3, 4, 5],
  formalCharges: [-2, -1, 0, 1, 2],
  totalHs: [0, 1, 2, 3, 4],
  hybridizations: ['S', 'SP', 'SP2', 'SP3', 'SP3D', 'SP3D2'],
  chirality: ['cw', 'ccw'],
  bondOrders: ['single', 'double', 'triple', 'aromatic'],
  bondStereo: ['cis', 'trans', 'either'],
  /** Scalar atom features after the one-hot blocks. */
  atomScalars: ['aromatic', 'in_ring', 'mass_over_100'],
  bondScalars: ['conjugated', 'in_ring'],
} as const;

/** One-hot block width: each vocabulary plus an "other/unknown" slot. */
function block(vocabulary: readonly unknown[]): number {
  return vocabulary.length + 1;
}

export const ATOM_FEATURE_DIM =
  block(ENCODING.elements) +
  block(ENCODING.degrees) +
  block(ENCODING.formalCharges) +
  block(ENCODING.totalHs) +
  block(ENCODING.hybridizations) +
  block(ENCODING.chirality) +
  ENCODING.atomScalars.length;

export const BOND_FEATURE_DIM =
  block(ENCODING.bondOrders) + block(ENCODING.bondStereo) + ENCODING.bondScalars.length;

export const FEATURIZER_VERSION = `graph-1.${createHash('sha256').update(JSON.stringify(ENCODING)).digest('hex').slice(0, 12)}`;

/** Writes a one-hot block at `offset` and returns the offset after it. */
export function writeOneHot<T>(
  out: Float32Array,
  offset: number,
  vocabulary: readonly T[],
  value: T,
): number {
  const at = vocabulary.indexOf(value);
  out[offset + (at === -1 ? vocabulary.length : at)] = 1;
  return offset + vocabulary.length + 1;
}
