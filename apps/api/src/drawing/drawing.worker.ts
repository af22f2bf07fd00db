// Worker-thread entry of the API's drawing pool (drawing-pool.ts): each thread owns one RDKit instance and, for
// explanations, one ONNX session per model it has explained with, loaded on first use and kept. Runs from the
// esbuild bundle (dist/api/drawing.worker.js, scripts/build.mjs); the calling thread runs the same functions when
// the pool has no threads (API_RDKIT_THREADS=0, and the tests that run the API from TypeScript).
import type { MessagePort } from 'node:worker_threads';
import { depictStructure, loadRDKit, type DepictOptions } from '@hitscreen/chem';
import { loadModel, modelDir } from '@hitscreen/models';
import { explainCompound, ExplanationError, type CompoundExplanation } from '@hitscreen/screen-report';

export interface DrawTask {
  smiles: string;
  options: DepictOptions;
  /** Told once RDKit is loaded, just before drawing: the time budget starts then (drawing-pool.ts). */
  computing?: MessagePort;
}

export interface ExplainTask {
  parentSmiles: string;
  model: string;
  task?: string;
  computing?: MessagePort;
}

/** An ExplanationError crosses the thread boundary as a plain object (errors lose their class there). */
export type ExplainOutcome = { explanation: CompoundExplanation } | { explanationError: string };

export async function draw(task: DrawTask): Promise<{ svg: string } | { error: string }> {
  await loadRDKit();
  task.computing?.postMessage('computing');
  return depictStructure(task.smiles, task.options);
}

export async function explain(task: ExplainTask): Promise<ExplainOutcome> {
  // The same sessions as the API loaded in process before (one intra-op thread each, loadModel's default).
  const [model] = await Promise.all([loadModel(modelDir(task.model)), loadRDKit()]);
  task.computing?.postMessage('computing');
  try {
    return { explanation: await explainCompound(task.parentSmiles, model, { task: task.task }) };
  } catch (error) {
    if (error instanceof ExplanationError) return { explanationError: error.message };
    throw error;
  }
}
