import type { Mol } from '../rdkit';

export const MORGAN_RADIUS = 2;
export const MORGAN_BITS = 2048;
const MORGAN_DETAILS = JSON.stringify({ radius: MORGAN_RADIUS, nBits: MORGAN_BITS });

/**
 * Morgan (ECFP4-like) bit fingerprint, radius 2, 2048 bits, packed 8 bits per byte as RDKit returns it.
 * Copied out of WASM memory so the caller may keep it after the mol is deleted.
 */
export function morganFingerprint(mol: Mol): Uint8Array {
  const bits = mol.get_morgan_fp_as_uint8array(MORGAN_DETAILS) as Uint8Array;
  return Uint8Array.from(bits);
}
