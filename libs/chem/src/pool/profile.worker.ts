// Worker-thread entry: each thread owns one RDKit WASM instance and its compiled alert catalogs.
import type { InputRecord } from '../records';
import { loadRDKit } from '../rdkit';
import { profileRecord, type MoleculeProfile } from '../profile/profile-record';
import { fingerprintRecord, type RecordFingerprint } from '../profile/fingerprint-record';

export async function profileBatch(records: InputRecord[]): Promise<MoleculeProfile[]> {
  await loadRDKit();
  return records.map((record) => profileRecord(record));
}

export async function fingerprintBatch(records: InputRecord[]): Promise<RecordFingerprint[]> {
  await loadRDKit();
  return records.map((record) => fingerprintRecord(record));
}
