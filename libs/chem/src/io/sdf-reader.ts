import type { InputRecord } from '../records';
import type { Line } from './line-reader';
import { ID_COLUMN_CANDIDATES, type ResolvedReadOptions } from './options';
import { failedRecord, lineTooLong } from './record-messages';

// `M  END` closes a V2000 and a V3000 molblock alike (V3000's `M  V30 END CTAB` does not match).
const MOL_END = /^M {2}END\s*$/;
const RECORD_END = '$$$$';

/** One SDF entry under construction. */
class SdfEntry {
  readonly molLines: string[] = [];
  readonly fields: Record<string, string> = {};
  molEnded = false;
  /** Data item being read: its name and value lines (values end at a blank line). */
  field: { name: string; values: string[] } | undefined;
  chars = 0;
  nonBlank = false;
  /** First problem found; once set the rest of the entry is skipped, not stored. */
  error: string | undefined;

  constructor(readonly startLine: number) {}
}

/**
 * Records of an SDF (or a single MOL file): entries end at `$$$$`; the molblock is everything through `M  END`
 * (V2000 or V3000) and is the record's structure; data items `> <name>` (any text around the `<name>`, e.g.
 * `>  <name>  (12)`) are carried in `fields`, multi-line values joined with `\n`. The id is, in order: the
 * `idColumn` data field when given, the title line, the first of the id/name/compound_id/mol_id fields (any
 * case), the record number.
 *
 * Per-record failures (the entry is skipped up to its `$$$$`, later entries are read):
 * - no `M  END` before `$$$$` or before the end of the file → `truncated SDF record: …`;
 * - the file ends inside a data item → `truncated SDF record: …`;
 * - a line over maxLineLength, an entry over maxRecordLength, a NUL byte.
 * A last entry without `$$$$` but with a complete molblock is fine (that is what a MOL file is).
 * Entries made only of blank lines (e.g. after the final `$$$$`) are not records.
 */
export async function* readSdfRecords(
  lines: AsyncIterable<Line>,
  options: ResolvedReadOptions,
): AsyncGenerator<InputRecord> {
  let record = 0;
  let entry: SdfEntry | undefined;
  for await (const line of lines) {
    if (line.tooLong === undefined && line.text.startsWith(RECORD_END)) {
      if (entry && (entry.nonBlank || entry.error)) yield finish(entry, ++record, false, options);
      entry = undefined;
      continue;
    }
    entry ??= new SdfEntry(line.number);
    if (entry.error) continue;
    if (line.tooLong !== undefined) {
      entry.error = lineTooLong(line.tooLong, options.maxLineLength);
      continue;
    }
    addLine(entry, line.text, options);
  }
  if (entry && (entry.nonBlank || entry.error)) yield finish(entry, ++record, true, options);
}

function addLine(entry: SdfEntry, text: string, options: ResolvedReadOptions): void {
  entry.chars += text.length + 1;
  if (entry.chars > options.maxRecordLength) {
    entry.error = `SDF record longer than maxRecordLength (${options.maxRecordLength} characters)`;
    return;
  }
  if (text.includes('\u0000')) {
    entry.error = 'NUL byte in SDF record (binary data)';
    return;
  }
  const blank = text.trim() === '';
  if (!blank) entry.nonBlank = true;
  if (!entry.molEnded) {
    entry.molLines.push(text);
    if (MOL_END.test(text)) entry.molEnded = true;
    return;
  }
  if (entry.field) {
    if (blank) closeField(entry);
    else entry.field.values.push(text);
    return;
  }
  // Between data items only `>` header lines matter; anything else (stray blank lines) is ignored.
  if (text.startsWith('>'))
    entry.field = { name: fieldName(text, Object.keys(entry.fields).length), values: [] };
}

function closeField(entry: SdfEntry): void {
  if (!entry.field) return;
  entry.fields[entry.field.name] = entry.field.values.join('\n');
  entry.field = undefined;
}

/** `> <name>`, `>  <name>  (12)`, `> 25 <name>` → name; an old-style `> DT12` header → `DT12`. */
function fieldName(header: string, index: number): string {
  const bracketed = /<([^>]*)>/.exec(header);
  const name = (bracketed ? bracketed[1] : header.slice(1)).trim();
  return name || `field_${index + 1}`;
}

function finish(entry: SdfEntry, record: number, atEof: boolean, options: ResolvedReadOptions): InputRecord {
  const failed = (reason: string): InputRecord => failedRecord(record, entry.startLine, reason);
  if (entry.error) return failed(entry.error);
  if (!entry.molEnded) {
    return failed(
      atEof
        ? 'truncated SDF record: the input ends before "M  END"'
        : 'truncated SDF record: no "M  END" line before "$$$$"',
    );
  }
  if (atEof && entry.field) {
    return failed(`truncated SDF record: the input ends inside data item "${entry.field.name}"`);
  }
  closeField(entry); // a last item closed by `$$$$` without a blank line: common, and complete
  const title = entry.molLines[0].trim();
  const fromField = (name: string | undefined) =>
    name === undefined ? '' : (fieldValue(entry.fields, name)?.trim() ?? '');
  const id =
    fromField(options.idColumn) ||
    title ||
    ID_COLUMN_CANDIDATES.map((candidate) => fromField(candidate)).find((value) => value !== '') ||
    String(record);
  return { record, id, structure: `${entry.molLines.join('\n')}\n`, fields: entry.fields };
}

/** The field's value by exact name, else case-insensitively. */
function fieldValue(fields: Record<string, string>, name: string): string | undefined {
  if (Object.hasOwn(fields, name)) return fields[name];
  const lower = name.toLowerCase();
  const key = Object.keys(fields).find((k) => k.toLowerCase() === lower);
  return key === undefined ? undefined : fields[key];
}
