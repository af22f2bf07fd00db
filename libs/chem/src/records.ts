/**
 * One record read from a library file. Readers never throw for a bad record: they yield it with `error`
 * set, so one bad line fails that row and not the library.
 */
export interface InputRecord {
  /** 1-based position of the record in its file (data rows for CSV, entries for SDF, lines for SMILES). */
  record: number;
  /** The record's identifier: the id column / title line / second SMILES field, or `"<record>"` when absent. */
  id: string;
  /** The structure as given: a SMILES string or, for SDF, the whole V2000/V3000 molblock. */
  structure: string;
  /** Every other column or SDF data field, carried through to the output unchanged. */
  fields: Record<string, string>;
  /** Why the reader could not produce a structure for this record (then `structure` is ''). */
  error?: string;
}
