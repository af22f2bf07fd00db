import { StringDecoder } from 'node:string_decoder';
import { InputError } from '../errors';
import type { ByteSource } from './open-input';

/** One physical line, without its terminator. */
export interface Line {
  /** The text; '' when `tooLong` is set (the text was dropped, not kept). */
  text: string;
  /** 1-based physical line number in the (decompressed) input. */
  number: number;
  /** Set when the line was longer than `maxLineLength`: its full length in characters. */
  tooLong?: number;
}

export interface LineReaderOptions {
  maxLineLength: number;
  /** Used in the InputError for binary input. */
  name: string;
}

/** How many leading bytes are checked for NUL bytes (git and grep use a similar look at the start of a file). */
export const BINARY_SNIFF_BYTES = 8192;

/**
 * Splits UTF-8 bytes into lines, in constant memory: at most `maxLineLength` characters of a line plus one
 * decoded chunk are held. Accepts `\n`, `\r\n` and a lone `\r` (old Mac) as terminators, mixed in one file,
 * including a `\r\n` split across two chunks. Strips a UTF-8 byte-order mark. A line over the limit is still
 * counted (and measured) but yielded with `tooLong` and empty text, so the caller can report it as one record.
 *
 * Throws InputError when the first 8 KiB contain a NUL byte or a UTF-16 byte-order mark: such input is not
 * text (or not UTF-8), and reporting every "line" of it as a bad record would only bury the real problem.
 */
export async function* readLines(source: ByteSource, options: LineReaderOptions): AsyncGenerator<Line> {
  const { maxLineLength, name } = options;
  const decoder = new StringDecoder('utf8');
  let parts: string[] = [];
  let length = 0; // characters of the current line so far (counted even when dropped)
  let overflow = false;
  let pendingLine = false; // something (maybe '') follows the last terminator
  let skipLeadingLf = false; // the previous chunk ended with '\r': a '\n' starting this one belongs to it
  let lineNumber = 0;
  let sniffed = 0;
  let atStart = true;
  // Per call, not module-level: a global regex's lastIndex would be shared by readers running concurrently.
  const lineBreak = /[\r\n]/g;

  const append = (piece: string) => {
    if (piece.length === 0) return;
    pendingLine = true;
    length += piece.length;
    if (overflow) return;
    if (length > maxLineLength) {
      overflow = true;
      parts = []; // drop what was held: the line is an error anyway
      return;
    }
    parts.push(piece);
  };

  const take = (): Line => {
    lineNumber++;
    const line: Line = overflow
      ? { text: '', number: lineNumber, tooLong: length }
      : { text: parts.length === 1 ? parts[0] : parts.join(''), number: lineNumber };
    parts = [];
    length = 0;
    overflow = false;
    pendingLine = false;
    return line;
  };

  function* split(text: string): Generator<Line> {
    let start = 0;
    if (skipLeadingLf && text.length > 0) {
      if (text.charCodeAt(0) === 10) start = 1;
      skipLeadingLf = false;
    }
    lineBreak.lastIndex = start;
    for (;;) {
      const match = lineBreak.exec(text);
      if (match === null) break;
      const at = match.index;
      append(text.slice(start, at));
      yield take();
      start = at + 1;
      if (text.charCodeAt(at) === 13) {
        if (at + 1 < text.length) {
          if (text.charCodeAt(at + 1) === 10) start = at + 2;
        } else {
          skipLeadingLf = true;
        }
      }
      lineBreak.lastIndex = start;
    }
    append(text.slice(start));
  }

  for await (const chunk of source) {
    const bytes = typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : chunk;
    if (sniffed < BINARY_SNIFF_BYTES) {
      checkNotBinary(bytes, sniffed, name);
      sniffed += bytes.length;
    }
    let text = decoder.write(Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes));
    if (atStart && text.length > 0) {
      atStart = false;
      if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    }
    yield* split(text);
  }
  const tail = decoder.end();
  if (tail) yield* split(atStart && tail.charCodeAt(0) === 0xfeff ? tail.slice(1) : tail);
  if (pendingLine) yield take();
}

function checkNotBinary(bytes: Uint8Array, offset: number, name: string): void {
  if (offset === 0 && bytes.length >= 2) {
    const utf16 = (bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff);
    if (utf16) throw new InputError(`${name} is UTF-16 text; save it as UTF-8`);
  }
  const window = bytes.subarray(0, BINARY_SNIFF_BYTES - offset);
  const nul = window.indexOf(0);
  if (nul >= 0) {
    throw new InputError(
      `${name} looks binary (NUL byte at byte ${offset + nul + 1}), not SMILES, CSV/TSV or SDF text` +
        ' (a compressed file must end in .gz)',
    );
  }
}
