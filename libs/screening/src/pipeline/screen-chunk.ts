import {
  mapRecordsWithRDKit,
  profileAndFeaturizeRecord,
  toPropsRow,
  type InputRecord,
  type MoleculeProfile,
  type RecordFeatures,
} from '@hitscreen/chem';
import { scoreFeatures, type LoadedModel, type MoleculeScore } from '@hitscreen/models';
import type { DesirabilityWeights, ResultAlert, ResultRow, ScreenLimits } from '../contract';
import { desirability } from './desirability';
import { isToxicityTask, PROPERTY_KEYS } from './score-keys';

export interface ScreenChunkOptions {
  /** Effective weights (`effectiveWeights`): the terms of the desirability. */
  weights: DesirabilityWeights;
  limits: Pick<ScreenLimits, 'maxStructureLength' | 'maxHeavyAtoms'>;
  /** Molecules per ONNX run. */
  batchSize?: number;
}

/** A result row plus the flat numeric scores that the database sorts and filters on. */
export interface ScreenedRow extends ResultRow {
  scores: Record<string, number>;
}

const errorMessage = (error: unknown) => (error instanceof Error ? error.message : String(error));

/** Reasons a record is refused before RDKit sees it (the limits are explicit, so is the message). */
function refuse(record: InputRecord, limits: ScreenChunkOptions['limits']): string | undefined {
  if (record.error) return record.error;
  if (record.structure.length > limits.maxStructureLength)
    return `structure of ${record.structure.length} characters exceeds the limit of ${limits.maxStructureLength}`;
  return undefined;
}

/** A profile over the heavy-atom limit (counted by the descriptors, after RDKit parsed the structure). */
function overHeavyAtomLimit(
  profile: MoleculeProfile,
  limits: ScreenChunkOptions['limits'],
): string | undefined {
  const atoms = profile.descriptors?.heavyAtoms;
  return atoms !== undefined && atoms > limits.maxHeavyAtoms
    ? `structure too large: ${atoms} heavy atoms (limit ${limits.maxHeavyAtoms})`
    : undefined;
}

/**
 * Profile and, when `featurize`, the parent's features, from one parse of the structure. A record refused by a
 * limit has its reason as the profile's error and no features.
 */
function profileWithinLimits(
  record: InputRecord,
  limits: ScreenChunkOptions['limits'],
  featurize: boolean,
): { profile: MoleculeProfile; features?: RecordFeatures } {
  const refused = refuse(record, limits);
  if (refused)
    return {
      profile: { record: record.record, id: record.id, input: record.structure, fields: {}, error: refused },
    };
  const { profile, features } = profileAndFeaturizeRecord(
    record,
    { maxHeavyAtoms: limits.maxHeavyAtoms },
    (p) => featurize && !overHeavyAtomLimit(p, limits),
  );
  const tooLarge = overHeavyAtomLimit(profile, limits);
  return tooLarge ? { profile: { ...profile, error: tooLarge } } : { profile, features };
}

/**
 * Scores one model over the chunk. An ONNX failure on the batch is retried molecule by molecule, so the molecule
 * that breaks the model fails alone (its row `failed` with the reason) and the others are still scored.
 */
async function scoreModel(
  model: LoadedModel,
  features: RecordFeatures[],
  batchSize: number | undefined,
): Promise<MoleculeScore[]> {
  try {
    return await scoreFeatures(model, features, { batchSize });
  } catch {
    const scores: MoleculeScore[] = [];
    for (const f of features) {
      try {
        scores.push(...(await scoreFeatures(model, [f], { batchSize })));
      } catch (error) {
        scores.push({ record: f.record, id: f.id, error: `${model.name}: ${errorMessage(error)}` });
      }
    }
    return scores;
  }
}

function flattenAlerts(profile: MoleculeProfile): ResultAlert[] {
  return (profile.alerts ?? []).map((a) => ({
    catalog: a.catalog,
    name: a.name,
    atoms: [...new Set(a.atoms.flat())].sort((x, y) => x - y),
  }));
}

function properties(profile: MoleculeProfile): Record<string, number | boolean> {
  const row = toPropsRow(profile);
  const out: Record<string, number | boolean> = {};
  for (const key of PROPERTY_KEYS) {
    const value = row[key as keyof typeof row];
    if (typeof value === 'number' || typeof value === 'boolean') out[key] = value;
  }
  return out;
}

