import type { ResultsQuery } from '@hitscreen/screening';
import { ApiError } from '../common/api-error';

export const DEFAULT_PAGE_SIZE = 100;

/** A query-string value as Express parses it: absent, one value, or repeated. */
export type QueryValue = string | string[] | undefined | unknown;

/**
 * `page` (from 1) and `pageSize` (1…maxPageSize) of a paged endpoint; anything else is a 400 that says what is
 * accepted. Defaults: page 1, pageSize 100 (or maxPageSize when that is smaller).
 */
export function parsePaging(
  page: QueryValue,
  pageSize: QueryValue,
  maxPageSize: number,
): { page: number; pageSize: number } {
  return {
    page: positiveInt('page', page, 1, Number.MAX_SAFE_INTEGER),
    pageSize: positiveInt('pageSize', pageSize, Math.min(DEFAULT_PAGE_SIZE, maxPageSize), maxPageSize),
  };
}

/**
 * The results query: paging, `sort` (one value, comma-separated keys, `-` for descending) and `filter`
 * (repeated, or comma-separated: `filter=qed>=0.5,alerts=none`). Their keys and values are the service's to
 * check (it knows the score columns), and it answers a bad one with a QueryError, which is a 400 as well.
 */
export function parseResultsQuery(query: Record<string, QueryValue>, maxPageSize: number): ResultsQuery {
  const allowed = new Set(['page', 'pageSize', 'sort', 'filter']);
  const unknown = Object.keys(query).filter((key) => !allowed.has(key));
  if (unknown.length > 0)
    throw ApiError.badRequest(
      `unknown query parameter ${unknown.map((k) => `"${k}"`).join(', ')}; accepted: page, pageSize, sort, filter`,
    );
  const paging = parsePaging(query.page, query.pageSize, maxPageSize);
  const result: ResultsQuery = { ...paging };
  const sort = single('sort', query.sort);
  if (sort !== undefined) {
    if (sort.trim() === '' || sort.split(',').some((key) => !/^[-+]?[A-Za-z0-9_.:-]+$/.test(key.trim())))
      throw ApiError.badRequest(
        `sort must be comma-separated score keys, each optionally prefixed by "-", got "${sort}"`,
      );
    result.sort = sort;
  }
  const filters = list('filter', query.filter);
  if (filters.length > 0) result.filters = filters;
  return result;
}

function single(name: string, value: QueryValue): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'string') throw ApiError.badRequest(`${name} must be given once`);
  return value;
}

function list(name: string, value: QueryValue): string[] {
  if (value === undefined) return [];
  const values = Array.isArray(value) ? value : [value];
  if (!values.every((v): v is string => typeof v === 'string'))
    throw ApiError.badRequest(`${name} must be text`);
  const parts = values.flatMap((v) => v.split(',')).map((v) => v.trim());
  if (parts.some((p) => p === '')) throw ApiError.badRequest(`${name} has an empty condition`);
  return parts;
}

function positiveInt(name: string, value: QueryValue, fallback: number, max: number): number {
  const text = single(name, value);
  if (text === undefined) return fallback;
  const n = Number(text);
  if (!/^\d+$/.test(text) || !Number.isSafeInteger(n) || n < 1 || n > max)
    throw ApiError.badRequest(`${name} must be an integer from 1 to ${max}, got "${text}"`);
  return n;
}
