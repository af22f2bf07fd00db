import { existsSync, statSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import { basename, extname, join } from 'node:path';
import type { IngestIssue, PatientRecord } from '../patient.types';
import type { Pseudonymizer } from '../pseudonym';
import { readSyntheaCsvFolder } from './csv-folder-reader';
import {
  MAX_BUNDLE_FILE_BYTES,
  readBundleFile,
  readBundleText,
  readNdjsonFile,
  readNdjsonLines,
  type FhirReadContext,
} from './fhir-reader';
import { readLines, splitLines } from './lines';

export interface ReadPatientsOptions {
  pseudonymizer: Pseudonymizer;
  /** Called for every resource or row that is skipped, with where it is and why. */
  onIssue?: (issue: IngestIssue) => void;
  maxBundleBytes?: number;
  /** Synthea CSV: patients joined in memory at once (default 50,000); larger exports are joined by partitions. */
  csvPatientsInMemory?: number;
}

export class PatientSourceError extends Error {
  override name = 'PatientSourceError';
}

/**
 * Patients from any supported source, as an async iterable (one patient at a time for FHIR):
 * - a folder with `patients.csv`: a Synthea CSV export;
 * - a folder otherwise: every `.json` (a Bundle each) and `.ndjson`/`.jsonl` file in it, in name order;
 * - a `.json` file (one Bundle) or an `.ndjson`/`.jsonl` file.
 */
export async function* readPatients(
  path: string,
  options: ReadPatientsOptions,
): AsyncGenerator<PatientRecord> {
  if (!existsSync(path)) throw new PatientSourceError(`${path}: no such file or folder`);
  const onIssue = options.onIssue ?? (() => undefined);
  const ctx: FhirReadContext = {
    pseudonymizer: options.pseudonymizer,
    onIssue,
    organizations: new Map(),
    maxBundleBytes: options.maxBundleBytes,
  };
  if (statSync(path).isDirectory()) {
    if (existsSync(join(path, 'patients.csv'))) {
      yield* readSyntheaCsvFolder(path, { ...ctx, maxPatientsInMemory: options.csvPatientsInMemory });
      return;
    }
    const files = (await readdir(path)).filter((f) => isFhirFile(f)).sort();
    if (files.length === 0) {
      throw new PatientSourceError(`${path}: no patients.csv and no .json/.ndjson/.jsonl files`);
    }
    for (const file of files) yield* readFhirFile(join(path, file), ctx);
    return;
  }
  if (!isFhirFile(basename(path))) {
    throw new PatientSourceError(`${path}: expected a folder, a .json bundle or an .ndjson/.jsonl file`);
  }
  yield* readFhirFile(path, ctx);
}

/** The FHIR forms a byte stream (an upload) can hold: NDJSON (one resource or Bundle per line), or one Bundle. */
export type FhirStreamFormat = 'ndjson' | 'json';

export interface ReadPatientStreamOptions extends ReadPatientsOptions {
  format: FhirStreamFormat;
  /** Names the source in issues (`file`), e.g. the uploaded file's name. */
  name: string;
}

/**
 * Patients from a byte stream (an upload, or its chunks staged in a database) instead of a file: NDJSON is
 * split into lines as it arrives (one patient at a time in memory); a JSON Bundle is collected whole, up to
 * `maxBundleBytes` (256 MiB by default; more is one issue, and nothing is read).
 */
export async function* readPatientStream(
  chunks: AsyncIterable<Buffer>,
  options: ReadPatientStreamOptions,
): AsyncGenerator<PatientRecord> {
  const ctx: FhirReadContext = {
    pseudonymizer: options.pseudonymizer,
    onIssue: options.onIssue ?? (() => undefined),
    organizations: new Map(),
    maxBundleBytes: options.maxBundleBytes,
  };
  if (options.format === 'ndjson') {
    yield* readNdjsonLines(splitLines(chunks), options.name, ctx);
    return;
  }
  const limit = options.maxBundleBytes ?? MAX_BUNDLE_FILE_BYTES;
  const parts: Buffer[] = [];
  let size = 0;
  for await (const chunk of chunks) {
    size += chunk.length;
    if (size > limit) {
      ctx.onIssue({
        file: options.name,
        reason: `over the ${limit}-byte limit for one JSON bundle (send NDJSON instead)`,
      });
      return;
    }
    parts.push(chunk);
  }
  yield* readBundleText(Buffer.concat(parts).toString('utf8'), options.name, ctx);
}

/** Whether `path` is an .ndjson/.jsonl file whose first resource is a Bundle (the form read in parallel). */
export async function isNdjsonOfBundles(path: string): Promise<boolean> {
  if (!existsSync(path) || statSync(path).isDirectory()) return false;
  if (!['.ndjson', '.jsonl'].includes(extname(path).toLowerCase())) return false;
  for await (const { text } of readLines(path)) {
    if (text.trim() === '') continue;
    try {
      return (JSON.parse(text) as { resourceType?: unknown }).resourceType === 'Bundle';
    } catch {
      return false;
    }
  }
  return false;
}

function readFhirFile(file: string, ctx: FhirReadContext): AsyncGenerator<PatientRecord> {
  return extname(file) === '.json' ? readBundleFile(file, ctx) : readNdjsonFile(file, ctx);
}

function isFhirFile(name: string): boolean {
  return ['.json', '.ndjson', '.jsonl'].includes(extname(name).toLowerCase());
}
