import { featurizeRecord, mapRecordsWithRDKit, type InputRecord } from '@hitscreen/chem';
import { loadModel, type LoadModelOptions } from '../model-loader';
import { scoreFeatures, type MoleculeScore } from '../score';

/** One task for a scoring thread: records to featurize and score with every listed model. */
export interface ScoreBatchTask {
  records: InputRecord[];
  /** Model directories, in output order. */
  modelDirs: string[];
  /** Molecules per ONNX run. */
  batchSize?: number;
  load?: LoadModelOptions;
}

/** Every model's score of one record: `scores[m]` belongs to `modelDirs[m]`. */
export interface RecordScores {
  parentSmiles?: string;
  /** Why the record could not be featurized; its scores then carry the same error. */
  error?: string;
  scores: MoleculeScore[];
}

export interface ScoreBatchResult {
  rows: RecordScores[];
  /** Thread time spent featurizing (RDKit: parse, standardize, graph, fingerprint) and in the models (ONNX + domain). */
  featurizeMs: number;
  scoreMs: number;
}

/**
 * Featurizes a batch once and scores it with every model, in this thread (inline or inside a worker): the
 * models' sessions are this thread's (loadModel caches per thread), so each thread runs its own.
 */
export async function scoreBatch(task: ScoreBatchTask): Promise<ScoreBatchResult> {
  const models = await Promise.all(task.modelDirs.map((dir) => loadModel(dir, task.load)));
  const t0 = performance.now();
  const features = await mapRecordsWithRDKit(task.records, (record) => featurizeRecord(record));
  const t1 = performance.now();
  const perModel: MoleculeScore[][] = [];
  for (const model of models)
    perModel.push(await scoreFeatures(model, features, { batchSize: task.batchSize }));
  const t2 = performance.now();
  const rows = features.map((f, i) => ({
    parentSmiles: f.parentSmiles,
    error: f.error,
    scores: perModel.map((scores) => scores[i]),
  }));
  return { rows, featurizeMs: t1 - t0, scoreMs: t2 - t1 };
}
