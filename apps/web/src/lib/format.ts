import type { Count, ResultRow } from './types';

/** A number for a table cell: fixed decimals, a dash for none. */
export function num(value: number | null | undefined, digits = 2): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return '–';
  return value.toFixed(digits);
}

/** An aggregate count of the trial module as printed: "<11" and "hidden" stay words. */
export function count(value: Count | null | undefined): string {
  if (value === null || value === undefined) return '–';
  return typeof value === 'number' ? value.toLocaleString('en') : value;
}

/** A count as a number for charts; a suppressed cell counts as nothing drawn (null). */
export function countValue(value: Count): number | null {
  return typeof value === 'number' ? value : null;
}

export function percent(fraction: number): string {
  return `${Math.round(fraction * 100)} %`;
}

/** `2026-11-29T10:00:00.000Z` → `2026-11-29 10:00` (UTC, as stored). */
export function dateTime(iso: string | null | undefined): string {
  return iso ? iso.replace('T', ' ').slice(0, 16) : '–';
}

/** The prediction of one key of a row, or undefined. */
export function prediction(row: ResultRow, key: string) {
  return row.predictions.find((p) => p.key === key);
}

/** Whether every model that scored the row saw molecules like it in training (the applicability domain). */
export function inDomain(row: ResultRow): boolean {
  return row.domain.every((d) => d.inDomain);
}

/** A row's models out of domain, by name. */
export function outOfDomainModels(row: ResultRow): string[] {
  return row.domain.filter((d) => !d.inDomain).map((d) => d.model);
}

export interface ResultsParams {
  page: number;
  pageSize: number;
  /** `-score`, `qed`, … (the API's sort syntax). */
  sort: string;
  /** `qed>=0.5`, `alerts=none`, … */
  filters: string[];
}

/** The query string of GET /screens/:id/results for these parameters (filters repeated, in order). */
export function resultsQuery(params: ResultsParams): string {
  const search = new URLSearchParams();
  search.set('page', String(params.page));
  search.set('pageSize', String(params.pageSize));
  if (params.sort) search.set('sort', params.sort);
  for (const filter of params.filters) search.append('filter', filter);
  return search.toString();
}

/** The next sort when a column header is clicked: descending first, then ascending, keyed by the column. */
export function nextSort(current: string, key: string): string {
  if (current === `-${key}`) return key;
  return `-${key}`;
}

/** The sort state of a column for aria-sort. */
export function sortState(current: string, key: string): 'ascending' | 'descending' | 'none' {
  if (current === key) return 'ascending';
  if (current === `-${key}`) return 'descending';
  return 'none';
}

const FILTER = /^([A-Za-z0-9_.-]+)(>=|<=|!=|=|>|<)(.+)$/;

/** A filter typed by a user, checked for the API's shape; the reason when it cannot be one. */
export function parseFilter(text: string): { filter: string } | { error: string } {
  const compact = text.replace(/\s+/g, '');
  if (!FILTER.test(compact)) return { error: `"${text}" is not <column><op><value> (op: = != < <= > >=)` };
  return { filter: compact };
}

/** The sortable, filterable keys of a screen's rows: columns, properties, predictions and their spreads. */
export function resultKeys(row: ResultRow | undefined): string[] {
  const keys = ['score', 'rank', 'row'];
  if (!row) return keys;
  for (const p of row.predictions) keys.push(p.key, `${p.key}.std`);
  keys.push(...Object.keys(row.properties));
  return [...new Set(keys)];
}
