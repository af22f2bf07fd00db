import { EntitySchema } from '@hitscreen/db';
import type { ScreenStatus } from '../contract';

/** One screen. JSON columns are text (serialized here) so the same schema serves PostgreSQL and SQLite. */
export interface ScreenRecord {
  id: string;
  name: string | null;
  /** Who submitted it: `user:<id>` or `key:<id>` (null: before access control, or the local CLI). */
  owner: string | null;
  /** The submitter's team at submission: its members see the screen too (null: the owner only). */
  team: string | null;
  status: ScreenStatus;
  /** ScreenOptions as submitted, JSON. */
  options: string;
  /** `{ name, version }[]` of the models that score this screen, JSON. */
  models: string;
  /** The sortable/filterable score keys of this screen (properties, predictions, derived), JSON. */
  scoreKeys: string;
  total: number;
  done: number;
  invalid: number;
  failed: number;
  chunkCount: number;
  error: string | null;
  /** ISO-8601 UTC: sorts as text in both databases. */
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
}

export const ScreenEntity = new EntitySchema<ScreenRecord>({
  name: 'Screen',
  tableName: 'screen',
  columns: {
    id: { type: 'varchar', length: 36, primary: true },
    name: { type: 'varchar', length: 200, nullable: true },
    owner: { type: 'varchar', length: 200, nullable: true },
    team: { type: 'varchar', length: 200, nullable: true },
    status: { type: 'varchar', length: 32 },
    options: { type: 'text' },
    models: { type: 'text' },
    scoreKeys: { type: 'text', name: 'score_keys' },
    total: { type: 'integer' },
    done: { type: 'integer' },
    invalid: { type: 'integer' },
    failed: { type: 'integer' },
    chunkCount: { type: 'integer', name: 'chunk_count' },
    error: { type: 'text', nullable: true },
    createdAt: { type: 'varchar', length: 32, name: 'created_at' },
    startedAt: { type: 'varchar', length: 32, name: 'started_at', nullable: true },
    finishedAt: { type: 'varchar', length: 32, name: 'finished_at', nullable: true },
  },
});
