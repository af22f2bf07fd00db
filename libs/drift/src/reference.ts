import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DRIFT_PROPERTY_NAMES } from './drift-properties';

/** The file beside a model's card that holds its training distribution (`npm run drift:reference` writes it). */
export const REFERENCE_FILE = 'training-properties.json';
export const REFERENCE_FORMAT = 'hitscreen-drift-reference/1';

/** One property over the training molecules: decile bin edges and how many training molecules fall in each bin. */
export interface PropertyReference {
  name: string;
  /** Ascending upper bounds; bin i is (edges[i−1], edges[i]], the last bin everything above the last edge. */
  edges: number[];
  /** Training molecules per bin (edges.length + 1 entries). */
  counts: number[];
  /** counts / their total, rounded to 4 digits (for reading; PSI uses the counts). */
  fractions: number[];
}

export interface TrainingReference {
  format: typeof REFERENCE_FORMAT;
  model: string;
  modelVersion: string;
  dataset: { file: string; rows: number; sha256: string; citation: string };
  /** The training split: the molecules whose fingerprints are the model's train-morgan.u8. */
  training: { molecules: number };
  /**
   * The validation + test molecules of the scaffold split (never trained on, new scaffolds): the out-of-domain
   * rate a library of the training chemistry is expected to have.
   */
  heldOut: { molecules: number; outOfDomain: number; outOfDomainRate: number };
  /** The card's applicability-domain threshold (max Tanimoto to the training set) the rates were counted with. */
  domainThreshold: number;
  properties: PropertyReference[];
  /**
   * The model's predictions (`<model>.<task>`, ensemble means) on the held-out molecules, in their own decile bins:
   * the distribution of predictions a library of the training chemistry gets. Informational: a library rich in
   * actives shifts it on purpose, so it is reported, never a reason for `drift`. Absent in older references.
   */
  predictions?: PropertyReference[];
  generated: { by: string; at: string; how: string };
}

export class ReferenceError extends Error {
  override name = 'ReferenceError';
}

function fail(file: string, reason: string): never {
  throw new ReferenceError(`${file}: ${reason}`);
}

/** Validates a parsed reference; every problem names the file and the field. */
export function parseTrainingReference(value: unknown, file = REFERENCE_FILE): TrainingReference {
  if (typeof value !== 'object' || value === null) fail(file, 'not a JSON object');
  const r = value as TrainingReference;
  if (r.format !== REFERENCE_FORMAT)
    fail(file, `format is ${String(r.format)}, expected ${REFERENCE_FORMAT}`);
  if (typeof r.model !== 'string') fail(file, 'model is missing');
  if (!(r.training?.molecules > 0)) fail(file, 'training.molecules must be a positive number');
  const h = r.heldOut;
  if (!h || !(h.molecules >= 0) || !(h.outOfDomainRate >= 0 && h.outOfDomainRate <= 1))
    fail(file, 'heldOut must give molecules and an outOfDomainRate in [0, 1]');
  if (!Array.isArray(r.properties)) fail(file, 'properties must be a list');
  for (const name of DRIFT_PROPERTY_NAMES)
    if (!r.properties.some((p) => p.name === name)) fail(file, `property ${name} is missing`);
  if (r.predictions !== undefined && !Array.isArray(r.predictions)) fail(file, 'predictions must be a list');
  for (const p of [...r.properties, ...(r.predictions ?? [])]) {
    const where = `properties[${p.name}]`;
    if (!Array.isArray(p.edges) || !Array.isArray(p.counts))
      fail(file, `${where}: edges and counts must be lists`);
    if (p.counts.length !== p.edges.length + 1)
      fail(
        file,
        `${where}: ${p.edges.length} edges need ${p.edges.length + 1} counts, not ${p.counts.length}`,
      );
    if (p.edges.some((e, i) => i > 0 && !(e > p.edges[i - 1]))) fail(file, `${where}: edges must ascend`);
    if (p.counts.reduce((s, c) => s + c, 0) === 0) fail(file, `${where}: no training molecule counted`);
  }
  return r;
}

/** A model's reference with the SHA-256 of its file (daily roll-ups only add counts made over the same bins). */
export interface LoadedReference {
  reference: TrainingReference;
  sha256: string;
  file: string;
}

/** Reads `<modelDir>/training-properties.json`; undefined when the model has none. */
export function readTrainingReference(modelDir: string): LoadedReference | undefined {
  const file = join(modelDir, REFERENCE_FILE);
  if (!existsSync(file)) return undefined;
  const text = readFileSync(file, 'utf8');
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new ReferenceError(`${file}: ${(error as Error).message}`, { cause: error });
  }
  return {
    reference: parseTrainingReference(parsed, file),
    sha256: createHash('sha256').update(text).digest('hex'),
    file,
  };
}
