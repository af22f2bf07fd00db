/** A value a writer accepts in a cell or data field; null and undefined are written as empty. */
export type CellValue = string | number | boolean | bigint | null | undefined;

/** A row for the writers: column name → value. Missing columns are written empty. */
export type Row = Record<string, CellValue>;

export function cellText(value: CellValue): string {
  if (value === null || value === undefined) return '';
  return typeof value === 'string' ? value : String(value);
}
