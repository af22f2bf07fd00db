import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { InputError } from '../errors';
import { readRecords } from './read-records';
import { openRecordWriter } from './record-writer';
import { SdfWriter } from './sdf-writer';
import { collect, FIXTURES, tempDir } from './spec-helpers';

describe('SdfWriter and openRecordWriter', () => {
  const dir = tempDir();

  it('round-trips V2000 and V3000 records with their data items, plain and gzip', async () => {
    for (const fixture of ['drugs-v2000.sdf', 'drugs-v3000.sdf']) {
      const input = await collect(readRecords(join(FIXTURES, fixture)));
      for (const name of ['out.sdf', 'out.sdf.gz']) {
        const path = join(dir, `${fixture}-${name}`);
        const writer = await SdfWriter.open(path);
        for (const r of input) await writer.write({ molblock: r.structure, fields: r.fields });
        await writer.close();
        expect(await collect(readRecords(path))).toEqual(input);
      }
    }
    // The plain V2000 output is byte-identical to the fixture (same layout of items).
    const again = join(dir, 'drugs-v2000.sdf-out.sdf');
    expect(readFileSync(again, 'utf8')).toBe(
      readFileSync(join(FIXTURES, 'drugs-v2000.sdf'), 'utf8').replace('>  <activity>  (1)', '> <activity>'),
    );
  });

  it('writes an empty molecule for an empty molblock, skips null items, keeps values SDF-safe', async () => {
    const path = join(dir, 'safe.sdf');
    const writer = await SdfWriter.open(path);
    await writer.write({
      molblock: '',
      fields: { error: 'SMILES Parse Error', skip: null, text: 'a\n\nb\n$$$$ c', n: 3, empty: '' },
    });
    await writer.close();
    const [back] = await collect(readRecords(path));
    expect(back.error).toBeUndefined();
    expect(back.fields).toEqual({ error: 'SMILES Parse Error', text: 'a\nb\n $$$$ c', n: '3', empty: '' });
    expect(back.structure).toMatch(/ 0 {2}0 {2}0 .*V2000\nM {2}END\n$/);
  });

  it('rejects a molblock without M  END', async () => {
    const writer = new SdfWriter(new PassThrough());
    await expect(
      writer.write({ molblock: 'x\n\n\n' + '  1  0  0  0  0  0  0  0  0  0999 V2000\n' }),
    ).rejects.toThrow(/M {2}END/);
  });

  it('openRecordWriter: CSV by extension; SDF title stays the id; SDF needs the molblock column; unknown extensions are refused', async () => {
    const csv = join(dir, 'rows.csv.gz');
    const writer = await openRecordWriter(csv, ['record', 'id', 'smiles', 'error']);
    await writer.write({ record: 1, id: 'a', smiles: 'CCO', error: '' });
    await writer.close();
    expect(await collect(readRecords(csv))).toEqual([
      { record: 1, id: 'a', structure: 'CCO', fields: { record: '1', error: '' } },
    ]);

    const sdf = join(dir, 'rows.sdf');
    const mol = readFileSync(join(FIXTURES, 'paracetamol.mol'), 'utf8');
    const sdfWriter = await openRecordWriter(sdf, ['id', 'molblock', 'qed']);
    await sdfWriter.write({ id: 'p', molblock: mol, qed: 0.6 });
    await sdfWriter.close();
    expect(await collect(readRecords(sdf))).toEqual([
      { record: 1, id: 'paracetamol', structure: mol, fields: { id: 'p', qed: '0.6' } },
    ]);

    await expect(openRecordWriter(join(dir, 'x.sdf'), ['id'])).rejects.toThrow(/needs a "molblock" column/);
    await expect(openRecordWriter(join(dir, 'x.xlsx'), ['id'])).rejects.toThrow(InputError);
  });
});
