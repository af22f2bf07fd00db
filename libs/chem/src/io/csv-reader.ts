import { InputError } from '../errors';
import type { InputRecord } from '../records';
import { CsvRowParser } from './csv-row-parser';
import type { Line } from './line-reader';
import { ID_COLUMN_CANDIDATES, SMILES_COLUMN_CANDIDATES, type ResolvedReadOptions } from './options';
import { failedRecord, lineTooLong, recordProblem, smilesTextProblem } from './record-messages';

/**
 * Records of a CSV or TSV file: the first non-blank row is the header; each later non-blank row is a record
 * (`record` counts data rows). The SMILES and id columns are chosen by name (see ReadOptions); every other
 * column is carried in `fields` under its header name. A row with the wrong number of cells, an over-long row or
 * an unterminated quoted field fails that record only. A missing SMILES column fails the whole input.
 */
export async function* readCsvRecords(
  lines: AsyncIterable<Line>,
  delimiter: ',' | '\t',
  options: ResolvedReadOptions,
): AsyncGenerator<InputRecord> {
  const parser = new CsvRowParser(delimiter);
  let layout: ColumnLayout | undefined;
  let record = 0;
  let rowStart = 0; // physical line where the current row began

  const fail = (reason: string): InputRecord => failedRecord(++record, rowStart, reason);

  for await (const line of lines) {
    if (!parser.continuing) rowStart = line.number;
    if (line.tooLong !== undefined || parser.length + line.text.length > options.maxLineLength) {
      const length = parser.length + (line.tooLong ?? line.text.length);
      parser.reset();
      if (!layout)
        throw new InputError(
          `${options.name}: header row is too long (${lineTooLong(length, options.maxLineLength)})`,
        );
      // The rest of a multi-line row cannot be told from new rows once it is dropped; resynchronise at the next
      // line, which is right for the common case of one over-long line.
      yield fail(lineTooLong(length, options.maxLineLength));
      continue;
    }
    if (!parser.continuing && line.text.trim() === '') continue; // blank line between rows
    const cells = parser.feed(line.text);
    if (!cells) continue; // a quoted field continues on the next line
    if (!layout) {
      layout = chooseColumns(cells, options);
      continue;
    }
    yield toRecord(cells, layout, ++record, rowStart);
  }
  if (parser.continuing) {
    // The file ended inside a quoted field: whatever was read of that row is unreliable.
    if (!layout) throw new InputError(`${options.name}: the header row has an unterminated quoted field`);
    yield fail(`unterminated quoted field at end of input`);
  }
}

interface ColumnLayout {
  header: string[];
  smiles: number;
  id: number; // -1: none, ids are record numbers
  /** Indices and names of the carried columns. */
  carried: [number, string][];
}

function chooseColumns(rawHeader: string[], options: ResolvedReadOptions): ColumnLayout {
  const header = uniqueNames(rawHeader.map((name) => name.trim()));
  // Trailing empty header cells (a trailing delimiter) are not columns: drop them so rows without them match.
  while (header.length > 1 && rawHeader[header.length - 1].trim() === '') {
    header.pop();
  }
  const listed = header.map((h) => `"${h}"`).join(', ');
  const smiles = options.smilesColumn
    ? findColumn(header, [options.smilesColumn])
    : findColumn(header, SMILES_COLUMN_CANDIDATES);
  if (smiles < 0) {
    const wanted = options.smilesColumn
      ? `SMILES column "${options.smilesColumn}" not found`
      : `no SMILES column found (looked for ${SMILES_COLUMN_CANDIDATES.join(', ')}, any case; set the SMILES column option)`;
    throw new InputError(`${options.name}: ${wanted}; columns found: ${listed}`);
  }
  const id = options.idColumn
    ? findColumn(header, [options.idColumn])
    : findColumn(header, ID_COLUMN_CANDIDATES);
  if (options.idColumn && id < 0) {
    throw new InputError(
      `${options.name}: id column "${options.idColumn}" not found; columns found: ${listed}`,
    );
  }
  const carried: [number, string][] = [];
  header.forEach((name, i) => {
    if (i !== smiles && i !== id) carried.push([i, name]);
  });
  return { header, smiles, id, carried };
}

/** Exact name first, then case-insensitive, for each candidate in order. */
function findColumn(header: string[], candidates: readonly string[]): number {
  for (const candidate of candidates) {
    const exact = header.indexOf(candidate);
    if (exact >= 0) return exact;
    const lower = candidate.toLowerCase();
    const loose = header.findIndex((h) => h.toLowerCase() === lower);
    if (loose >= 0) return loose;
  }
  return -1;
}

/** Empty names become `column_<n>`; a repeated name gets `_2`, `_3`… so no field overwrites another. */
function uniqueNames(names: string[]): string[] {
  const seen = new Set<string>();
  return names.map((name, i) => {
    let unique = name === '' ? `column_${i + 1}` : name;
    for (let n = 2; seen.has(unique); n++) unique = `${name}_${n}`;
    seen.add(unique);
    return unique;
  });
}

function toRecord(cells: string[], layout: ColumnLayout, record: number, line: number): InputRecord {
  const expected = layout.header.length;
  // Trailing empty cells (spreadsheets pad rows with delimiters) are tolerated; anything else is a misaligned row.
  while (cells.length > expected && cells[cells.length - 1].trim() === '') cells.pop();
  if (cells.length !== expected) {
    return failedRecord(
      record,
      line,
      `wrong number of cells: expected ${expected} as in the header, found ${cells.length}`,
    );
  }
  const id = (layout.id >= 0 ? cells[layout.id].trim() : '') || String(record);
  const fields: Record<string, string> = {};
  for (const [i, name] of layout.carried) fields[name] = cells[i];
  const smiles = cells[layout.smiles].trim();
  const problem = smilesTextProblem(smiles);
  if (problem) return { record, id, structure: '', fields, error: recordProblem(problem, record, line) };
  return { record, id, structure: smiles, fields };
}
