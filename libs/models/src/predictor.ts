import * as ort from 'onnxruntime-node';
import type { GraphTensors } from '@hitscreen/chem';
import { chunks, DEFAULT_BATCH_SIZE, packBatch, type PackedBatch } from './batch';
import type { TaskType } from './model-card';
import { MEMBER_OUTPUT, type LoadedModel } from './model-loader';
import { withinModelRun } from './model-run-guard';

/** One task's prediction for one molecule. */
export interface TaskPrediction {
  task: string;
  type: TaskType;
  /** Ensemble mean: a probability (classification) or a value in the task's units (regression). */
  value: number;
  /** Ensemble standard deviation (population, ÷K) of the members' outputs, in the same units. */
  uncertainty: number;
  /** Classification only: value >= the card's threshold for the task. */
  active?: boolean;
}

/** The ensemble's summary of one batch: row-major [numMolecules, numTasks]. */
export interface EnsembleOutput {
  numMolecules: number;
  numTasks: number;
  mean: Float64Array;
  std: Float64Array;
}

export interface PredictOptions {
  /** Molecules per ONNX run (DEFAULT_BATCH_SIZE). Results do not depend on it (batching invariance). */
  batchSize?: number;
}

/** The packed batch as the members' named input tensors (shapes per models/FORMAT.md). */
export function toFeeds(batch: PackedBatch): Record<string, ort.Tensor> {
  return {
    atom_features: new ort.Tensor('float32', batch.atomFeatures, [batch.numAtoms, batch.atomDim]),
    edge_index: new ort.Tensor('int64', batch.edgeIndex, [2, batch.numEdges]),
    edge_features: new ort.Tensor('float32', batch.edgeFeatures, [batch.numEdges, batch.bondDim]),
    atom_mol: new ort.Tensor('int64', batch.atomMol, [batch.numAtoms]),
    mol_ones: new ort.Tensor('float32', batch.molOnes, [batch.numMolecules]),
  };
}

/**
 * Runs every member on one batch and reduces to mean and standard deviation per molecule and task. Members run
 * one after the other: onnxruntime-node runs a session on the calling thread, so "concurrent" runs would only
 * interleave, and one thread per worker is the design (parallelism comes from the worker pool).
 */
export async function runEnsemble(model: LoadedModel, batch: PackedBatch): Promise<EnsembleOutput> {
  const numMolecules = batch.numMolecules;
  const numTasks = model.card.tasks.length;
  const size = numMolecules * numTasks;
  const sum = new Float64Array(size);
  const sumSquares = new Float64Array(size);
  if (numMolecules === 0) return { numMolecules, numTasks, mean: sum, std: sumSquares };
  const feeds = toFeeds(batch);
  for (const [k, session] of model.members.entries()) {
    const result = await withinModelRun(() => session.run(feeds));
    const output = result[MEMBER_OUTPUT];
    try {
      if (output.dims.length !== 2 || output.dims[0] !== numMolecules || output.dims[1] !== numTasks)
        throw new Error(
          `model ${model.name}: ${model.card.ensemble.members[k]} returned ${MEMBER_OUTPUT} [${output.dims.join(', ')}] ` +
            `for ${numMolecules} molecules and ${numTasks} tasks`,
        );
      const values = output.data as Float32Array;
      for (let i = 0; i < size; i++) {
        sum[i] += values[i];
        sumSquares[i] += values[i] * values[i];
      }
    } finally {
      output.dispose();
    }
  }
  const k = model.members.length;
  const mean = new Float64Array(size);
  const std = new Float64Array(size);
  for (let i = 0; i < size; i++) {
    mean[i] = sum[i] / k;
    // max(0, ·) absorbs rounding when all members agree; the sums are float64 so cancellation is negligible.
    std[i] = Math.sqrt(Math.max(0, sumSquares[i] / k - mean[i] * mean[i]));
  }
  return { numMolecules, numTasks, mean, std };
}

/** Molecule `m`'s row of an ensemble output as per-task predictions with the card's thresholds applied. */
export function taskPredictions(model: LoadedModel, output: EnsembleOutput, m: number): TaskPrediction[] {
  return model.card.tasks.map((task, t) => {
    const i = m * output.numTasks + t;
    const prediction: TaskPrediction = {
      task: task.name,
      type: task.type,
      value: output.mean[i],
      uncertainty: output.std[i],
    };
    if (task.type === 'classification') prediction.active = output.mean[i] >= (task.threshold ?? 0.5);
    return prediction;
  });
}

/** Graphs from another featurizer build would be scored silently wrong: refuse them like the loader does. */
export function checkGraphVersions(model: LoadedModel, graphs: readonly GraphTensors[]): void {
  const stale = graphs.find((g) => g.version !== model.card.featurizerVersion);
  if (stale)
    throw new Error(
      `model ${model.name} was trained with featurizer ${model.card.featurizerVersion} but was given graphs ` +
        `featurized with ${stale.version}`,
    );
}

/** Ensemble predictions for many molecules, in input order, batchSize molecules per ONNX run. */
export async function predictGraphs(
  model: LoadedModel,
  graphs: readonly GraphTensors[],
  options: PredictOptions = {},
): Promise<TaskPrediction[][]> {
  checkGraphVersions(model, graphs);
  const results: TaskPrediction[][] = [];
  for (const chunk of chunks(graphs, options.batchSize ?? DEFAULT_BATCH_SIZE)) {
    const output = await runEnsemble(model, packBatch(chunk, model));
    for (let m = 0; m < chunk.length; m++) results.push(taskPredictions(model, output, m));
  }
  return results;
}
