import { existsSync, statSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import { basename, extname, join } from 'node:path';
import type { IngestIssue, PatientRecord } from '../patient.types';
import type { Pseudonymizer } from '../pseudonym';
import { readSyntheaCsvFolder } from './csv-folder-reader';
import { readBundleFile, readNdjsonFile, type FhirReadContext } from './fhir-reader';
import { readLines } from './lines';

export interface ReadPatientsOptions {
  pseudonymizer: Pseudonymizer;
  /** Called for every resource or row that is skipped, with where it is and why. */
  onIssue?: (issue: IngestIssue) => void;
  maxBundleBytes?: number;
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
      yield* readSyntheaCsvFolder(path, ctx);
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
