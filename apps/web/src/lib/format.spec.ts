import { count, nextSort, num, parseFilter, resultKeys, resultsQuery, sortState } from './format';
import type { ResultRow } from './types';

describe('results query helpers', () => {
  it('writes the API query string with repeated filters in order', () => {
    expect(
      resultsQuery({ page: 2, pageSize: 25, sort: '-score', filters: ['qed>=0.5', 'alerts=none'] }),
    ).toBe('page=2&pageSize=25&sort=-score&filter=qed%3E%3D0.5&filter=alerts%3Dnone');
  });

  it('sorts descending first, then ascending, and says so for aria-sort', () => {
    expect(nextSort('', 'qed')).toBe('-qed');
    expect(nextSort('-qed', 'qed')).toBe('qed');
    expect(nextSort('qed', 'qed')).toBe('-qed');
    expect(sortState('-score', 'score')).toBe('descending');
    expect(sortState('score', 'score')).toBe('ascending');
    expect(sortState('score', 'qed')).toBe('none');
  });

  it('accepts filters of the API shape and explains the others', () => {
    expect(parseFilter(' qed >= 0.5 ')).toEqual({ filter: 'qed>=0.5' });
    expect(parseFilter('bace.pIC50>6')).toEqual({ filter: 'bace.pIC50>6' });
    expect(parseFilter('qed is big')).toEqual({ error: expect.stringContaining('<column><op><value>') });
  });

  it("lists a row's keys: columns, predictions with their spread, properties", () => {
    const row = {
      predictions: [{ key: 'esol.logS', value: -2, uncertainty: 0.1 }],
      properties: { qed: 0.5, mol_wt: 180 },
    } as unknown as ResultRow;
    expect(resultKeys(row)).toEqual(['score', 'rank', 'row', 'esol.logS', 'esol.logS.std', 'qed', 'mol_wt']);
  });

  it('prints numbers and suppressed counts as they are', () => {
    expect(num(0.12345, 3)).toBe('0.123');
    expect(num(null)).toBe('–');
    expect(num(Number.NaN)).toBe('–');
    expect(count('<11')).toBe('<11');
    expect(count(12345)).toBe('12,345');
  });
});
