import type { InputRecord } from '../records';
import type { Line } from './line-reader';
import type { ResolvedReadOptions } from './options';
import { failedRecord, lineTooLong, recordProblem, smilesTextProblem } from './record-messages';

// `SMILES rest-of-line`: the id is everything after the first run of whitespace (Open Babel's convention), so
// names with spaces survive; the split accepts tabs as well as spaces.
const SMILES_LINE = /^(\S+)(?:\s+(.*))?$/;
const HEADER_WORDS = new Set(['smiles', 'SMILES']);

/**
 * Records of a SMILES file: one per non-empty line, `SMILES [id]`. Lines starting with `#` are comments; the
 * first data line is skipped as a header only when its first word is literally `smiles` or `SMILES`. Blank
 * lines, comments and the header do not count as records; `record` numbers the molecules, and every error also
 * names the physical line.
 */
export async function* readSmilesRecords(
  lines: AsyncIterable<Line>,
  options: ResolvedReadOptions,
): AsyncGenerator<InputRecord> {
  let record = 0;
  let headerChecked = false;
  for await (const line of lines) {
    if (line.tooLong !== undefined) {
      // Counted as a record (it is not blank): the user sees one failed row instead of a silently missing one.
      headerChecked = true;
      record++;
      yield failedRecord(record, line.number, lineTooLong(line.tooLong, options.maxLineLength));
      continue;
    }
    const text = line.text.trim();
    if (text === '' || text.startsWith('#')) continue;
    const match = SMILES_LINE.exec(text);
    if (!match) continue; // unreachable for trimmed, non-empty text; keeps the types honest
    const [, smiles, rest] = match;
    if (!headerChecked) {
      headerChecked = true;
      if (HEADER_WORDS.has(smiles)) continue;
    }
    record++;
    const id = rest?.trim() || String(record);
    const problem = smilesTextProblem(smiles);
    if (problem) {
      yield { record, id, structure: '', fields: {}, error: recordProblem(problem, record, line.number) };
      continue;
    }
    yield { record, id, structure: smiles, fields: {} };
  }
}
