import { openRecordWriter, SdfWriter, type OutputFormat } from '@hitscreen/chem';
import type { ResultRow } from '@hitscreen/screening';
import { toExportRow, toSdfEntry } from '@hitscreen/screen-report';

export interface ResultsWriter {
  write(row: ResultRow): Promise<void>;
  close(): Promise<void>;
}

/**
 * A screen's rows to a file, flattened exactly as the API's export does (`toExportRow` / `toSdfEntry` of
 * @hitscreen/screen-report): CSV/TSV with the export columns, or SDF with them as data fields.
 */
export async function openResultsWriter(
  path: string,
  format: OutputFormat,
  columns: readonly string[],
): Promise<ResultsWriter> {
  if (format === 'sdf') {
    const sdf = await SdfWriter.open(path);
    return { write: async (row) => sdf.write(await toSdfEntry(row)), close: () => sdf.close() };
  }
  const table = await openRecordWriter(path, columns);
  return { write: (row) => table.write(toExportRow(row)), close: () => table.close() };
}
