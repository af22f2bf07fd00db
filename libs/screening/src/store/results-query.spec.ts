import { QueryError } from '../contract';
import { compileResultsQuery } from './results-query';

const keys = new Set(['score', 'rank', 'row', 'qed', 'alerts', 'in_domain', 'tox21.NR-AR', 'bace.pIC50']);
const page = { page: 2, pageSize: 50 };

describe('compileResultsQuery', () => {
  it('reads score keys from the JSON column in each dialect, columns directly', () => {
    const pg = compileResultsQuery(
      { ...page, sort: '-score,tox21.NR-AR', filters: ['qed>=0.5'] },
      keys,
      'postgres',
    );
    expect(pg.where).toEqual([`(scores ->> 'qed')::double precision >= 0.5`]);
    expect(pg.orderBy).toEqual([
      '(desirability IS NULL)',
      'desirability DESC',
      `((scores ->> 'tox21.NR-AR')::double precision IS NULL)`,
      `(scores ->> 'tox21.NR-AR')::double precision ASC`,
      'row_index ASC',
    ]);
    expect([pg.limit, pg.offset]).toEqual([50, 50]);
    const sqlite = compileResultsQuery(
      { ...page, filters: ['alerts=none', 'in_domain=true', 'status!=invalid'] },
      keys,
      'sqlite',
    );
    expect(sqlite.where).toEqual([
      `json_extract(scores, '$."alerts"') = 0`,
      `json_extract(scores, '$."in_domain"') = 1`,
      `status <> 'invalid'`,
    ]);
  });

  it("reads keys that a table holds in columns (a sort table's slots) from them, and says when JSON is read", () => {
    const slots = new Map([
      ['qed', 'k3'],
      ['alerts', 'k8'],
    ]);
    const onSlots = compileResultsQuery(
      { ...page, sort: '-qed', filters: ['alerts=none', 'status=ok', 'rank<=10'] },
      keys,
      'postgres',
      slots,
    );
    expect(onSlots.where).toEqual(['k8 = 0', `status = 'ok'`, 'rank <= 10']);
    expect(onSlots.orderBy).toEqual(['(k3 IS NULL)', 'k3 DESC', 'row_index ASC']);
    expect(onSlots.sort).toEqual([{ expression: 'k3', descending: true }]);
    expect(onSlots.readsScores).toBe(false);
    const partly = compileResultsQuery({ ...page, sort: 'qed,bace.pIC50' }, keys, 'sqlite', slots);
    expect(partly.sort).toEqual([
      { expression: 'k3', descending: false },
      { expression: `json_extract(scores, '$."bace.pIC50"')`, descending: false },
    ]);
    expect(partly.readsScores).toBe(true);
  });

  it('refuses unknown keys, malformed filters and bad paging with the reason', () => {
    const fail = (query: object) => () => compileResultsQuery({ ...page, ...query }, keys, 'sqlite');
    expect(fail({ sort: 'potency' })).toThrow(/unknown key "potency"/);
    expect(fail({ filters: ['qed >= 0.5 OR 1=1'] })).toThrow(QueryError);
    expect(fail({ filters: ["qed>=0.5'"] })).toThrow(/not a number/);
    expect(fail({ filters: ['qed'] })).toThrow(/malformed filter/);
    expect(fail({ filters: ['status=weird'] })).toThrow(/status takes/);
    expect(fail({ page: 0 })).toThrow(/page must be/);
    expect(fail({ pageSize: 1001 })).toThrow(/pageSize must be/);
  });
});
