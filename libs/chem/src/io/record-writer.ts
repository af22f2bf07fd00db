import { InputError } from '../errors';
import type { Row } from './cell';
import { CsvWriter } from './csv-writer';
import { detectOutputFormat } from './format';
import { SdfWriter } from './sdf-writer';

/** What the commands write rows to, whatever the file format. */
export interface RecordWriter {
  write(row: Row): Promise<void>;
  close(): Promise<void>;
}

export interface RecordWriterOptions {
  /** SDF output: the column holding each row's molblock; the other columns become data items. Default 'molblock'. */
  molblockColumn?: string;
}

/**
 * Opens `path` for rows with these columns, the format from the extension: `.csv`, `.tsv`, `.sdf`/`.sd`, each
 * optionally `.gz`. Throws InputError for an unknown extension, or for SDF when `columns` lacks the molblock
 * column; rejects with the fs error when the file cannot be created.
 */
export async function openRecordWriter(
  path: string,
  columns: readonly string[],
  options: RecordWriterOptions = {},
): Promise<RecordWriter> {
  const format = detectOutputFormat(path);
  switch (format) {
    case 'csv':
    case 'tsv':
      return CsvWriter.open(path, columns, { delimiter: format === 'tsv' ? '\t' : ',' });
    case 'sdf': {
      const molblockColumn = options.molblockColumn ?? 'molblock';
      if (!columns.includes(molblockColumn)) {
        throw new InputError(
          `SDF output ${path} needs a "${molblockColumn}" column; columns: ${columns.join(', ')}`,
        );
      }
      const fieldColumns = columns.filter((c) => c !== molblockColumn);
      const writer = await SdfWriter.open(path);
      return {
        write: (row) => {
          const molblock = row[molblockColumn];
          return writer.write({
            molblock: typeof molblock === 'string' ? molblock : '',
            fields: Object.fromEntries(fieldColumns.map((c) => [c, row[c] ?? ''])),
          });
        },
        close: () => writer.close(),
      };
    }
  }
}
