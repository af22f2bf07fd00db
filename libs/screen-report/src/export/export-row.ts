import type { Row } from '@hitscreen/chem';
import type { ResultRow } from '@hitscreen/screening';

/** The property columns of a result row, in the order of @hitscreen/chem's PROPS_COLUMNS. */
export const PROPERTY_COLUMNS = [
  'heavy_atoms',
  'mol_wt',
  'exact_mw',
  'clogp',
  'mr',
  'tpsa',
  'hbd',
  'hba',
  'lipinski_hbd',
  'lipinski_hba',
  'rot_bonds',
  'rings',
  'aromatic_rings',
  'fsp3',
  'stereocenters',
  'qed',
  'lipinski_violations',
  'veber_pass',
] as const;

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
