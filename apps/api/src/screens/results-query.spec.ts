import { ApiError } from '../common/api-error';
import { parsePaging, parseResultsQuery } from './results-query';

const reason = (fn: () => unknown): string => {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(ApiError);
    expect((error as ApiError).status).toBe(400);
    return (error as Error).message;
  }
  throw new Error('expected a 400');
};

describe('parsePaging', () => {
  it('defaults to page 1 of 100, capped by the maximum page size', () => {
    expect(parsePaging(undefined, undefined, 1000)).toEqual({ page: 1, pageSize: 100 });
    expect(parsePaging(undefined, undefined, 50)).toEqual({ page: 1, pageSize: 50 });
    expect(parsePaging('3', '25', 1000)).toEqual({ page: 3, pageSize: 25 });
  });

  it('answers a bad page or page size with what is accepted', () => {
    expect(reason(() => parsePaging('0', undefined, 1000))).toBe(
      'page must be an integer from 1 to 9007199254740991, got "0"',
    );
    expect(reason(() => parsePaging(undefined, '-5', 1000))).toBe(
      'pageSize must be an integer from 1 to 1000, got "-5"',
    );
    expect(reason(() => parsePaging(undefined, '1001', 1000))).toMatch(
      /pageSize must be an integer from 1 to 1000/,
    );
    expect(reason(() => parsePaging(['1', '2'], undefined, 1000))).toBe('page must be given once');
  });
});

describe('parseResultsQuery', () => {
  it('passes sort through and collects repeated and comma-separated filters', () => {
    expect(
      parseResultsQuery(
        { page: '2', sort: '-score,qed', filter: ['qed>=0.5,alerts=none', 'tox_max<0.3'] },
        1000,
      ),
    ).toEqual({
      page: 2,
      pageSize: 100,
      sort: '-score,qed',
      filters: ['qed>=0.5', 'alerts=none', 'tox_max<0.3'],
    });
  });

  it('refuses unknown parameters, malformed sort keys and empty conditions', () => {
    expect(reason(() => parseResultsQuery({ sortBy: 'qed' }, 1000))).toMatch(
      /unknown query parameter "sortBy"/,
    );
    expect(reason(() => parseResultsQuery({ sort: 'qed desc' }, 1000))).toMatch(
      /^sort must be comma-separated/,
    );
    expect(reason(() => parseResultsQuery({ filter: 'qed>=0.5,' }, 1000))).toBe(
      'filter has an empty condition',
    );
  });
});
