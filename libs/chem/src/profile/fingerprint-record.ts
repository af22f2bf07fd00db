import type { InputRecord } from '../records';
import { loadRDKit, rdkit, using } from '../rdkit';
import { morganFingerprint } from '../fingerprints/morgan';
import { parseStructure, standardizeToParent } from '../standardize';

export interface RecordFingerprint {
  record: number;
  id: string;
  /** Morgan fingerprint of the standardized parent; absent when the record failed. */
  fingerprint?: Uint8Array;
  error?: string;
}

/** Parent Morgan fingerprint of one record: similarity is about the drug, not its counter-ion. */
export function fingerprintRecord(input: InputRecord): RecordFingerprint {
  const base = { record: input.record, id: input.id };
  if (input.error) return { ...base, error: input.error };
  const parsed = parseStructure(rdkit(), input.structure);
  if ('error' in parsed) return { ...base, error: parsed.error };
  try {
    return using(parsed.mol, (mol) => {
      const parent = standardizeToParent(rdkit(), mol);
      return using(parent.parent, (p) => ({ ...base, fingerprint: morganFingerprint(p) }));
    });
  } catch (error) {
    return { ...base, error: `fingerprint failed: ${(error as Error).message}` };
  }
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
