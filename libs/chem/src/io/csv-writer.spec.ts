import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { gunzipSync } from 'node:zlib';
import { CsvWriter } from './csv-writer';
import { readRecords } from './read-records';
import { collect, tempDir } from './spec-helpers';

/** A Writable that keeps what it gets and acknowledges each chunk a tick later, like a slow disk. */
class SlowSink extends Writable {
  chunks: Buffer[] = [];
  maxBuffered = 0;
  constructor() {
    super({ highWaterMark: 1024 });
  }
  override _write(chunk: Buffer, _encoding: BufferEncoding, done: (error?: Error | null) => void): void {
    this.chunks.push(chunk);
    this.maxBuffered = Math.max(this.maxBuffered, this.writableLength);
    setImmediate(done);
  }
  text(): string {
    return Buffer.concat(this.chunks).toString('utf8');
  }
}

describe('CsvWriter', () => {
  const dir = tempDir();

  it('writes the header and rows in column order, RFC 4180 quoting, empty for missing/null values', async () => {
    const sink = new SlowSink();
    const writer = new CsvWriter(sink, ['id', 'smiles', 'note', 'n', 'ok']);
    await writer.write({ id: 'a', smiles: 'CCO', note: 'x, "y"', n: 1.5, ok: true, extra: 'ignored' });
    await writer.write({ id: 'b', smiles: 'C\nC', note: null, n: undefined });
    await writer.close();
    expect(sink.text()).toBe('id,smiles,note,n,ok\na,CCO,"x, ""y""",1.5,true\nb,"C\nC",,,\n');
  });

  it('writes only the header when there are no rows; TSV quotes tabs, not commas', async () => {
    const empty = new SlowSink();
    await new CsvWriter(empty, ['a', 'b']).close();
    expect(empty.text()).toBe('a,b\n');
    const tsv = new SlowSink();
    const writer = new CsvWriter(tsv, ['a', 'b'], { delimiter: '\t', lineEnding: '\r\n' });
    await writer.write({ a: 'x,y', b: 'p\tq' });
    await writer.close();
    expect(tsv.text()).toBe('a\tb\r\nx,y\t"p\tq"\r\n');
  });

  it('waits for drain: a slow stream never holds more than about one 64 KiB chunk', async () => {
    const sink = new SlowSink();
    const writer = new CsvWriter(sink, ['id', 'smiles']);
    for (let i = 0; i < 50_000; i++) await writer.write({ id: `mol-${i}`, smiles: 'CC(=O)Oc1ccccc1C(=O)O' });
    await writer.close();
    expect(sink.text().split('\n')).toHaveLength(50_002);
    expect(sink.maxBuffered).toBeLessThan(80 * 1024);
  });

  it('round-trips through the CSV reader, plain and gzip (by the .gz extension)', async () => {
    const rows = [
      { id: 'a', smiles: 'CCO', note: 'comma, quote " and\nnewline' },
      { id: 'b', smiles: 'c1ccccc1', note: '' },
    ];
    for (const name of ['out.csv', 'out.csv.gz', 'out.tsv']) {
      const path = join(dir, name);
      const writer = await CsvWriter.open(path, ['id', 'smiles', 'note']);
      for (const row of rows) await writer.write(row);
      await writer.close();
      if (name.endsWith('.gz'))
        expect(gunzipSync(readFileSync(path)).toString()).toMatch(/^id,smiles,note\n/);
      if (name.endsWith('.tsv')) expect(readFileSync(path, 'utf8')).toMatch(/^id\tsmiles\tnote\n/);
      const back = await collect(readRecords(path));
      expect(back.map((r) => ({ id: r.id, smiles: r.structure, note: r.fields.note }))).toEqual(rows);
    }
  });

  it('fails at open for a path that cannot be created', async () => {
    await expect(CsvWriter.open(join(dir, 'no/such/dir/out.csv'), ['a'])).rejects.toThrow(/ENOENT/);
  });
});
