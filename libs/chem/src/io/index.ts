// Library files in and out, as streams of records. No chemistry here: bytes become InputRecords (structure
// as text) and rows become CSV/SDF files; parsing the structures is the standardize module's job.
//
// Reading (readRecords / readRecordsFromStream), constant memory, one async-iterable record at a time:
// - SMILES (.smi .smiles .txt), CSV (.csv), TSV (.tsv), SDF (.sdf .sd .mol), each optionally .gz; gzip is
//   also recognised by its magic bytes.
// - Limits: maxLineLength 100_000 characters (a line; a CSV row with its quoted newlines), maxRecordLength
//   10_000_000 characters (an SDF entry). Over a limit → that record gets `error`, the reader goes on.
// - A bad record is yielded with `error` = "<reason> (record N, line L)" and `structure` ''; the stream goes on.
// - The iteration throws InputError for the whole input: unknown extension, unreadable file, NUL bytes or a
//   UTF-16 BOM in the first 8 KiB, bad gzip, missing SMILES/id column, and no records at all (unless allowEmpty).
//
// Writing: CsvWriter, SdfWriter, openRecordWriter (by extension, gzip for .gz); await each write (backpressure)
// and always close().
export {
  checkInputFormat,
  detectInputFormat,
  detectOutputFormat,
  INPUT_FORMATS,
  isGzipPath,
  type InputFormat,
  type OutputFormat,
} from './format';
export { DEFAULT_MAX_LINE_LENGTH, DEFAULT_MAX_RECORD_LENGTH, type ReadOptions } from './options';
export { readRecords, readRecordsFromStream } from './read-records';
export type { ByteSource } from './open-input';
export type { CellValue, Row } from './cell';
export { CsvWriter, type CsvWriterOptions } from './csv-writer';
export { SdfWriter, type SdfEntryToWrite } from './sdf-writer';
export { openRecordWriter, type RecordWriter, type RecordWriterOptions } from './record-writer';
