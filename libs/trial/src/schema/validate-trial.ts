import schemaJson from '../../schema/trial.schema.json';
import type { Trial } from '../trial.types';
import { checkSchema, type JsonSchema, type SchemaIssue } from './json-schema';

export const TRIAL_SCHEMA: JsonSchema = schemaJson as JsonSchema;

/** The site id reserved for patients matching no site. */
export const UNASSIGNED_COHORT = 'unassigned';

export type TrialValidation = { ok: true; trial: Trial } | { ok: false; issues: SchemaIssue[] };

/**
 * The published schema, then the rules a schema cannot say: criterion ids unique across inclusion and
 * exclusion, site ids unique and not the reserved "unassigned", age min ≤ max.
 */
export function validateTrial(value: unknown): TrialValidation {
  const issues = checkSchema(TRIAL_SCHEMA, value);
  if (issues.length > 0) return { ok: false, issues };
  const trial = value as Trial;
  const seen = new Map<string, string>();
  (['inclusion', 'exclusion'] as const).forEach((list) =>
    trial[list].forEach((criterion, i) => {
      const path = `${list}[${i}].id`;
      const first = seen.get(criterion.id);
      if (first)
        issues.push({
          path,
          message: `duplicate criterion id ${JSON.stringify(criterion.id)} (first at ${first})`,
        });
      else seen.set(criterion.id, path);
      if (
        criterion.type === 'age' &&
        criterion.min !== undefined &&
        criterion.max !== undefined &&
        criterion.min > criterion.max
      ) {
        issues.push({
          path: `${list}[${i}]`,
          message: `min (${criterion.min}) must not exceed max (${criterion.max})`,
        });
      }
    }),
  );
  const siteIds = new Set<string>();
  trial.sites.forEach((site, i) => {
    if (site.id === UNASSIGNED_COHORT)
      issues.push({ path: `sites[${i}].id`, message: `"${UNASSIGNED_COHORT}" is reserved` });
    else if (siteIds.has(site.id))
      issues.push({ path: `sites[${i}].id`, message: `duplicate site id ${JSON.stringify(site.id)}` });
    siteIds.add(site.id);
  });
  return issues.length > 0 ? { ok: false, issues } : { ok: true, trial };
}

/** A validation failure as one exception (for shells that stop on the first bad trial). */
export class TrialDefinitionError extends Error {
  constructor(
    readonly source: string,
    readonly issues: SchemaIssue[],
  ) {
    super(
      `${source}: invalid trial definition:\n${issues.map((i) => `  ${i.path}: ${i.message}`).join('\n')}`,
    );
    this.name = 'TrialDefinitionError';
  }
}

/** Parses and validates trial JSON text; throws TrialDefinitionError naming `source` and every issue. */
export function parseTrial(text: string, source: string): Trial {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new TrialDefinitionError(source, [
      { path: '(root)', message: `not valid JSON: ${(error as Error).message}` },
    ]);
  }
  const result = validateTrial(value);
  if (!result.ok) throw new TrialDefinitionError(source, result.issues);
  return result.trial;
}
