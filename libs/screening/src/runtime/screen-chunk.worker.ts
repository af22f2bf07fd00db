// Worker-thread entry of the screening pipeline: each thread owns one RDKit instance and one ONNX session per
// model (intra-op threads = 1: the parallelism is the threads themselves), loaded on the first batch and reused.
import type { MessagePort } from 'node:worker_threads';
import { loadRDKit, type InputRecord } from '@hitscreen/chem';
import { guardModelRuns, loadModel, modelDir, type LoadedModel } from '@hitscreen/models';
import { screenChunk, type ScreenChunkOptions, type ScreenedRow } from '../pipeline';

export interface ScreenBatchTask {
  records: InputRecord[];
  /** Model names (directories under the models root). */
  models: string[];
  options: ScreenChunkOptions;
  /**
   * Told once this thread is ready (RDKit and the models loaded and warmed up), just before the molecules are
   * computed: the runner's time budget starts then, so a fresh thread's start-up is not charged to a molecule.
   */
  computing?: MessagePort;
  /**
   * Shared with the runner that may terminate this thread at a time budget: ONNX runs hold it, so the thread is
   * never terminated in the middle of one (that aborts the process; see @hitscreen/models model-run-guard).
   */
  modelRunFlag?: SharedArrayBuffer;
}

export function loadModels(names: readonly string[]): Promise<LoadedModel[]> {
  return Promise.all(names.map((name) => loadModel(modelDir(name), { intraOpNumThreads: 1 })));
}

/** Model sets this thread has already run once. */
const warmedUp = new Set<string>();
const WARM_UP: InputRecord = { record: 0, id: 'warm-up', structure: 'CC(=O)Oc1ccccc1C(=O)O', fields: {} };

/**
 * Runs one small molecule through the whole pipeline once per thread and model set: the first molecule pays for
 * the chemistry's lazily built tables (alert catalogues, QED) and each ONNX session's first run, about 1-2 s,
 * which must not count against the first real molecule's time budget.
 */
async function warmUp(models: readonly LoadedModel[], task: ScreenBatchTask): Promise<void> {
  const key = task.models.join(',');
  if (warmedUp.has(key)) return;
  await screenChunk([WARM_UP], models, task.options);
  warmedUp.add(key);
}

export async function screenBatch(task: ScreenBatchTask): Promise<ScreenedRow[]> {
  guardModelRuns(task.modelRunFlag);
  const [models] = await Promise.all([loadModels(task.models), loadRDKit()]);
  if (task.computing) await warmUp(models, task);
  task.computing?.postMessage('computing');
  return screenChunk(task.records, models, task.options);
}
