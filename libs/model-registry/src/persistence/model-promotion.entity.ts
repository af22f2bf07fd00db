import { EntitySchema } from '@hitscreen/db';

/**
 * One promotion attempt, accepted or refused, with the comparison it was decided on: both versions' headline
 * metrics on the same molecules (or the cards' numbers, said so in `basis`), the tolerances and the reasons.
 */
export interface ModelPromotionRecord {
  id: string;
  name: string;
  /** The candidate. */
  version: string;
  /** Production when it was asked (null for a name's first version). */
  productionVersion: string | null;
  verdict: 'accepted' | 'refused';
  /** `evaluation-set` (both re-evaluated on the same file), `card-metrics` (no evaluation set), `first-version`. */
  basis: string;
  /** `{ evaluationSet?, production, candidate, comparisons, reasons }`, JSON. */
  comparison: string;
  requestedBy: string;
  at: string;
}

export const ModelPromotionEntity = new EntitySchema<ModelPromotionRecord>({
  name: 'ModelPromotion',
  tableName: 'model_promotion',
  columns: {
    id: { type: 'varchar', length: 36, primary: true },
    name: { type: 'varchar', length: 100 },
    version: { type: 'varchar', length: 100 },
    productionVersion: { type: 'varchar', length: 100, name: 'production_version', nullable: true },
    verdict: { type: 'varchar', length: 16 },
    basis: { type: 'varchar', length: 32 },
    comparison: { type: 'text' },
    requestedBy: { type: 'varchar', length: 200, name: 'requested_by' },
    at: { type: 'varchar', length: 32 },
  },
});