/**
 * The screen's pipeline for one chunk, a pure function of (records, models, options): profile the input structure
 * (properties, alerts, parent SMILES, InChIKey), featurize the parent, score it with every model (ensemble mean,
 * spread, applicability domain), combine into the desirability. With no model (a properties-only screen) the
 * featurization is skipped and the desirability combines the property terms (QED, alerts) alone. Rows come back
 * in input order with `rank` null (ranking needs the whole screen). A bad molecule fails its own row — `invalid` for the reader's, RDKit's or a
 * limit's reason, `failed` for a featurization or scoring failure — never the chunk. RDKit is loaded on demand;
 * the models are loaded by the caller (once per thread).
 */
export async function screenChunk(
  records: readonly InputRecord[],
  models: readonly LoadedModel[],
  options: ScreenChunkOptions,
): Promise<ScreenedRow[]> {
  // Record by record, so a structure that traps RDKit's WebAssembly instance fails alone: the next record gets
  // a fresh instance (mapRecordsWithRDKit). The heavy-atom limit is applied before RDKit parses the text.
  // The parent's graph feeds the models only: a properties-only screen (no model) never featurizes.
  const scored = models.length > 0;
  const profiled = await mapRecordsWithRDKit(records, (r) => profileWithinLimits(r, options.limits, scored));
  const profiles = profiled.map((p) => p.profile);
  // A record without features (refused before featurization) reaches the models as its error: no score.
  const features = profiled.map(
    (p): RecordFeatures =>
      p.features ?? {
        record: p.profile.record,
        id: p.profile.id,
        error: p.profile.error ?? 'not featurized',
      },
  );
  const scores: MoleculeScore[][] = [];
  for (const model of models) scores.push(await scoreModel(model, features, options.batchSize));
  const classification = new Set(
    models.flatMap((m) =>
      m.card.tasks.filter((t) => t.type === 'classification').map((t) => `${m.name}.${t.name}`),
    ),
  );

  return records.map((record, i): ScreenedRow => {
    const profile = profiles[i];
    const base = {
      row: record.record,
      id: record.id,
      input: record.structure,
      parentSmiles: profile.parentSmiles ?? null,
      inchikey: profile.inchikey ?? null,
      desirability: null,
      rank: null,
    };
    const empty = { properties: {}, alerts: [], predictions: [], domain: [], scores: {} };
    if (profile.error) return { ...base, ...empty, status: 'invalid', error: profile.error };
    const featureError = profiled[i].features?.error;
    if (featureError) return { ...base, ...empty, status: 'failed', error: `featurization: ${featureError}` };

    const row: ScreenedRow = {
      ...base,
      status: 'ok',
      error: null,
      properties: properties(profile),
      alerts: flattenAlerts(profile),
      predictions: [],
      domain: [],
      scores: {},
    };
    const failures: string[] = [];
    models.forEach((model, m) => {
      const score = scores[m][i];
      if (score.error || !score.predictions) {
        failures.push(score.error ?? `${model.name}: no prediction`);
        return;
      }
      for (const p of score.predictions)
        row.predictions.push({
          key: `${model.name}.${p.task}`,
          value: p.value,
          uncertainty: p.uncertainty,
          ...(p.active === undefined ? {} : { active: p.active }),
        });
      if (score.domain)
        row.domain.push({
          model: model.name,
          maxSimilarity: score.domain.maxSimilarity,
          inDomain: score.domain.inDomain,
        });
    });
    if (failures.length > 0) return { ...row, status: 'failed', error: failures.join('; ') };

    for (const [key, value] of Object.entries(row.properties)) row.scores[key] = Number(value);
    for (const p of row.predictions) {
      row.scores[p.key] = p.value;
      row.scores[`${p.key}.std`] = p.uncertainty;
    }
    for (const d of row.domain) row.scores[`${d.model}.max_similarity`] = d.maxSimilarity;
    const tox = row.predictions.filter((p) => isToxicityTask(p.key)).map((p) => p.value);
    if (tox.length > 0) row.scores.tox_max = Math.max(...tox);
    row.scores.alerts = row.alerts.length;
    const inDomain = row.domain.filter((d) => d.inDomain).length;
    row.scores.in_domain = inDomain === row.domain.length ? 1 : 0;
    // The filter key `in_domain` means "inside every model's domain"; the desirability term uses the fraction.
    const terms = { ...row.scores, in_domain: row.domain.length > 0 ? inDomain / row.domain.length : 1 };
    row.desirability = desirability(terms, options.weights, classification);
    if (row.desirability !== null) row.scores.desirability = row.desirability;
    return row;
  });
}
