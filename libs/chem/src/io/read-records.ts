import { InputError } from '../errors';
import type { InputRecord } from '../records';
import { readCsvRecords } from './csv-reader';
import { checkInputFormat, detectInputFormat, type InputFormat } from './format';
import { readLines } from './line-reader';
import { decompressIfGzip, openInputFile, type ByteSource } from './open-input';
import { resolveReadOptions, type ReadOptions, type ResolvedReadOptions } from './options';
import { readSdfRecords } from './sdf-reader';
import { readSmilesRecords } from './smiles-reader';

/**
 * The records of a library file, streamed: SMILES (`.smi`, `.smiles`, `.txt`), CSV (`.csv`), TSV (`.tsv`) or
 * SDF (`.sdf`, `.sd`, `.mol`), each optionally `.gz`; `options.format` overrides the extension.
 *
 * Bad records are yielded with `error` (the stream goes on). The iteration throws InputError for problems of
 * the whole input: unknown extension, unreadable file (with the fs error as `cause`), binary or UTF-16 data,
 * corrupt gzip, no SMILES column, and no records at all (unless `allowEmpty`).
 */
export async function* readRecords(path: string, options: ReadOptions = {}): AsyncGenerator<InputRecord> {
  const format = options.format ? checkInputFormat(options.format) : detectInputFormat(path);
  const resolved = resolveReadOptions(options, path);
  yield* readFormat(
    openInputFile(path, options.gzip ?? 'auto'),
    format,
    resolved,
    options.allowEmpty ?? false,
  );
}

/**
 * The records of a byte stream (an upload, a socket, a test's Readable.from): same readers and errors as
 * readRecords, with the format given. Gzip data is recognised by its magic bytes (see ReadOptions.gzip).
 */
export async function* readRecordsFromStream(
  stream: ByteSource,
  format: InputFormat,
  options: ReadOptions = {},
): AsyncGenerator<InputRecord> {
  const checked = checkInputFormat(format); // the explicit argument; options.format is for readRecords
  const resolved = resolveReadOptions(options, 'input');
  yield* readFormat(
    decompressIfGzip(stream, options.gzip ?? 'auto', resolved.name),
    checked,
    resolved,
    options.allowEmpty ?? false,
  );
}

async function* readFormat(
  bytes: AsyncIterable<Buffer>,
  format: InputFormat,
  options: ResolvedReadOptions,
  allowEmpty: boolean,
): AsyncGenerator<InputRecord> {
  const lines = readLines(bytes, { maxLineLength: options.maxLineLength, name: options.name });
  let records: AsyncGenerator<InputRecord>;
  switch (format) {
    case 'smiles':
      records = readSmilesRecords(lines, options);
      break;
    case 'csv':
      records = readCsvRecords(lines, ',', options);
      break;
    case 'tsv':
      records = readCsvRecords(lines, '\t', options);
      break;
    case 'sdf':
      records = readSdfRecords(lines, options);
      break;
  }
  let count = 0;
  try {
    for await (const record of records) {
      count++;
      yield record;
    }
  } catch (error) {
    throw asInputError(error, options.name);
  }
  if (count === 0 && !allowEmpty) {
    throw new InputError(
      `${options.name}: no records (the input is empty or holds only a header, comments or blank lines)`,
    );
  }
}

/** File-system errors (missing file, no permission, a directory) are input errors too: one type for callers. */
function asInputError(error: unknown, name: string): unknown {
  if (error instanceof InputError) return error;
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  if (typeof code === 'string' && /^E[A-Z]+$/.test(code)) {
    return new InputError(`cannot read ${name}: ${(error as Error).message}`, { cause: error });
  }
  return error;
}
