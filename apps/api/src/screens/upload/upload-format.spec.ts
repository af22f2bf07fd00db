import { gzipSync } from 'node:zlib';
import { InputError } from '@hitscreen/chem';
import { detectUploadFormat, peek, sniffFormat } from './upload-format';

const SDF =
  'aspirin\n     RDKit          2D\n\n  1  0  0  0  0  0  0  0  0  0999 V2000\n    0.0000    0.0000    0.0000 C   0  0\nM  END\n$$$$\n';

describe('sniffFormat', () => {
  it('recognises SDF, CSV, TSV and SMILES by their first lines', () => {
    expect(sniffFormat(SDF)).toBe('sdf');
    expect(sniffFormat('id,smiles\nm1,CCO\n')).toBe('csv');
    expect(sniffFormat('name\tSMILES\nm1\tCCO\n')).toBe('tsv');
    expect(sniffFormat('# a comment\nCCO ethanol\nc1ccccc1 benzene\n')).toBe('smiles');
    expect(sniffFormat('')).toBe('smiles');
  });
});

describe('detectUploadFormat', () => {
  it('prefers the format field, then the file name, then the content', () => {
    const csv = Buffer.from('id,smiles\nm1,CCO\n');
    expect(detectUploadFormat('lib.smi', csv, 'csv')).toBe('csv');
    expect(detectUploadFormat('lib.sdf.gz', csv)).toBe('sdf');
    expect(detectUploadFormat('upload', csv)).toBe('csv');
    expect(detectUploadFormat(undefined, gzipSync(Buffer.from(SDF)))).toBe('sdf');
  });

  it('sniffs a gzip head even when only its start arrived', () => {
    const entries = Array.from({ length: 2000 }, (_, i) =>
      SDF.replace('aspirin', `mol-${i}`).replace(
        '0.0000    0.0000',
        `${(i * 7.31) % 97}    ${(i * 3.17) % 89}`,
      ),
    );
    const gz = gzipSync(Buffer.from(entries.join('')));
    expect(gz.length).toBeGreaterThan(2048);
    expect(detectUploadFormat('blob', gz.subarray(0, 1024))).toBe('sdf');
  });

  it('refuses an unknown format field, listing the accepted ones', () => {
    expect(() => detectUploadFormat('a.smi', Buffer.from('CCO'), 'xlsx')).toThrow(InputError);
    expect(() => detectUploadFormat('a.smi', Buffer.from('CCO'), 'xlsx')).toThrow(/smiles, csv, tsv, sdf/);
  });
});

describe('peek', () => {
  it('returns the head and the whole stream, head included, in order', async () => {
    async function* source() {
      for (const part of ['ab', 'cd', 'ef', 'gh']) yield Buffer.from(part);
    }
    const { head, stream } = await peek(source(), 3);
    expect(head.toString()).toBe('abc');
    const all: Buffer[] = [];
    for await (const chunk of stream) all.push(chunk);
    expect(Buffer.concat(all).toString()).toBe('abcdefgh');
  });

  it('copes with a stream shorter than the head', async () => {
    async function* source() {
      yield Buffer.from('x');
    }
    const { head, stream } = await peek(source(), 100);
    expect(head.toString()).toBe('x');
    const all: Buffer[] = [];
    for await (const chunk of stream) all.push(chunk);
    expect(Buffer.concat(all).toString()).toBe('x');
  });
});
