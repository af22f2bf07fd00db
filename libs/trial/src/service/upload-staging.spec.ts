import { gzipSync } from 'node:zlib';
import { detectFormat, uploadSlices } from './upload-staging';
import { TrialServiceError } from './trial-service-error';

async function* pieces(data: Buffer, size: number): AsyncGenerator<Buffer> {
  for (let i = 0; i < data.length; i += size) yield data.subarray(i, i + size);
}

async function collect(body: AsyncIterable<Buffer>, maxBytes: number, chunkBytes: number) {
  const out: Buffer[] = [];
  for await (const slice of uploadSlices(body, maxBytes, chunkBytes)) out.push(slice);
  return out;
}

describe('uploadSlices', () => {
  const text = Buffer.from(Array.from({ length: 2000 }, (_, i) => `{"line":${i}}\n`).join(''));

  it('cuts the bytes into slices of the chunk size, whatever the network pieces, and keeps every byte', async () => {
    const slices = await collect(pieces(text, 777), 1 << 20, 4096);
    expect(slices.slice(0, -1).every((s) => s.length === 4096)).toBe(true);
    expect(Buffer.concat(slices).equals(text)).toBe(true);
  });

  it('gunzips when the bytes start like gzip, and counts the limit after decompression', async () => {
    const gz = gzipSync(text);
    expect(Buffer.concat(await collect(pieces(gz, 100), 1 << 20, 4096)).equals(text)).toBe(true);
    await expect(collect(pieces(gz, 100), text.length - 1, 4096)).rejects.toMatchObject({
      code: 'too_large',
      message: expect.stringMatching(/after decompression/),
    });
    await expect(collect(pieces(text, 100), text.length, 4096)).resolves.toHaveLength(
      Math.ceil(text.length / 4096),
    );
  });

  it('refuses bytes that start like gzip but are not', async () => {
    const broken = Buffer.concat([gzipSync(text).subarray(0, 40), Buffer.from('garbage')]);
    const error = await collect(pieces(broken, 10), 1 << 20, 4096).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TrialServiceError);
    expect(error).toMatchObject({ code: 'invalid', message: expect.stringMatching(/not valid gzip/) });
  });

  it('yields nothing for an empty body', async () => {
    expect(await collect(pieces(Buffer.alloc(0), 10), 10, 10)).toEqual([]);
  });
});

describe('detectFormat', () => {
  const ndjson = Buffer.from('{"resourceType":"Patient","id":"a"}\n{"resourceType":"Patient","id":"b"}\n');
  const bundle = Buffer.from('{\n "resourceType": "Bundle",\n "entry": []\n}\n');

  it('takes the explicit format, then the content type, then the file name, then the first line', () => {
    expect(detectFormat({ format: 'json' }, ndjson)).toBe('json');
    expect(detectFormat({ contentType: 'application/fhir+ndjson' }, bundle)).toBe('ndjson');
    expect(detectFormat({ contentType: 'application/fhir+json; charset=utf-8' }, ndjson)).toBe('json');
    expect(detectFormat({ name: 'export.jsonl.gz' }, bundle)).toBe('ndjson');
    expect(detectFormat({ name: 'bundle.json' }, ndjson)).toBe('json');
    expect(detectFormat({ contentType: 'application/gzip', name: 'upload' }, ndjson)).toBe('ndjson');
    expect(detectFormat({}, bundle)).toBe('json');
    expect(detectFormat({}, Buffer.from('{"resourceType":"Bundle","entry":[]}'))).toBe('json');
  });
});
