import type { InputRecord } from '@hitscreen/chem';
import type { ScreenOptions } from '@hitscreen/screening';
import { ApiError } from '../../common/api-error';

const OPTION_KEYS = new Set(['name', 'models', 'weights', 'webhookUrl']);
const MAX_NAME_LENGTH = 200;

/**
 * Validates a screen's options as the client sent them (JSON body `options`, or the multipart `options` field).
 * Unknown keys and wrong types are 400s naming the field; a model that does not exist is a 422 listing the
 * ones that do, so nothing is created for a request that could never run.
 */
export function parseScreenOptions(value: unknown, knownModels: readonly string[]): ScreenOptions {
  if (value === undefined || value === null) return {};
  if (!isPlainObject(value)) throw ApiError.badRequest('options must be an object');
  const unknown = Object.keys(value).filter((key) => !OPTION_KEYS.has(key));
  if (unknown.length > 0)
    throw ApiError.badRequest(
      `unknown option ${unknown.map((k) => `"${k}"`).join(', ')}; accepted: ${[...OPTION_KEYS].join(', ')}`,
    );
  const options: ScreenOptions = {};
  if (value.name !== undefined) {
    if (typeof value.name !== 'string' || value.name.length > MAX_NAME_LENGTH)
      throw ApiError.badRequest(`options.name must be a string of at most ${MAX_NAME_LENGTH} characters`);
    options.name = value.name;
  }
  // An empty list is a properties-only screen: standardization, properties, alerts, QED and the desirability
  // of those, no model loaded (absent: every model).
  if (value.models !== undefined) {
    if (!Array.isArray(value.models) || !value.models.every((m) => typeof m === 'string'))
      throw ApiError.badRequest('options.models must be an array of model names ([] for properties only)');
    const missing = value.models.filter((m) => !knownModels.includes(m));
    if (missing.length > 0)
      throw ApiError.unprocessable(
        `unknown model ${missing.map((m) => `"${m}"`).join(', ')}; available: ${knownModels.join(', ')}`,
      );
    options.models = [...new Set(value.models as string[])];
  }
  if (value.weights !== undefined) {
    if (!isPlainObject(value.weights))
      throw ApiError.badRequest('options.weights must be an object of score key → non-negative number');
    for (const [key, weight] of Object.entries(value.weights))
      if (typeof weight !== 'number' || !Number.isFinite(weight) || weight < 0)
        throw ApiError.badRequest(`options.weights.${key} must be a non-negative number`);
    options.weights = value.weights as Record<string, number>;
  }
  if (value.webhookUrl !== undefined) {
    if (typeof value.webhookUrl !== 'string' || !isHttpUrl(value.webhookUrl))
      throw ApiError.badRequest('options.webhookUrl must be an http(s) URL');
    options.webhookUrl = value.webhookUrl;
  }
  return options;
}

/** The multipart form's options: one `options` JSON field, or the same keys as separate fields. */
export function optionsFromFields(
  fields: Record<string, string>,
  knownModels: readonly string[],
): ScreenOptions {
  if (fields.options !== undefined) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(fields.options);
    } catch {
      throw ApiError.badRequest('the "options" field must be JSON');
    }
    return parseScreenOptions(parsed, knownModels);
  }
  const value: Record<string, unknown> = {};
  if (fields.name !== undefined) value.name = fields.name;
  if (fields.models !== undefined)
    value.models = fields.models
      .split(',')
      .map((m) => m.trim())
      .filter(Boolean);
  if (fields.webhookUrl !== undefined) value.webhookUrl = fields.webhookUrl;
  if (fields.weights !== undefined) {
    try {
      value.weights = JSON.parse(fields.weights);
    } catch {
      throw ApiError.badRequest('the "weights" field must be a JSON object');
    }
  }
  return parseScreenOptions(value, knownModels);
}

export interface JsonSubmission {
  options: ScreenOptions;
  records: InputRecord[];
}

/**
 * A JSON submission `{ molecules: [{ id?, smiles }], options? }` as records numbered from 1. A molecule without a
 * SMILES string is a 400 naming its index (the request is malformed, not the chemistry: a SMILES that RDKit
 * rejects becomes an invalid row, like a bad line in a file). The molecule-count and structure limits are the
 * screening service's (413 / invalid row).
 */
export function parseJsonSubmission(body: unknown, knownModels: readonly string[]): JsonSubmission {
  if (!isPlainObject(body))
    throw ApiError.badRequest('the body must be a JSON object { molecules, options }');
  const unknown = Object.keys(body).filter((key) => key !== 'molecules' && key !== 'options');
  if (unknown.length > 0)
    throw ApiError.badRequest(`unknown field ${unknown.map((k) => `"${k}"`).join(', ')}`);
  const { molecules } = body;
  if (!Array.isArray(molecules) || molecules.length === 0)
    throw ApiError.badRequest('molecules must be a non-empty array of { id?, smiles }');
  const records = molecules.map((molecule: unknown, index): InputRecord => {
    if (!isPlainObject(molecule) || typeof molecule.smiles !== 'string')
      throw ApiError.badRequest(`molecules[${index}].smiles must be a string`);
    if (molecule.id !== undefined && typeof molecule.id !== 'string' && typeof molecule.id !== 'number')
      throw ApiError.badRequest(`molecules[${index}].id must be a string or a number`);
    const record = index + 1;
    return {
      record,
      id: molecule.id === undefined ? String(record) : String(molecule.id),
      structure: molecule.smiles,
      fields: {},
    };
  });
  return { options: parseScreenOptions(body.options, knownModels), records };
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isHttpUrl(text: string): boolean {
  try {
    const url = new URL(text);
    return url.protocol === 'http:' || url.protocol === 'https:';
  } catch {
    return false;
  }
}
