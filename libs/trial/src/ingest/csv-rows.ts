import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';

export interface CsvRow {
  /** 1-based line where the row starts. */
  line: number;
  get(column: string): string | undefined;
}

/**
 * Streams an RFC 4180 CSV file row by row (quoted fields may hold commas, quotes and newlines), with cells read
 * by header name. Memory is one row at a time.
 */
export async function* readCsvRows(file: string): AsyncGenerator<CsvRow> {
  const lines = createInterface({ input: createReadStream(file, 'utf8'), crlfDelay: Infinity });
  let header: Map<string, number> | undefined;
  let pending = '';
  let startLine = 0;
  let lineNo = 0;
  for await (const line of lines) {
    lineNo++;
    if (pending === '') startLine = lineNo;
    pending = pending === '' ? line : `${pending}\n${line}`;
    if (countQuotes(pending) % 2 === 1) continue; // a quoted field runs on to the next line
    const cells = splitCsvLine(pending);
    pending = '';
    if (!header) {
      header = new Map(cells.map((name, i) => [name.replace(/^\uFEFF/, '').trim(), i]));
      continue;
    }
    if (cells.length === 1 && cells[0] === '') continue;
    const index = header;
    yield { line: startLine, get: (column) => (index.has(column) ? cells[index.get(column)!] : undefined) };
  }
}

function countQuotes(text: string): number {
  let n = 0;
  for (let i = text.indexOf('"'); i >= 0; i = text.indexOf('"', i + 1)) n++;
  return n;
}

export function splitCsvLine(text: string): string[] {
  const cells: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      cells.push(cell);
      cell = '';
    } else cell += c;
  }
  cells.push(cell);
  return cells;
}
