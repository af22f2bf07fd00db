import {
  featurizeRecord,
  mapRecordsWithRDKit,
  type GraphTensors,
  type InputRecord,
  type RecordFeatures,
} from '@hitscreen/chem';
import type { DomainAssessment } from './applicability-domain';
import { attributeAtoms, type AtomAttribution } from './attribution';
import type { LoadedModel } from './model-loader';
import { predictGraphs, type PredictOptions, type TaskPrediction } from './predictor';

/** Everything the platform reports for one molecule and one model. */
export interface MoleculeScore {
  record: number;
  id: string;
  /** The standardized parent that was scored (a salt is scored as its parent, as in training). */
  parentSmiles?: string;
  predictions?: TaskPrediction[];
  domain?: DomainAssessment;
  /** Only with `attributions: true`. */
  attribution?: AtomAttribution;
  /** Why the molecule could not be scored (invalid structure, featurization failure). */
  error?: string;
}

export interface ScoreOptions extends PredictOptions {
  /** Per-atom attributions (numAtoms + 1 ensemble runs per molecule): off by default. */
  attributions?: boolean;
}

/**
 * Scores already-featurized records (`featurizeRecord` of @hitscreen/chem, e.g. from a worker pool), in order.
 * Failed records come back with their error; the others are batched together.
 */
export async function scoreFeatures(
  model: LoadedModel,
  records: readonly RecordFeatures[],
  options: ScoreOptions = {},
): Promise<MoleculeScore[]> {
  type Featurized = RecordFeatures & { graph: GraphTensors; fingerprint: Uint8Array };
  const ok = records.filter((r): r is Featurized => !!r.graph && !!r.fingerprint && !r.error);
  const predictions = await predictGraphs(
    model,
    ok.map((r) => r.graph),
    options,
  );
  const scored = new Map(ok.map((r, i) => [r as RecordFeatures, { r, prediction: predictions[i] }]));
  const scores: MoleculeScore[] = [];
  for (const record of records) {
    const base = { record: record.record, id: record.id };
    const hit = scored.get(record);
    if (!hit) {
      scores.push({ ...base, error: record.error ?? 'not featurized' });
      continue;
    }
    const score: MoleculeScore = {
      ...base,
      parentSmiles: hit.r.parentSmiles,
      predictions: hit.prediction,
      domain: model.domain.assess(hit.r.fingerprint),
    };
    if (options.attributions) score.attribution = await attributeAtoms(model, hit.r.graph, options);
    scores.push(score);
  }
  return scores;
}

/** Featurizes (standardized parent, in this thread) and scores input records, in order. */
export async function scoreRecords(
  model: LoadedModel,
  records: readonly InputRecord[],
  options: ScoreOptions = {},
): Promise<MoleculeScore[]> {
  return scoreFeatures(
    model,
    await mapRecordsWithRDKit(records, (record) => featurizeRecord(record)),
    options,
  );
}

/** Scores SMILES strings (ids are their 1-based positions). */
export function scoreSmiles(
  model: LoadedModel,
  smiles: readonly string[],
  options: ScoreOptions = {},
): Promise<MoleculeScore[]> {
  return scoreRecords(
    model,
    smiles.map((structure, i) => ({ record: i + 1, id: String(i + 1), structure, fields: {} })),
    options,
  );
}
