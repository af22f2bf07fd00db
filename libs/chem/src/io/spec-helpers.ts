// Helpers shared by this folder's *.spec.ts files (not exported from the library).
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { InputRecord } from '../records';
import type { InputFormat } from './format';
import type { ReadOptions } from './options';
import { readRecordsFromStream } from './read-records';

export const FIXTURES = join(__dirname, '../../test-fixtures/io');

export async function collect<T>(iterable: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of iterable) out.push(item);
  return out;
}

/** Bytes as a stream cut into `chunkSize`-byte chunks: exercises every split (CRLF, UTF-8 sequences, quotes). */
export async function* chunked(data: Buffer | string, chunkSize = 1 << 16): AsyncGenerator<Buffer> {
  const bytes = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
  for (let i = 0; i < bytes.length; i += chunkSize) yield bytes.subarray(i, i + chunkSize);
}

export function readText(
  text: string | Buffer,
  format: InputFormat,
  options: ReadOptions = {},
  chunkSize?: number,
): Promise<InputRecord[]> {
  return collect(readRecordsFromStream(chunked(text, chunkSize), format, options));
}

export function tempDir(): string {
  return mkdtempSync(join(tmpdir(), 'hitscreen-io-'));
}
