import type { InputFormat } from './format';

/** Options of `readRecords` / `readRecordsFromStream`. Every field is optional; `undefined` means the default. */
export interface ReadOptions {
  /** Overrides the format implied by the file extension. */
  format?: InputFormat;
  /**
   * CSV/TSV: the column holding the SMILES (exact name first, then case-insensitive). Default: the first of
   * `smiles`, `canonical_smiles` present, case-insensitive.
   */
  smilesColumn?: string;
  /**
   * CSV/TSV: the column holding the identifier (exact, then case-insensitive). SDF: a data field that, when
   * present and non-empty, is used as the id before the title line. Default: the first of `id`, `name`,
   * `compound_id`, `mol_id` present, case-insensitive; else the record number.
   */
  idColumn?: string;
  /**
   * Longest accepted line (CSV/TSV: logical row, quoted newlines included), in characters. A longer line becomes
   * a record with `error`; the reader holds at most this many characters of it. Default 100_000.
   */
  maxLineLength?: number;
  /** SDF: longest accepted record (molblock + data fields), in characters. Default 10_000_000. */
  maxRecordLength?: number;
  /** When false (default), an input with no records at all (empty, only a header or comments) is an InputError. */
  allowEmpty?: boolean;
  /**
   * Gzip handling. `'auto'` (default): decompress when the data starts with the gzip magic bytes (and, for
   * `readRecords`, whenever the path ends in `.gz`). `true`: the data must be gzip. `false`: never decompress.
   */
  gzip?: boolean | 'auto';
  /** Name used in whole-input error messages (the path for `readRecords`; e.g. the upload's file name for streams). */
  name?: string;
}

export const DEFAULT_MAX_LINE_LENGTH = 100_000;
export const DEFAULT_MAX_RECORD_LENGTH = 10_000_000;

/** Candidate column names, matched case-insensitively, in order of preference. */
export const SMILES_COLUMN_CANDIDATES = ['smiles', 'canonical_smiles'] as const;
export const ID_COLUMN_CANDIDATES = ['id', 'name', 'compound_id', 'mol_id'] as const;

/** The options a format reader needs, with defaults applied. */
export interface ResolvedReadOptions {
  smilesColumn?: string;
  idColumn?: string;
  maxLineLength: number;
  maxRecordLength: number;
  name: string;
}

export function resolveReadOptions(options: ReadOptions, fallbackName: string): ResolvedReadOptions {
  const positive = (value: number | undefined, fallback: number, label: string) => {
    if (value === undefined) return fallback;
    if (!Number.isInteger(value) || value < 1)
      throw new RangeError(`${label} must be a positive integer, got ${value}`);
    return value;
  };
  return {
    smilesColumn: options.smilesColumn,
    idColumn: options.idColumn,
    maxLineLength: positive(options.maxLineLength, DEFAULT_MAX_LINE_LENGTH, 'maxLineLength'),
    maxRecordLength: positive(options.maxRecordLength, DEFAULT_MAX_RECORD_LENGTH, 'maxRecordLength'),
    name: options.name ?? fallbackName,
  };
}
