import type { InputRecord } from '../records';
import { loadRDKit } from '../rdkit';
import { morganFingerprint } from '../fingerprints/morgan';
import { withParent } from './with-parent';

export interface RecordFingerprint {
  record: number;
  id: string;
  /** Morgan fingerprint of the standardized parent; absent when the record failed. */
  fingerprint?: Uint8Array;
  error?: string;
}

/** Parent Morgan fingerprint of one record: similarity is about the drug, not its counter-ion. */
export function fingerprintRecord(input: InputRecord): RecordFingerprint {
  return withParent(input, 'fingerprint', (parent) => ({ fingerprint: morganFingerprint(parent) }));
}

/** Parent Morgan fingerprint of a single structure (a similarity query), or RDKit's reason it is invalid. */
export async function fingerprintStructure(
  structure: string,
): Promise<{ fingerprint: Uint8Array } | { error: string }> {
  await loadRDKit();
  const result = fingerprintRecord({ record: 1, id: 'query', structure, fields: {} });
  return result.fingerprint
    ? { fingerprint: result.fingerprint }
    : { error: result.error ?? 'no fingerprint' };
}
