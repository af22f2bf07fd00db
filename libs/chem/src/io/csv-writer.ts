import type { Writable } from 'node:stream';
import { cellText, type Row } from './cell';
import { openOutputFile, TextSink } from './open-output';

export interface CsvWriterOptions {
  /** Cell separator: ',' (default) or '\t' for TSV. */
  delimiter?: ',' | '\t';
  /** Row terminator; default '\n' (RFC 4180 says '\r\n'; every reader we target accepts both). */
  lineEnding?: '\n' | '\r\n';
}

/**
 * Rows to CSV/TSV: a header from `columns`, then one line per `write` in that column order (keys not in
 * `columns` are ignored, missing ones are empty). A cell is quoted, RFC 4180 style, when it holds the delimiter,
 * a quote, CR or LF; quotes are doubled. `write` resolves once the row is accepted by the stream's buffer, so
 * `await`ing it gives backpressure. Always `close()` (in a finally): it flushes and ends the stream.
 */
export class CsvWriter {
  private readonly sink: TextSink;
  private readonly delimiter: string;
  private readonly lineEnding: string;
  private readonly needsQuotes: RegExp;
  private headerWritten = false;

  constructor(
    out: Writable,
    readonly columns: readonly string[],
    options: CsvWriterOptions = {},
    finished?: Promise<void>,
  ) {
    if (columns.length === 0) throw new RangeError('CsvWriter needs at least one column');
    this.sink = new TextSink(out, finished);
    this.delimiter = options.delimiter ?? ',';
    this.lineEnding = options.lineEnding ?? '\n';
    this.needsQuotes = this.delimiter === ',' ? /[",\r\n]/ : /["\t\r\n]/;
  }

  /** Opens a file (gzip when the path ends in `.gz`); TSV when the name says `.tsv` unless a delimiter is given. */
  static async open(
    path: string,
    columns: readonly string[],
    options: CsvWriterOptions = {},
  ): Promise<CsvWriter> {
    const delimiter = options.delimiter ?? (/\.tsv(\.gz)?$/i.test(path) ? '\t' : ',');
    const file = await openOutputFile(path);
    return new CsvWriter(file.stream, columns, { ...options, delimiter }, file.finished);
  }

  async write(row: Row): Promise<void> {
    await this.writeHeader();
    await this.sink.write(this.line(this.columns.map((column) => cellText(row[column]))));
  }

  /** Writes the header if no row was written (an empty result is still a valid CSV), flushes, ends the stream. */
  async close(): Promise<void> {
    await this.writeHeader();
    await this.sink.close();
  }

  private async writeHeader(): Promise<void> {
    if (this.headerWritten) return;
    this.headerWritten = true;
    await this.sink.write(this.line(this.columns));
  }

  private line(cells: readonly string[]): string {
    return cells.map((cell) => this.quote(cell)).join(this.delimiter) + this.lineEnding;
  }

  private quote(cell: string): string {
    return this.needsQuotes.test(cell) ? `"${cell.replace(/"/g, '""')}"` : cell;
  }
}
