import type { GraphTensors } from '@hitscreen/chem';
import { chunks, DEFAULT_BATCH_SIZE, packBatch } from './batch';
import type { LoadedModel } from './model-loader';
import { checkGraphVersions, runEnsemble } from './predictor';

/**
 * Per-atom attribution by occlusion: how much the ensemble prediction drops when an atom's features are
 * zeroed (its bonds and position in the graph stay). Positive = the atom pushes the prediction up. It is a
 * model explanation, not a mechanism: it says what the network relies on.
 */
export interface AtomAttribution {
  /** Task names, in card order (the columns below). */
  tasks: string[];
  /** The unmasked ensemble prediction per task. */
  prediction: number[];
  /** [numAtoms][numTasks]: prediction − prediction with atom i masked. Atom order = the parent's atom order. */
  atoms: number[][];
}

/** The graph with atom `atom`'s feature row zeroed; edges and edge features are shared, not copied. */
export function maskAtom(graph: GraphTensors, atom: number, atomDim: number): GraphTensors {
  const atomFeatures = graph.atomFeatures.slice();
  atomFeatures.fill(0, atom * atomDim, (atom + 1) * atomDim);
  return { ...graph, atomFeatures };
}

/**
 * Attribution for one molecule. Costs numAtoms + 1 ensemble evaluations, so it is computed only on request;
 * the unmasked molecule and its masked variants go through the members together as one batch (chunked by
 * batchSize molecules), which batching invariance makes equivalent to separate runs.
 */
export async function attributeAtoms(
  model: LoadedModel,
  graph: GraphTensors,
  options: { batchSize?: number } = {},
): Promise<AtomAttribution> {
  checkGraphVersions(model, [graph]);
  const numTasks = model.card.tasks.length;
  const variants = [graph];
  for (let atom = 0; atom < graph.numAtoms; atom++) variants.push(maskAtom(graph, atom, model.atomDim));
  const means: number[][] = [];
  for (const chunk of chunks(variants, options.batchSize ?? DEFAULT_BATCH_SIZE)) {
    const output = await runEnsemble(model, packBatch(chunk, model));
    for (let m = 0; m < chunk.length; m++)
      means.push(Array.from(output.mean.subarray(m * numTasks, (m + 1) * numTasks)));
  }
  const [prediction, ...masked] = means;
  return {
    tasks: model.card.tasks.map((t) => t.name),
    prediction,
    atoms: masked.map((row) => row.map((value, t) => prediction[t] - value)),
  };
}
