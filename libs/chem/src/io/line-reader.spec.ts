import { InputError } from '../errors';
import { readLines, type Line } from './line-reader';
import { chunked, collect } from './spec-helpers';

const read = (data: string | Buffer, chunkSize?: number, maxLineLength = 1000): Promise<Line[]> =>
  collect(readLines(chunked(data, chunkSize), { maxLineLength, name: 'test.smi' }));
const texts = (lines: Line[]) => lines.map((l) => l.text);

describe('readLines', () => {
  it('accepts \\n, \\r\\n and a lone \\r in one input, whatever the chunk boundaries', async () => {
    const data = 'a\nb\r\nc\rd\r\n\re';
    for (const size of [1, 2, 3, 1 << 16]) {
      const lines = await read(data, size);
      expect(texts(lines)).toEqual(['a', 'b', 'c', 'd', '', 'e']);
      expect(lines.map((l) => l.number)).toEqual([1, 2, 3, 4, 5, 6]);
    }
  });

  it('does not add a line for a final terminator, but keeps a final line without one', async () => {
    expect(texts(await read('x\ny\n'))).toEqual(['x', 'y']);
    expect(texts(await read('x\ny'))).toEqual(['x', 'y']);
    expect(texts(await read(''))).toEqual([]);
  });

  it('strips a UTF-8 byte-order mark and decodes multi-byte characters split across chunks', async () => {
    const data = Buffer.concat([
      Buffer.from([0xef, 0xbb, 0xbf]),
      Buffer.from('smiles name\nCCO éthanol\n', 'utf8'),
    ]);
    expect(texts(await read(data, 1))).toEqual(['smiles name', 'CCO éthanol']);
  });

  it('reports an over-long line by its length without keeping its text, then goes on', async () => {
    const long = 'C'.repeat(5000);
    for (const size of [7, 1 << 16]) {
      const lines = await read(`ok\n${long}\nnext`, size, 100);
      expect(lines).toEqual([
        { text: 'ok', number: 1 },
        { text: '', number: 2, tooLong: 5000 },
        { text: 'next', number: 3 },
      ]);
    }
  });

  it('rejects binary data (NUL bytes in the first 8 KiB) and UTF-16 text with InputError', async () => {
    await expect(read(Buffer.from([0x43, 0x43, 0x00, 0x4f, 0x0a]))).rejects.toThrow(
      /test\.smi looks binary \(NUL byte at byte 3\)/,
    );
    await expect(read(Buffer.from([0xff, 0xfe, 0x43, 0x00]))).rejects.toThrow(InputError);
    await expect(read(Buffer.from([0xff, 0xfe, 0x43, 0x00]))).rejects.toThrow(/UTF-16/);
  });
});
