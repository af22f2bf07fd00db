import type { ResultRow, ScreenSummary } from '@hitscreen/screening';

/** A scored row for the report's specs: desirability and properties derived from `row`, so values are known. */
export function okRow(row: number, overrides: Partial<ResultRow> = {}): ResultRow {
  return {
    row,
    id: `m${row}`,
    input: 'c1ccccc1O',
    status: 'ok',
    error: null,
    parentSmiles: 'c1ccccc1O',
    inchikey: 'ISWSIDIOOBJBQZ-UHFFFAOYSA-N',
    properties: { mol_wt: 94 + row, clogp: row / 10, qed: 0.5 },
    alerts: [],
    predictions: [{ key: 'esol.logS', value: -row / 100, uncertainty: 0.1 }],
    domain: [{ model: 'esol', maxSimilarity: 0.5, inDomain: true }],
    desirability: (row % 100) / 100,
    rank: null,
    ...overrides,
  };
}

export const SUMMARY: ScreenSummary = {
  id: 'scr_1',
  name: 'phenols <test>',
  status: 'completed',
  counts: { total: 3, done: 3, invalid: 1, failed: 0 },
  progress: 1,
  createdAt: '2026-11-29T06:00:00.000Z',
  startedAt: '2026-11-29T06:00:01.000Z',
  finishedAt: '2026-11-29T06:00:02.000Z',
  models: [{ name: 'esol', version: '1.0.0' }],
  options: {},
  error: null,
  owner: 'user:1',
  team: 'med-chem',
};
