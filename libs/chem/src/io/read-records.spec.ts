import {
  closeSync,
  createReadStream,
  openSync,
  readFileSync,
  statSync,
  writeFileSync,
  writeSync,
} from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { InputError } from '../errors';
import { detectInputFormat } from './format';
import { readRecords, readRecordsFromStream } from './read-records';
import { chunked, collect, FIXTURES, readText, tempDir } from './spec-helpers';

describe('readRecords', () => {
  const dir = tempDir();

  it('detects the format from the extension, after .gz, case-insensitively', () => {
    expect(detectInputFormat('a.smi')).toBe('smiles');
    expect(detectInputFormat('a.SMILES')).toBe('smiles');
    expect(detectInputFormat('a.txt')).toBe('smiles');
    expect(detectInputFormat('dir.v1/a.csv.gz')).toBe('csv');
    expect(detectInputFormat('a.tsv')).toBe('tsv');
    expect(detectInputFormat('a.SDF.GZ')).toBe('sdf');
    expect(detectInputFormat('a.sd')).toBe('sdf');
    expect(detectInputFormat('a.mol')).toBe('sdf');
    expect(() => detectInputFormat('a.xlsx')).toThrow(InputError);
    expect(() => detectInputFormat('a.xlsx')).toThrow(/cannot tell the format of "a\.xlsx"/);
  });

  it('lets options.format override the extension', async () => {
    const path = join(dir, 'library.dat');
    writeFileSync(path, 'CCO x\n');
    await expect(collect(readRecords(path))).rejects.toThrow(InputError);
    expect(await collect(readRecords(path, { format: 'smiles' }))).toEqual([
      { record: 1, id: 'x', structure: 'CCO', fields: {} },
    ]);
  });

  it('reads gzip by extension and, for streams, by magic bytes', async () => {
    const plain = await collect(readRecords(join(FIXTURES, 'drugs-v2000.sdf')));
    const gz = join(dir, 'drugs.sdf.gz');
    writeFileSync(gz, gzipSync(readFileSync(join(FIXTURES, 'drugs-v2000.sdf'))));
    expect(await collect(readRecords(gz))).toEqual(plain);
    const streamed = await collect(readRecordsFromStream(chunked(readFileSync(gz), 1), 'sdf'));
    expect(streamed).toEqual(plain);
  });

  it('fails with InputError for a .gz that is not gzip, and for corrupt or truncated gzip', async () => {
    const fake = join(dir, 'fake.smi.gz');
    writeFileSync(fake, 'CCO\n');
    await expect(collect(readRecords(fake))).rejects.toThrow(/fake\.smi\.gz is not gzip data/);
    const cut = join(dir, 'cut.smi.gz');
    const whole = gzipSync(Buffer.from('CCO a\n'.repeat(10_000)));
    writeFileSync(cut, whole.subarray(0, whole.length >> 1));
    const error = await collect(readRecords(cut)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InputError);
    expect((error as Error).message).toMatch(/cut\.smi\.gz: gzip data is corrupt or truncated/);
  });

  it('fails with InputError (fs error as cause) for a missing file', async () => {
    const error = await collect(readRecords(join(dir, 'missing.smi'))).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InputError);
    expect((error as Error).message).toMatch(/cannot read .*missing\.smi: ENOENT/);
    expect(((error as InputError).cause as NodeJS.ErrnoException).code).toBe('ENOENT');
  });

  it('treats an input without records as InputError "no records" unless allowEmpty', async () => {
    for (const [text, format] of [
      ['', 'smiles'],
      ['# only a comment\n\n', 'smiles'],
      ['id,smiles\n', 'csv'],
      ['\n\n', 'sdf'],
    ] as const) {
      await expect(readText(text, format)).rejects.toThrow(/^input: no records/);
      expect(await readText(text, format, { allowEmpty: true })).toEqual([]);
    }
    const empty = join(dir, 'empty.csv');
    writeFileSync(empty, '');
    await expect(collect(readRecords(empty))).rejects.toThrow(`${empty}: no records`);
  });

  it('fails binary input (NUL bytes) with InputError, whatever the format', async () => {
    const garbage = Buffer.alloc(4096);
    for (let i = 0; i < garbage.length; i++) garbage[i] = (i * 7919) % 256;
    for (const format of ['smiles', 'csv', 'sdf'] as const) {
      await expect(readText(garbage, format, { name: 'upload.bin' })).rejects.toThrow(
        /upload\.bin looks binary/,
      );
    }
  });

  it('closes the file when the consumer stops early', async () => {
    const path = join(dir, 'early.smi');
    writeFileSync(path, 'CCO\n'.repeat(100_000));
    for await (const record of readRecords(path)) {
      if (record.record === 10) break;
    }
    // Nothing to assert on the fd directly; a leaked stream would keep Jest's open-handle detection busy and
    // a second reader of the same file must still work.
    expect((await collect(readRecords(path))).length).toBe(100_000);
  });

  it('accepts a Node Readable as the stream', async () => {
    const records = await collect(
      readRecordsFromStream(createReadStream(join(FIXTURES, 'drugs.csv')), 'csv'),
    );
    expect(records).toHaveLength(4);
  });

  it('reads a 200k-line SMILES file in constant memory', async () => {
    const path = join(dir, 'big.smi');
    // ~300 characters a line: 60 MB of text, so holding the file (or the records) would show up clearly.
    // Written in small batches so the test itself leaves little garbage on the heap before the baseline.
    const smiles = 'CC(=O)Oc1ccccc1C(=O)O'.repeat(14);
    const fd = openSync(path, 'w');
    for (let i = 0; i < 200_000; i += 1000) {
      let batch = '';
      for (let j = i + 1; j <= i + 1000; j++) batch += `${smiles} mol-${j}\n`;
      writeSync(fd, batch);
    }
    closeSync(fd);
    expect(statSync(path).size).toBeGreaterThan(60e6);
    global.gc?.();
    const before = process.memoryUsage().heapUsed;
    let peak = before;
    let count = 0;
    let last = '';
    for await (const record of readRecords(path)) {
      count++;
      last = record.id;
      // With --expose-gc (as `npm test` runs Jest) the sample is retained memory, not garbage awaiting a GC.
      if (count % 5000 === 0) {
        if (count % 50_000 === 0) global.gc?.();
        peak = Math.max(peak, process.memoryUsage().heapUsed);
      }
    }
    expect(count).toBe(200_000);
    expect(last).toBe('mol-200000');
    // Holding the text or the records would retain > 60 MB; without a forced GC, garbage inflates the samples.
    expect((peak - before) / 2 ** 20).toBeLessThan(global.gc ? 50 : 150);
  }, 180_000); // a memory test, not a timed one: 5-10 s alone, 30-50 s while npm test runs suites in parallel on 2 cores
});
