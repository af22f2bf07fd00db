import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** card.json as specified in models/FORMAT.md §2. */
export type TaskType = 'classification' | 'regression';

export interface TaskCard {
  name: string;
  type: TaskType;
  /** What the value means: "probability of activity", "log10(mol/L)", … */
  units: string;
  /** Classification only: probability at or above which a molecule is called active. */
  threshold?: number;
}

export interface HeadlineMetric {
  name: string;
  value: number;
}

export interface DomainCard {
  /** Packed Morgan fingerprints of the training split, relative to the model directory. */
  fingerprints: string;
  count?: number;
  similarity?: string;
  /** Max Tanimoto at or above which a query is in the domain; DEFAULT_DOMAIN_THRESHOLD when absent. */
  threshold?: number;
}

export interface ModelCard {
  name: string;
  version: string;
  created: string;
  description: string;
  featurizerVersion: string;
  tasks: TaskCard[];
  trainingData: { file: string; rows: number; sha256: string; citation?: string; licence?: string };
  split: { method: string; seed: number; fractions: number[]; sizes: Record<string, number> };
  architecture: Record<string, string | number>;
  training: Record<string, string | number>;
  ensemble: { size: number; members: string[]; seeds: number[] };
  metrics: {
    test: Record<string, Record<string, number>>;
    valid: Record<string, Record<string, number>>;
    headline: HeadlineMetric;
  };
  baseline: {
    model: string;
    metrics: { test: Record<string, Record<string, number>> };
    headline: HeadlineMetric;
  };
  domain: DomainCard;
  onnx: { opset: number; parity: string; maxAbsDiff: number };
}

/** A card.json that is not valid JSON or breaks the contract; the message names the file and the field. */
export class ModelCardError extends Error {
  constructor(
    readonly file: string,
    readonly field: string,
    problem: string,
  ) {
    super(`${file}: ${field} ${problem}`);
    this.name = 'ModelCardError';
  }
}

export const CARD_FILE = 'card.json';

/** Reads and validates `<dir>/card.json`. */
export function readModelCard(dir: string): ModelCard {
  const file = join(dir, CARD_FILE);
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new ModelCardError(file, 'card', `cannot be read: ${(error as Error).message}`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new ModelCardError(file, 'card', `is not valid JSON: ${(error as Error).message}`);
  }
  return parseModelCard(json, file);
}

type Json = Record<string, unknown>;

/**
 * Checks the fields the scoring library and the CLI rely on (types, not values beyond basic sanity), so a broken
 * card fails at load with the field's path rather than as an `undefined` deep inside a prediction.
 */
export function parseModelCard(value: unknown, file: string): ModelCard {
  const fail = (field: string, problem: string): never => {
    throw new ModelCardError(file, field, problem);
  };
  const object = (v: unknown, field: string): Json =>
    typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Json) : fail(field, 'must be an object');
  const string = (v: unknown, field: string): string =>
    typeof v === 'string' && v !== '' ? v : fail(field, 'must be a non-empty string');
  const number = (v: unknown, field: string): number =>
    typeof v === 'number' && Number.isFinite(v) ? v : fail(field, 'must be a finite number');
  const probability = (v: unknown, field: string): number => {
    const p = number(v, field);
    return p >= 0 && p <= 1 ? p : fail(field, `must be between 0 and 1 (got ${p})`);
  };

  const card = object(value, 'card');
  string(card.name, 'name');
  string(card.version, 'version');
  string(card.featurizerVersion, 'featurizerVersion');

  if (!Array.isArray(card.tasks) || card.tasks.length === 0) fail('tasks', 'must be a non-empty array');
  const names = new Set<string>();
  (card.tasks as unknown[]).forEach((t, i) => {
    const task = object(t, `tasks[${i}]`);
    const name = string(task.name, `tasks[${i}].name`);
    if (names.has(name)) fail(`tasks[${i}].name`, `repeats task "${name}"`);
    names.add(name);
    if (task.type !== 'classification' && task.type !== 'regression')
      fail(`tasks[${i}].type`, `must be "classification" or "regression" (got ${JSON.stringify(task.type)})`);
    string(task.units, `tasks[${i}].units`);
    if (task.type === 'classification') probability(task.threshold, `tasks[${i}].threshold`);
  });

  const ensemble = object(card.ensemble, 'ensemble');
  if (!Array.isArray(ensemble.members) || ensemble.members.length === 0)
    fail('ensemble.members', 'must be a non-empty array of ONNX file names');
  const members = ensemble.members as unknown[];
  members.forEach((m, i) => {
    const member = string(m, `ensemble.members[${i}]`);
    // Member paths are relative to the model directory and must stay inside it.
    if (member.includes('/') || member.includes('\\') || !member.endsWith('.onnx'))
      fail(`ensemble.members[${i}]`, `must be a plain .onnx file name (got "${member}")`);
  });
  if (number(ensemble.size, 'ensemble.size') !== members.length)
    fail('ensemble.size', `is ${String(ensemble.size)} but ensemble.members lists ${members.length} files`);

  for (const section of ['trainingData', 'split', 'architecture', 'training', 'baseline', 'onnx'])
    object(card[section], section);
  const metrics = object(card.metrics, 'metrics');
  const headline = object(metrics.headline, 'metrics.headline');
  string(headline.name, 'metrics.headline.name');
  number(headline.value, 'metrics.headline.value');

  // The domain section is optional in spirit (older cards): defaults are the contract's file name and threshold.
  const domain = card.domain === undefined ? {} : object(card.domain, 'domain');
  if (domain.fingerprints !== undefined) string(domain.fingerprints, 'domain.fingerprints');
  if (domain.threshold !== undefined) probability(domain.threshold, 'domain.threshold');
  if (domain.count !== undefined) number(domain.count, 'domain.count');
  const parsed = card as unknown as ModelCard;
  return {
    ...parsed,
    domain: {
      ...(domain as Partial<DomainCard>),
      fingerprints: (domain.fingerprints as string) ?? 'train-morgan.u8',
    },
  };
}
