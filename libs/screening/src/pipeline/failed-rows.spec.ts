import { failedChunkRows } from './failed-rows';

describe('failedChunkRows', () => {
  it('fails every record with the reason, keeping a reader error as invalid', () => {
    const rows = failedChunkRows(
      {
        firstRow: 9,
        recordCount: 2,
        records: [
          { record: 9, id: 'a', structure: 'CCO', fields: {} },
          { record: 10, id: 'b', structure: '', fields: {}, error: 'CSV row 10 has no SMILES value' },
        ],
      },
      'chunk 1 failed after 3 attempt(s): boom',
    );
    expect(rows.map((r) => [r.row, r.id, r.input, r.status, r.error, r.desirability])).toEqual([
      [9, 'a', 'CCO', 'failed', 'chunk 1 failed after 3 attempt(s): boom', null],
      [10, 'b', '', 'invalid', 'CSV row 10 has no SMILES value', null],
    ]);
  });

  it('numbers the rows from the chunk when its records cannot be read', () => {
    const rows = failedChunkRows({ firstRow: 5, recordCount: 3 }, 'unreadable');
    expect(rows.map((r) => [r.row, r.id, r.input, r.status, r.error])).toEqual([
      [5, '5', '', 'failed', 'unreadable'],
      [6, '6', '', 'failed', 'unreadable'],
      [7, '7', '', 'failed', 'unreadable'],
    ]);
  });
});
