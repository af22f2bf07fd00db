import { createReadStream } from 'node:fs';
import { Readable, pipeline } from 'node:stream';
import { createGunzip } from 'node:zlib';
import { InputError } from '../errors';
import { isGzipPath } from './format';

/** What the readers consume: chunks of bytes (strings are taken as UTF-8). */
export type ByteSource = AsyncIterable<Buffer | Uint8Array | string>;

export type GzipMode = boolean | 'auto';

function toBuffer(chunk: Buffer | Uint8Array | string): Buffer {
  if (typeof chunk === 'string') return Buffer.from(chunk, 'utf8');
  return Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
}

/**
 * The bytes of a file, streamed (64 KiB chunks), gunzipped when the path ends in `.gz` or the data starts with
 * the gzip magic bytes. Opening happens on the first read, so a missing file surfaces as an error of the iteration.
 */
export function openInputFile(path: string, gzip: GzipMode = 'auto'): AsyncGenerator<Buffer> {
  const mode: GzipMode = gzip === 'auto' && isGzipPath(path) ? true : gzip;
  return decompressIfGzip(createReadStream(path), mode, path);
}

/**
 * Passes bytes through, or through a gunzip stream when `mode` asks for it. Sniffing needs the first two bytes,
 * so they are collected first (an upload may arrive in 1-byte chunks); nothing else is buffered here.
 */
export async function* decompressIfGzip(
  source: ByteSource,
  mode: GzipMode,
  name: string,
): AsyncGenerator<Buffer> {
  const iterator = source[Symbol.asyncIterator]();
  try {
    let head: Buffer = Buffer.alloc(0);
    let ended = false;
    while (head.length < 2) {
      const next = await iterator.next();
      if (next.done) {
        ended = true;
        break;
      }
      head = head.length === 0 ? toBuffer(next.value) : Buffer.concat([head, toBuffer(next.value)]);
    }
    const isGzip = head.length >= 2 && head[0] === 0x1f && head[1] === 0x8b;
    if (mode === true && !isGzip && head.length > 0) {
      throw new InputError(`${name} is not gzip data (expected gzip because of its name or the gzip option)`);
    }
    async function* rest(): AsyncGenerator<Buffer> {
      if (head.length > 0) yield head;
      if (ended) return;
      for (;;) {
        const next = await iterator.next();
        if (next.done) return;
        yield toBuffer(next.value);
      }
    }
    if (!isGzip || mode === false) {
      yield* rest();
      return;
    }
    // pipeline (not pipe) so a source error or an early stop destroys the gunzip stream as well.
    const gunzip = createGunzip();
    pipeline(Readable.from(rest(), { objectMode: false }), gunzip, () => undefined);
    try {
      for await (const chunk of gunzip) yield chunk as Buffer;
    } catch (error) {
      throw wrapGzipError(error, name);
    } finally {
      gunzip.destroy();
    }
  } finally {
    // Closes the file descriptor when the consumer stops early (break out of for-await).
    await iterator.return?.();
  }
}

function wrapGzipError(error: unknown, name: string): unknown {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  if (typeof code === 'string' && code.startsWith('Z_')) {
    return new InputError(`${name}: gzip data is corrupt or truncated (${(error as Error).message})`, {
      cause: error,
    });
  }
  return error;
}
