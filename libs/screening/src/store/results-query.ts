import type { Dialect } from '@hitscreen/db';
import { QueryError, type ResultsQuery } from '../contract';

/** Upper bound of `pageSize`: a page is one response, not an export (exportRows streams whole screens). */
export const MAX_PAGE_SIZE = 1000;

const KEY = /^[A-Za-z0-9_.-]+$/;
const FILTER = /^([A-Za-z0-9_.-]+)(>=|<=|!=|=|>|<)(.*)$/;

/** Keys that are columns of screen_result; every other key is read from the `scores` JSON. */
const COLUMN_KEYS: Record<string, string> = {
  score: 'desirability',
  desirability: 'desirability',
  rank: 'rank',
  row: 'row_index',
};

/** A filter on the row status (`status=invalid`), besides the numeric keys. */
const STATUSES = ['ok', 'invalid', 'failed'];

/**
 * The SQL expression of a score key. Keys are checked against the screen's known keys and a strict pattern
 * before they reach SQL, so inlining them as literals is safe (and keeps placeholder order trivial).
 */
export function keyExpression(key: string, dialect: Dialect): string {
  const column = COLUMN_KEYS[key];
  if (column) return column;
  if (!KEY.test(key)) throw new QueryError(`invalid key "${key}"`);
  return dialect === 'postgres'
    ? `(scores ->> '${key}')::double precision`
    : `json_extract(scores, '$."${key}"')`;
}

export interface CompiledQuery {
  /** SQL conditions (AND-ed after `screen_id = …`); values are literals checked here. */
  where: string[];
  /** ORDER BY terms, ending with row order as the tie-break. */
  orderBy: string[];
  /** The sort keys' expressions in order (`orderBy` without the null-last terms and the tie-break). */
  sort: { expression: string; descending: boolean }[];
  /** Whether an expression reads the `scores` JSON (a key the given `columns` do not hold). */
  readsScores: boolean;
  limit: number;
  offset: number;
}

function literal(value: string, key: string): string {
  if (value === 'true') return '1';
  if (value === 'false') return '0';
  if (key === 'alerts' && value === 'none') return '0';
  const number = Number(value);
  if (value.trim() === '' || !Number.isFinite(number))
    throw new QueryError(`filter on "${key}": "${value}" is not a number, true or false`);
  return String(number);
}

function unknownKey(key: string, keys: ReadonlySet<string>): QueryError {
  const sample = [...keys].slice(0, 12).join(', ');
  return new QueryError(`unknown key "${key}" (this screen has ${keys.size} keys, e.g. ${sample}, …)`);
}

/**
 * Compiles `sort` (`-score,qed`: comma-separated keys, `-` for descending) and `filters` (`<key><op><value>`,
 * op one of = != < <= > >=; `true`/`false` for flags; `alerts=none`; `status=ok|invalid|failed`) against the keys
 * of one screen. Rows without a value for a sort key (invalid rows) come last in either direction; rows without a
 * value for a filter key never match. Throws QueryError with the reason.
 */
export function compileResultsQuery(
  query: ResultsQuery,
  keys: ReadonlySet<string>,
  dialect: Dialect,
  columns?: ReadonlyMap<string, string>,
): CompiledQuery {
  let readsScores = false;
  // A key held in a real column of the queried table (the sort table's slots) is read from it, else from JSON.
  const expressionOf = (key: string): string => {
    const column = COLUMN_KEYS[key] ?? columns?.get(key);
    if (column) return column;
    readsScores = true;
    return keyExpression(key, dialect);
  };
  if (!Number.isInteger(query.page) || query.page < 1)
    throw new QueryError(`page must be an integer >= 1 (got ${query.page})`);
  if (!Number.isInteger(query.pageSize) || query.pageSize < 1 || query.pageSize > MAX_PAGE_SIZE)
    throw new QueryError(`pageSize must be an integer from 1 to ${MAX_PAGE_SIZE} (got ${query.pageSize})`);

  const where: string[] = [];
  for (const filter of query.filters ?? []) {
    const match = FILTER.exec(filter.trim());
    if (!match)
      throw new QueryError(
        `malformed filter "${filter}" (expected <key><op><value>, op one of = != < <= > >=)`,
      );
    const [, key, op, value] = match;
    if (key === 'status') {
      if (!STATUSES.includes(value) || (op !== '=' && op !== '!='))
        throw new QueryError(`filter "${filter}": status takes = or != and one of ${STATUSES.join(', ')}`);
      where.push(`status ${op === '=' ? '=' : '<>'} '${value}'`);
      continue;
    }
    if (!keys.has(key)) throw unknownKey(key, keys);
    where.push(`${expressionOf(key)} ${op === '!=' ? '<>' : op} ${literal(value, key)}`);
  }

  const orderBy: string[] = [];
  const sort: CompiledQuery['sort'] = [];
  for (const term of (query.sort ?? '')
    .split(',')
    .map((t) => t.trim())
    .filter(Boolean)) {
    const descending = term.startsWith('-');
    const key = descending || term.startsWith('+') ? term.slice(1) : term;
    if (!keys.has(key)) throw unknownKey(key, keys);
    const expression = expressionOf(key);
    orderBy.push(`(${expression} IS NULL)`, `${expression} ${descending ? 'DESC' : 'ASC'}`);
    sort.push({ expression, descending });
  }
  orderBy.push('row_index ASC');
  return {
    where,
    orderBy,
    sort,
    readsScores,
    limit: query.pageSize,
    offset: (query.page - 1) * query.pageSize,
  };
}
