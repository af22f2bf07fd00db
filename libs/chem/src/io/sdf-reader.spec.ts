import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { readRecords } from './read-records';
import { collect, FIXTURES, readText } from './spec-helpers';

const fixture = (name: string) => join(FIXTURES, name);

describe('SDF reader', () => {
  it.each(['drugs-v2000.sdf', 'drugs-v3000.sdf'])('reads %s: molblocks, ids, data items', async (name) => {
    const records = await collect(readRecords(fixture(name)));
    expect(records.map((r) => [r.record, r.id, r.error])).toEqual([
      [1, 'aspirin', undefined],
      [2, 'DB00201', undefined], // empty title → the <ID> item
      [3, 'ibuprofen', undefined],
    ]);
    expect(records.map((r) => r.fields)).toEqual([
      { ID: 'DB00945', activity: '7.1' }, // `>  <activity>  (1)` header variant
      { ID: 'DB00201', activity: '5.0' },
      { ID: 'DB01050', note: 'racemic\nNSAID' },
    ]);
    // The structure is the molblock exactly as in the file, through `M  END`.
    const text = readFileSync(fixture(name), 'utf8');
    for (const r of records) {
      expect(r.structure).toMatch(/\nM {2}END\n$/);
      expect(text).toContain(r.structure);
    }
    expect(records[0].structure).toMatch(name.includes('v3000') ? /V3000\nM {2}V30 BEGIN CTAB/ : /V2000\n/);
  });

  it('reads a MOL file (no $$$$) as one record', async () => {
    const [record, ...rest] = await collect(readRecords(fixture('paracetamol.mol')));
    expect(rest).toEqual([]);
    expect(record).toMatchObject({ record: 1, id: 'paracetamol', fields: {} });
    expect(record.structure).toMatch(/M {2}END\n$/);
  });

  it('fails truncated records, with the reason and location, and reads the ones after', async () => {
    const records = await collect(readRecords(fixture('truncated.sdf')));
    expect(records.map((r) => [r.record, r.id, r.error])).toEqual([
      [1, 'aspirin', undefined],
      [2, '2', 'truncated SDF record: no "M  END" line before "$$$$" (record 2, line 36)'],
      [3, 'ibuprofen', undefined],
      [4, '4', 'truncated SDF record: the input ends before "M  END" (record 4, line 81)'],
    ]);
    expect(records[1].structure).toBe('');
  });

  it('fails a record whose input ends inside a data item; accepts a last item closed by $$$$ alone', async () => {
    const mol = readFileSync(fixture('paracetamol.mol'), 'utf8');
    const ok = await readText(`${mol}> <ID>\nP1\n$$$$\n`, 'sdf');
    expect(ok[0]).toMatchObject({ id: 'paracetamol', fields: { ID: 'P1' } });
    expect(ok[0].error).toBeUndefined();
    const cut = await readText(`${mol}> <ID>\nP1`, 'sdf');
    expect(cut[0].error).toBe(
      'truncated SDF record: the input ends inside data item "ID" (record 1, line 1)',
    );
  });

  it('prefers the idColumn item, reads CRLF files, ignores blank lines after the last $$$$', async () => {
    const text = readFileSync(fixture('drugs-v2000.sdf'), 'utf8').replace(/\n/g, '\r\n');
    const records = await readText(`${text}\r\n\r\n`, 'sdf', { idColumn: 'id' }, 5);
    expect(records.map((r) => r.id)).toEqual(['DB00945', 'DB00201', 'DB01050']);
    expect(records[0].structure).not.toContain('\r');
  });

  it('fails a record with an over-long line or over maxRecordLength, and reads the next', async () => {
    const mol = readFileSync(fixture('paracetamol.mol'), 'utf8');
    const long = await readText(`${mol}> <note>\n${'x'.repeat(300)}\n\n$$$$\n${mol}$$$$\n`, 'sdf', {
      maxLineLength: 200,
    });
    expect(long.map((r) => r.error)).toEqual([
      'line of 300 characters exceeds maxLineLength (200) (record 1, line 1)',
      undefined,
    ]);
    const big = await readText(`${mol}$$$$\n${mol}$$$$\n`, 'sdf', { maxRecordLength: 100 });
    expect(big.map((r) => r.error)).toEqual([
      'SDF record longer than maxRecordLength (100 characters) (record 1, line 1)',
      'SDF record longer than maxRecordLength (100 characters) (record 2, line 29)',
    ]);
  });
});
