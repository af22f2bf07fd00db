import { EntitySchema } from '@hitscreen/db';

/**
 * How a shadow candidate agreed with production on one finished screen's valid molecules. One row per (screen,
 * name, candidate version): a rerun of the job replaces it.
 */
export interface ModelShadowReportRecord {
  screenId: string;
  name: string;
  version: string;
  /** The version that scored the screen (as the screen recorded it). */
  productionVersion: string;
  /** Molecules compared (valid, scored by both), and whether the screen had more than the cap. */
  molecules: number;
  truncated: boolean;
  /** Per task: `{ n, pearson, spearman, meanAbsDiff, topOverlap, disagreementRate? }`, JSON. */
  tasks: string;
  at: string;
}

export const ModelShadowReportEntity = new EntitySchema<ModelShadowReportRecord>({
  name: 'ModelShadowReport',
  tableName: 'model_shadow_report',
  columns: {
    screenId: { type: 'varchar', length: 36, primary: true, name: 'screen_id' },
    name: { type: 'varchar', length: 100, primary: true },
    version: { type: 'varchar', length: 100, primary: true },
    productionVersion: { type: 'varchar', length: 100, name: 'production_version' },
    molecules: { type: 'integer' },
    truncated: { type: 'boolean' },
    tasks: { type: 'text' },
    at: { type: 'varchar', length: 32 },
  },
});
