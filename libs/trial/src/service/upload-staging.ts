import { createGunzip } from 'node:zlib';
import { Readable } from 'node:stream';
import type { FhirStreamFormat } from '../ingest/read-patients';
import { TrialServiceError } from './trial-service-error';

const GZIP_MAGIC = [0x1f, 0x8b];

/**
 * An upload's bytes as they arrive, gunzipped when they start with the gzip magic number (whatever the headers
 * say), counted against `maxBytes` (decompressed, so a small gzip bomb is refused like a large file), and cut
 * into slices of `chunkBytes`. Memory: one slice.
 */
export async function* uploadSlices(
  body: AsyncIterable<Buffer>,
  maxBytes: number,
  chunkBytes: number,
): AsyncGenerator<Buffer> {
  let total = 0;
  let pending: Buffer[] = [];
  let pendingBytes = 0;
  for await (const chunk of decompressed(body)) {
    total += chunk.length;
    if (total > maxBytes)
      throw new TrialServiceError(
        `the upload exceeds ${maxBytes} bytes after decompression (limit TRIAL_MAX_UPLOAD_BYTES)`,
        'too_large',
      );
    pending.push(chunk);
    pendingBytes += chunk.length;
    while (pendingBytes >= chunkBytes) {
      const all = Buffer.concat(pending);
      yield all.subarray(0, chunkBytes);
      pending = [all.subarray(chunkBytes)];
      pendingBytes = pending[0].length;
    }
  }
  if (pendingBytes > 0) yield Buffer.concat(pending);
}

async function* decompressed(body: AsyncIterable<Buffer>): AsyncGenerator<Buffer> {
  const iterator = body[Symbol.asyncIterator]();
  const first = await iterator.next();
  if (first.done) return;
  const head: Buffer = first.value;
  const rest = (async function* () {
    yield head;
    for (let r = await iterator.next(); !r.done; r = await iterator.next()) yield r.value as Buffer;
  })();
  if (head[0] !== GZIP_MAGIC[0] || head[1] !== GZIP_MAGIC[1]) {
    yield* rest;
    return;
  }
  const gunzip = Readable.from(rest).pipe(createGunzip());
  try {
    for await (const chunk of gunzip as AsyncIterable<Buffer>) yield chunk;
  } catch (error) {
    throw new TrialServiceError(`the upload is not valid gzip data: ${(error as Error).message}`, 'invalid');
  }
}

/**
 * NDJSON or one JSON Bundle, from what the client said (explicit format, content type, file name), else from the
 * first slice: a first line that is a whole JSON value means NDJSON.
 */
export function detectFormat(
  hint: { format?: string; contentType?: string; name?: string },
  firstSlice: Buffer | undefined,
): FhirStreamFormat {
  if (hint.format === 'ndjson' || hint.format === 'json') return hint.format;
  const type = (hint.contentType ?? '').toLowerCase();
  if (/ndjson|jsonl|jsonlines/.test(type)) return 'ndjson';
  if (/^application\/(fhir\+)?json/.test(type)) return 'json';
  const name = (hint.name ?? '').toLowerCase().replace(/\.gz$/, '');
  if (name.endsWith('.ndjson') || name.endsWith('.jsonl')) return 'ndjson';
  if (name.endsWith('.json')) return 'json';
  if (!firstSlice) return 'ndjson';
  const newline = firstSlice.indexOf(10);
  if (newline < 0) return 'json';
  try {
    JSON.parse(firstSlice.toString('utf8', 0, newline));
    return 'ndjson';
  } catch {
    return 'json';
  }
}
