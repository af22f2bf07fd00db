import { EntitySchema } from '@hitscreen/db';

export type ModelStatus = 'candidate' | 'production' | 'retired';

/**
 * One registered version of a model: its card, every file with its SHA-256, who registered, promoted and retired
 * it. At most one version of a name is `production` (a partial unique index). JSON columns are text so the same
 * schema serves PostgreSQL and SQLite.
 */
export interface ModelVersionRecord {
  name: string;
  version: string;
  status: ModelStatus;
  /** Runs beside production on finished screens (candidates only). */
  shadow: boolean;
  /** Where the files are: relative to the models root when under it (`esol`, `candidates/esol/2026…`), else absolute. */
  dir: string;
  /** card.json, JSON. */
  card: string;
  featurizerVersion: string;
  /** `[{ path, sha256, bytes }]`, JSON, sorted by path. */
  files: string;
  /** SHA-256 over the file list: one fingerprint of the version. */
  filesSha256: string;
  /** The card's training data: `{ file, rows, sha256, citation, licence }`, JSON. */
  trainingData: string;
  registeredBy: string;
  registeredAt: string;
  promotedBy: string | null;
  promotedAt: string | null;
  retiredBy: string | null;
  retiredAt: string | null;
}

export const ModelVersionEntity = new EntitySchema<ModelVersionRecord>({
  name: 'ModelVersion',
  tableName: 'model_version',
  columns: {
    name: { type: 'varchar', length: 100, primary: true },
    version: { type: 'varchar', length: 100, primary: true },
    status: { type: 'varchar', length: 16 },
    shadow: { type: 'boolean' },
    dir: { type: 'text' },
    card: { type: 'text' },
    featurizerVersion: { type: 'varchar', length: 100, name: 'featurizer_version' },
    files: { type: 'text' },
    filesSha256: { type: 'varchar', length: 64, name: 'files_sha256' },
    trainingData: { type: 'text', name: 'training_data' },
    registeredBy: { type: 'varchar', length: 200, name: 'registered_by' },
    registeredAt: { type: 'varchar', length: 32, name: 'registered_at' },
    promotedBy: { type: 'varchar', length: 200, name: 'promoted_by', nullable: true },
    promotedAt: { type: 'varchar', length: 32, name: 'promoted_at', nullable: true },
    retiredBy: { type: 'varchar', length: 200, name: 'retired_by', nullable: true },
    retiredAt: { type: 'varchar', length: 32, name: 'retired_at', nullable: true },
  },
});
