import { SqlParams, type Dialect } from '@hitscreen/db';
import type { EntityManager } from 'typeorm';
import { PROPERTY_KEYS } from '../pipeline/score-keys';
import {
  INDEXED_SORT_SLOTS,
  SORT_SLOT_COUNT,
} from '../persistence/migrations/1764850000000-result-sort-table';

export const SORT_TABLE = 'screen_result_sort';
const KEY = /^[A-Za-z0-9_.-]+$/;

/** `<model>.<task>` keys (not their `.std` spread nor `<model>.max_similarity`), in the screen's order. */
function predictionKeys(keys: readonly string[]): string[] {
  return keys.filter((k) => k.includes('.') && !k.endsWith('.std') && !k.endsWith('.max_similarity'));
}

/**
 * The keys a screen's sort table holds, slot 1 first. The indexed slots go to what users sort by most: molecular
 * weight, cLogP, QED, the worst toxicity and each model's headline (its first task); then the flags users filter
 * by (alerts, in_domain), the other predictions and the other properties, as long as slots last. Columns of the
 * result table (score, rank, row) and keys not in the screen take no slot.
 */
export function sortSlotKeys(scoreKeys: readonly string[]): string[] {
  const has = new Set(scoreKeys);
  const predictions = predictionKeys(scoreKeys);
  const headlines = predictions.filter((k, i) => predictions.findIndex((p) => model(p) === model(k)) === i);
  const priority = [
    'mol_wt',
    'clogp',
    'qed',
    'tox_max',
    ...headlines,
    'alerts',
    'in_domain',
    ...predictions,
    ...PROPERTY_KEYS,
  ];
  const slots: string[] = [];
  for (const key of priority)
    if (has.has(key) && KEY.test(key) && !slots.includes(key) && slots.length < SORT_SLOT_COUNT)
      slots.push(key);
  return slots;
}

const model = (key: string) => key.slice(0, key.indexOf('.'));

/** The sort table's columns that have an index (screen_id, column, row_index): a one-key order reads a page. */
export function isIndexedSortColumn(column: string): boolean {
  if (column === 'rank' || column === 'row_index') return true;
  const slot = /^k(\d+)$/.exec(column);
  return slot !== null && Number(slot[1]) <= INDEXED_SORT_SLOTS;
}

/** A screen's sort table: its number there and the column of each key it holds. */
export interface SortSlots {
  sortNo: number;
  columns: Map<string, string>;
}

/**
 * Writes a screen's sort table from its result rows (at finalize, after ranking, in the same transaction), with
 * the very expressions the JSON path sorts and filters by, so both paths order and match the same values.
 * Replaces what an earlier finalize wrote.
 */
export async function writeSortTable(m: EntityManager, dialect: Dialect, screenId: string): Promise<void> {
  const existing = await readSortSlots(m, dialect, screenId);
  if (existing)
    for (const table of [SORT_TABLE, 'screen_sort']) {
      const params = new SqlParams(dialect);
      await m.query(`DELETE FROM ${table} WHERE sort_no = ${params.add(existing.sortNo)}`, params.values);
    }
  const screenParams = new SqlParams(dialect);
  const screens = (await m.query(
    `SELECT score_keys FROM screen WHERE id = ${screenParams.add(screenId)}`,
    screenParams.values,
  )) as { score_keys: string }[];
  if (screens.length === 0) return;
  const keys = sortSlotKeys(JSON.parse(screens[0].score_keys) as string[]);
  const insertParams = new SqlParams(dialect);
  await m.query(
    `INSERT INTO screen_sort (screen_id, keys) VALUES (${insertParams.add(screenId)}, ${insertParams.add(JSON.stringify(keys))})`,
    insertParams.values,
  );
  const written = await readSortSlots(m, dialect, screenId);
  if (!written) throw new Error(`screen ${screenId}: its sort table's number was not stored`);
  const { sortNo } = written;
  const slots = keys.map((_, i) => `k${i + 1}`);
  // PostgreSQL: one jsonb_to_record per row reads the (often compressed) scores once; `->>` per key would
  // decompress them once per key (3× the time for 24 keys of 93,087 rows). Its number → text → double precision
  // is the conversion of `(scores ->> key)::double precision`.
  const values =
    dialect === 'postgres'
      ? keys.map((k) => `x."${k}"`)
      : keys.map((k) => `json_extract(r.scores, '$."${k}"')`);
  const from =
    dialect === 'postgres' && keys.length > 0
      ? `screen_result r CROSS JOIN LATERAL jsonb_to_record(r.scores) AS x(${keys
          .map((k) => `"${k}" double precision`)
          .join(', ')})`
      : 'screen_result r';
  const params = new SqlParams(dialect);
  await m.query(
    `INSERT INTO ${SORT_TABLE} (sort_no, row_index, status, desirability, rank${slots.map((s) => `, ${s}`).join('')}) ` +
      `SELECT ${params.add(sortNo)}, r.row_index, r.status, r.desirability, r.rank${values.map((v) => `, ${v}`).join('')} ` +
      `FROM ${from} WHERE r.screen_id = ${params.add(screenId)}`,
    params.values,
  );
}

/** A screen's sort table; null when the screen has none (not final, or finalized before there was one). */
export async function readSortSlots(
  m: Pick<EntityManager, 'query'>,
  dialect: Dialect,
  screenId: string,
): Promise<SortSlots | null> {
  const params = new SqlParams(dialect);
  const rows = (await m.query(
    `SELECT sort_no, keys FROM screen_sort WHERE screen_id = ${params.add(screenId)}`,
    params.values,
  )) as { sort_no: number | string; keys: string }[];
  if (rows.length === 0) return null;
  const keys = JSON.parse(rows[0].keys) as string[];
  return { sortNo: Number(rows[0].sort_no), columns: new Map(keys.map((key, i) => [key, `k${i + 1}`])) };
}
