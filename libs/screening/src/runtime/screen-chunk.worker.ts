// Worker-thread entry of the screening pipeline: each thread owns one RDKit instance and one ONNX session per
// model (intra-op threads = 1: the parallelism is the threads themselves), loaded on the first batch and reused.
import type { InputRecord } from '@hitscreen/chem';
import { loadModel, modelDir, type LoadedModel } from '@hitscreen/models';
import { screenChunk, type ScreenChunkOptions, type ScreenedRow } from '../pipeline';

export interface ScreenBatchTask {
  records: InputRecord[];
  /** Model names (directories under the models root). */
  models: string[];
  options: ScreenChunkOptions;
}

export function loadModels(names: readonly string[]): Promise<LoadedModel[]> {
  return Promise.all(names.map((name) => loadModel(modelDir(name), { intraOpNumThreads: 1 })));
}

export async function screenBatch(task: ScreenBatchTask): Promise<ScreenedRow[]> {
  return screenChunk(task.records, await loadModels(task.models), task.options);
}
