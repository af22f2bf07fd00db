// Worker-thread entry of the API's drawing pool (drawing-pool.ts): one RDKit instance per thread, and the ONNX
// sessions of the models it has explained with. A model runs only in a task without a time budget (`attribute`):
// a thread terminated during an ONNX Runtime call aborts the whole process ("terminate called after throwing an
// instance of 'Napi::Error'", seen with an explanation stopped mid-attribution), while one terminated with idle
// sessions loaded is replaced cleanly (measured both). The attribution is linear in the atoms, so the heavy-atom
// limit bounds it; the RDKit steps are what a budget is for. Runs from the esbuild bundle
// (dist/api/drawing.worker.js, scripts/build.mjs); the calling thread runs the same functions when the pool has no
// threads (API_RDKIT_THREADS=0, and the tests that run the API from TypeScript).
import type { MessagePort } from 'node:worker_threads';
import {
  depictStructure,
  featurizeStructure,
  fingerprintStructure,
  loadRDKit,
  type DepictOptions,
} from '@hitscreen/chem';
import { attributeAtoms, loadModel, modelDir, type AtomAttribution } from '@hitscreen/models';
import {
  drawExplanation,
  ExplanationError,
  type CompoundExplanation,
  type TaskAttribution,
} from '@hitscreen/screen-report';

interface Computing {
  /** Told once the thread is ready, just before the compound is computed: the time budget starts then. */
  computing?: MessagePort;
}

export interface DrawTask extends Computing {
  smiles: string;
  options: DepictOptions;
}

export interface FeaturizeTask extends Computing {
  smiles: string;
}

export interface DrawExplanationTask extends Computing {
  parentSmiles: string;
  attribution: TaskAttribution;
}

export interface AttributeTask {
  model: string;
  graph: NonNullable<Features['graph']>;
}

/** An ExplanationError crosses the thread boundary as a plain object (errors lose their class there). */
export type DrawExplanationOutcome = { explanation: CompoundExplanation } | { explanationError: string };

/** What this thread has already done once. */
let warmedUp = false;
const WARM_UP = 'CC(=O)Oc1ccccc1C(=O)O';

/**
 * A thread's first compound pays for lazily built state (RDKit's drawing code, the alert catalogues, the
 * featurizer's tables), which must not count against that compound's time budget: done once on aspirin before the
 * thread says it is computing.
 */
async function ready(task: Computing): Promise<void> {
  await loadRDKit();
  if (task.computing && !warmedUp) {
    await featurizeStructure(WARM_UP);
    await drawExplanation(WARM_UP, {
      model: 'warm-up',
      task: 'warm-up',
      prediction: 0,
      atomWeights: Array(13).fill(0),
    });
    warmedUp = true;
  }
  task.computing?.postMessage('computing');
}

export async function draw(task: DrawTask): Promise<{ svg: string } | { error: string }> {
  await ready(task);
  return depictStructure(task.smiles, task.options);
}

export type Features = Awaited<ReturnType<typeof featurizeStructure>>;

export async function featurize(task: FeaturizeTask): Promise<Features> {
  await ready(task);
  return featurizeStructure(task.smiles);
}

/** A similarity query's Morgan fingerprint (standardized first, as `cli similar`). */
export async function fingerprint(
  task: FeaturizeTask,
): Promise<{ fingerprint: Uint8Array } | { error: string }> {
  await ready(task);
  return fingerprintStructure(task.smiles);
}

/** attributeAtoms with the model's sessions in this thread (loadModel's defaults, as the API loaded them before). */
export async function attribute(task: AttributeTask): Promise<AtomAttribution> {
  return attributeAtoms(await loadModel(modelDir(task.model)), task.graph);
}

export async function explanationDrawing(task: DrawExplanationTask): Promise<DrawExplanationOutcome> {
  await ready(task);
  try {
    return { explanation: await drawExplanation(task.parentSmiles, task.attribution) };
  } catch (error) {
    if (error instanceof ExplanationError) return { explanationError: error.message };
    throw error;
  }
}
