import { createReadStream } from 'node:fs';

/** Bytes read per system call: large reads matter on multi-gigabyte NDJSON. */
const CHUNK_BYTES = 4 * 1024 * 1024;

export interface Line {
  /** 1-based line number. */
  line: number;
  text: string;
}

/**
 * The lines of a UTF-8 text file with their 1-based numbers, split on "\n" in the raw bytes (a line is decoded
 * whole, so multi-byte characters never straddle a chunk). A trailing "\r" is dropped. Memory: one chunk plus
 * the longest line.
 */
export function readLines(file: string): AsyncGenerator<Line> {
  return splitLines(createReadStream(file, { highWaterMark: CHUNK_BYTES }) as AsyncIterable<Buffer>);
}

/** The same line splitting over any byte stream (an upload, chunks staged in a database). */
export async function* splitLines(chunks: AsyncIterable<Buffer>): AsyncGenerator<Line> {
  let carry: Buffer | undefined;
  let line = 0;
  for await (const chunk of chunks) {
    const buf: Buffer = carry ? Buffer.concat([carry, chunk]) : chunk;
    let start = 0;
    for (let nl = buf.indexOf(10, start); nl >= 0; nl = buf.indexOf(10, start)) {
      line++;
      const end = nl > start && buf[nl - 1] === 13 ? nl - 1 : nl;
      yield { line, text: buf.toString('utf8', start, end) };
      start = nl + 1;
    }
    carry = start < buf.length ? buf.subarray(start) : undefined;
  }
  if (carry && carry.length > 0) yield { line: line + 1, text: carry.toString('utf8') };
}
