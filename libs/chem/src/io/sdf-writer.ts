import type { Writable } from 'node:stream';
import { cellText, type CellValue } from './cell';
import { openOutputFile, TextSink } from './open-output';

/** One SDF entry to write. */
export interface SdfEntryToWrite {
  /** A V2000 or V3000 molblock through `M  END`; '' writes an empty molecule (e.g. for a failed record). */
  molblock: string;
  /** Data items, written in key order as `> <name>` + value + blank line; null/undefined values are skipped. */
  fields?: Record<string, CellValue>;
}

// A valid zero-atom V2000 block, so a record without a structure still round-trips with its data fields.
const EMPTY_MOLBLOCK = '\n     hitscreen\n\n  0  0  0  0  0  0  0  0  0  0999 V2000\nM  END\n';

/**
 * Entries to SDF: molblock, data items, `$$$$`. Line endings are normalised to '\n'. Anything after `M  END` in a
 * given molblock (e.g. old data items) is dropped so the entry's items are exactly `fields`. Blank lines inside a
 * value are removed (a blank line ends an item in SDF) and a value line starting with `$$$$` gets a leading space
 * (it would end the entry). `write` gives backpressure like CsvWriter; always `close()`.
 */
export class SdfWriter {
  private readonly sink: TextSink;

  constructor(out: Writable, finished?: Promise<void>) {
    this.sink = new TextSink(out, finished);
  }

  /** Opens a file (gzip when the path ends in `.gz`). */
  static async open(path: string): Promise<SdfWriter> {
    const file = await openOutputFile(path);
    return new SdfWriter(file.stream, file.finished);
  }

  async write(entry: SdfEntryToWrite): Promise<void> {
    let text = normaliseMolblock(entry.molblock);
    for (const [name, value] of Object.entries(entry.fields ?? {})) {
      if (value === null || value === undefined) continue;
      const lines = fieldValue(cellText(value));
      text += lines === '' ? `> <${fieldName(name)}>\n\n` : `> <${fieldName(name)}>\n${lines}\n\n`;
    }
    await this.sink.write(`${text}$$$$\n`);
  }

  async close(): Promise<void> {
    await this.sink.close();
  }
}

function normaliseMolblock(molblock: string): string {
  if (molblock.trim() === '') return EMPTY_MOLBLOCK;
  const lines = molblock.replace(/\r\n?/g, '\n').split('\n');
  const end = lines.findIndex((line) => /^M {2}END\s*$/.test(line));
  if (end < 0) throw new Error('SdfWriter: molblock has no "M  END" line');
  return `${lines.slice(0, end + 1).join('\n')}\n`;
}

/** Names cannot hold '>' or line breaks (they would end the `<name>` or the header line). */
function fieldName(name: string): string {
  const clean = name.replace(/[>\r\n]/g, '_');
  if (clean === '') throw new Error('SdfWriter: empty data field name');
  return clean;
}

function fieldValue(value: string): string {
  return value
    .replace(/\r\n?/g, '\n')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => (line.startsWith('$$$$') ? ` ${line}` : line))
    .join('\n');
}
