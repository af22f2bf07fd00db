// One wording for every per-record problem, so a user can grep an error column and always find
// what went wrong first and where (record number for the output row, line number for the input file).

import type { InputRecord } from '../records';

/** `"<reason> (record 3, line 17)"`. */
export function recordProblem(reason: string, record: number, line: number): string {
  return `${reason} (record ${record}, line ${line})`;
}

/** The record a reader yields when it cannot produce a structure: numbered, empty, with the located reason. */
export function failedRecord(record: number, line: number, reason: string): InputRecord {
  return {
    record,
    id: String(record),
    structure: '',
    fields: {},
    error: recordProblem(reason, record, line),
  };
}

/** Reason for a physical line longer than `maxLineLength`. */
export function lineTooLong(length: number, max: number): string {
  return `line of ${length} characters exceeds maxLineLength (${max})`;
}

/**
 * Why a SMILES string cannot be one, before RDKit sees it: SMILES is printable ASCII, so a control or non-ASCII
 * character means binary data or a mis-encoded file. Returns undefined when the text is plausible.
 */
export function smilesTextProblem(smiles: string): string | undefined {
  if (smiles === '') return 'empty SMILES';
  for (let i = 0; i < smiles.length; i++) {
    const code = smiles.charCodeAt(i);
    if (code < 0x21 || code > 0x7e) {
      const hex = code.toString(16).toUpperCase().padStart(4, '0');
      const what =
        code === 0
          ? 'a NUL byte (binary data)'
          : code === 0xfffd
            ? 'invalid UTF-8'
            : code === 0x20 || code === 0x09
              ? 'whitespace'
              : `character U+${hex}`;
      return `SMILES contains ${what} at position ${i + 1}`;
    }
  }
  return undefined;
}
