import { EntitySchema } from '@hitscreen/db';

/** A trial definition as submitted (valid against the schema); immutable once stored. */
export interface TrialRecord {
  /** The service's id (UUID); `trialKey` is the definition's own `id` (e.g. "T2D-001"). */
  id: string;
  trialKey: string;
  title: string;
  /** The Trial JSON. */
  definition: string;
  /** ISO-8601 UTC. */
  createdAt: string;
  /** Who created it: `user:<id>` or `key:<id>` (null: created before access control). */
  owner: string | null;
  /** The creator's team: its members see the trial (null: the owner only). */
  team: string | null;
}

export const TrialEntity = new EntitySchema<TrialRecord>({
  name: 'Trial',
  tableName: 'trial',
  columns: {
    id: { type: 'varchar', length: 36, primary: true },
    trialKey: { type: 'varchar', length: 200, name: 'trial_key' },
    title: { type: 'text' },
    definition: { type: 'text' },
    createdAt: { type: 'varchar', length: 32, name: 'created_at' },
    owner: { type: 'varchar', length: 200, nullable: true },
    team: { type: 'varchar', length: 200, nullable: true },
  },
});
