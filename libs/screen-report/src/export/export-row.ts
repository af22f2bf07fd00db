import { PROPS_COLUMNS, type Row } from '@hitscreen/chem';
import type { ResultRow } from '@hitscreen/screening';

/**
 * Columns of chem's props row that are not properties: identity, structure, alert names (the export has its own
 * `alerts` column) and the error. The pipeline leaves out the same ones (PROPERTY_KEYS in @hitscreen/screening).
 */
const NOT_PROPERTIES = new Set([
  'record',
  'id',
  'smiles',
  'parent_smiles',
  'inchikey',
  'pains',
  'brenk',
  'error',
]);

/**
 * The property columns of a result row: @hitscreen/chem's PROPS_COLUMNS less identity, structure, alerts and
 * error, in its order. Derived rather than listed, so a property added to chem's props row reaches the export.
 * The values are chem's `toPropsRow` values (the pipeline stores them as the row's `properties`).
 */
export const PROPERTY_COLUMNS: readonly string[] = PROPS_COLUMNS.filter((c) => !NOT_PROPERTIES.has(c));

const LEADING_COLUMNS = ['row', 'id', 'input', 'status', 'error', 'parent_smiles', 'inchikey'] as const;
const TRAILING_COLUMNS = ['alerts', 'desirability', 'rank'] as const;

/** A model as the export needs it: its name and its task names (from the model card). */
export interface ExportModel {
  name: string;
  tasks: string[];
}

/**
 * The columns of a screen's CSV export (and the data fields of its SDF export): identity and status, the
 * properties, then per model each task's prediction and spread (`<model>.<task>`, `<model>.<task>.std`), the
 * model's domain (`<model>.max_similarity`, `<model>.in_domain`), then alerts, desirability and rank. Fixed by
 * the screen's models before the first row, so the export streams.
 */
export function exportColumns(models: readonly ExportModel[]): string[] {
  const modelColumns = models.flatMap((m) => [
    ...m.tasks.flatMap((task) => [`${m.name}.${task}`, `${m.name}.${task}.std`]),
    `${m.name}.max_similarity`,
    `${m.name}.in_domain`,
  ]);
  return [...LEADING_COLUMNS, ...PROPERTY_COLUMNS, ...modelColumns, ...TRAILING_COLUMNS];
}

/** One result row flattened to the export columns; alerts as `catalog:name` joined by `;`. */
export function toExportRow(row: ResultRow): Row {
  const out: Row = {
    row: row.row,
    id: row.id,
    input: row.input,
    status: row.status,
    error: row.error,
    parent_smiles: row.parentSmiles,
    inchikey: row.inchikey,
    alerts: row.alerts.map((a) => `${a.catalog}:${a.name}`).join(';'),
    desirability: row.desirability,
    rank: row.rank,
  };
  for (const column of PROPERTY_COLUMNS) out[column] = row.properties[column];
  for (const p of row.predictions) {
    out[p.key] = p.value;
    out[`${p.key}.std`] = p.uncertainty;
  }
  for (const d of row.domain) {
    out[`${d.model}.max_similarity`] = d.maxSimilarity;
    out[`${d.model}.in_domain`] = d.inDomain;
  }
  return out;
}
