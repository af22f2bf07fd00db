import { gunzipSync, constants } from 'node:zlib';
import { checkInputFormat, detectInputFormat, InputError, type InputFormat } from '@hitscreen/chem';

/** How many leading bytes of an upload the format sniffer looks at. */
export const SNIFF_BYTES = 16 * 1024;

/**
 * The format of an uploaded library: the `format` field when given, else the file name's extension (after
 * `.gz`), else the content. Names are often missing or generic (`blob`, `upload`), so content decides then.
 */
export function detectUploadFormat(
  filename: string | undefined,
  head: Buffer,
  explicit?: string,
): InputFormat {
  if (explicit) return checkInputFormat(explicit);
  if (filename) {
    try {
      return detectInputFormat(filename);
    } catch (error) {
      if (!(error instanceof InputError)) throw error;
    }
  }
  return sniffFormat(textOf(head));
}

/**
 * The format from the first lines: SDF by its `M  END`/`$$$$`/V2000 lines, TSV/CSV by a delimiter in the header
 * line, otherwise SMILES (one structure per line). A wrong guess is caught by the reader (no SMILES column, an
 * unparsable structure per record), never silently accepted.
 */
export function sniffFormat(text: string): InputFormat {
  if (/^M {2}END\s*$/m.test(text) || /^\$\$\$\$\s*$/m.test(text) || /V[23]000\s*$/m.test(text)) return 'sdf';
  const header = text.split(/\r?\n/).find((line) => line.trim() !== '' && !line.startsWith('#')) ?? '';
  if (header.includes('\t') && /(^|\t)"?(canonical_)?smiles"?(\t|$)/i.test(header)) return 'tsv';
  if (header.includes(',')) return 'csv';
  return 'smiles';
}

/** The head as text, gunzipped when it is gzip (a truncated gzip head still yields its first bytes). */
function textOf(head: Buffer): string {
  if (head.length >= 2 && head[0] === 0x1f && head[1] === 0x8b) {
    try {
      return gunzipSync(head, { finishFlush: constants.Z_SYNC_FLUSH }).toString('utf8');
    } catch {
      return ''; // corrupt gzip: the reader reports it with its own message
    }
  }
  return head.toString('utf8');
}

/**
 * Reads up to `bytes` from the start of a stream and gives back the head and the whole stream (head included),
 * so the head can be inspected without losing it. Only the head is buffered.
 */
export async function peek(
  source: AsyncIterable<Buffer>,
  bytes: number,
): Promise<{ head: Buffer; stream: AsyncIterable<Buffer> }> {
  const iterator = source[Symbol.asyncIterator]();
  const chunks: Buffer[] = [];
  let length = 0;
  let ended = false;
  while (length < bytes) {
    const next = await iterator.next();
    if (next.done) {
      ended = true;
      break;
    }
    chunks.push(next.value);
    length += next.value.length;
  }
  async function* stream(): AsyncGenerator<Buffer> {
    yield* chunks;
    if (ended) return;
    for (;;) {
      const next = await iterator.next();
      if (next.done) return;
      yield next.value;
    }
  }
  return { head: Buffer.concat(chunks).subarray(0, bytes), stream: stream() };
}
