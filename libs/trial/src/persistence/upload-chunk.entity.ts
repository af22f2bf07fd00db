import { EntitySchema } from '@hitscreen/db';

/**
 * A slice of an upload's bytes (after gzip decompression), staged so that an ingest job on any machine can read
 * it: Redis carries only the patient set's id. Raw FHIR holds names and identifiers, so `data` is sealed
 * (gzip, then AES-256-GCM under a key derived from TRIAL_PSEUDONYM_KEY) and the rows go once ingested.
 */
export interface UploadChunkRecord {
  patientSetId: string;
  chunkIndex: number;
  /** base64 of iv ‖ tag ‖ ciphertext (see staging-cipher.ts). */
  data: string;
}

export const UploadChunkEntity = new EntitySchema<UploadChunkRecord>({
  name: 'TrialUploadChunk',
  tableName: 'trial_upload_chunk',
  columns: {
    patientSetId: { type: 'varchar', length: 36, primary: true, name: 'patient_set_id' },
    chunkIndex: { type: 'integer', primary: true, name: 'chunk_index' },
    data: { type: 'text' },
  },
});
