import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { featurizeStructure, type GraphTensors } from '@hitscreen/chem';
import { packBatch, type PackedBatch } from './batch';
import type { LoadedModel } from './model-loader';
import { predictGraphs, runEnsemble } from './predictor';

/**
 * parity.json as models/training/export_onnx.py writes it: a packed batch of fixed molecules (`inputs`, nested
 * lists shaped as the ONNX inputs) and each member's PyTorch output on exactly those inputs.
 */
export interface ParityFile {
  smiles: string[];
  parentSmiles?: string[];
  tasks?: string[];
  inputs: {
    atom_features: number[][];
    edge_index: number[][];
    edge_features: number[][];
    atom_mol: number[];
    mol_ones: number[];
  };
  /** Per member (card order): [M][T]. */
  outputs: number[][][];
  tolerance?: number;
}

export interface ParityReport {
  molecules: number;
  /** max |onnxruntime-node − PyTorch| over members, molecules and tasks, on the stored inputs. */
  onnxMaxAbsDiff: number;
  /** Inputs rebuilt by this build's featurizer from `smiles`, compared with the stored (training-time) inputs. */
  inputs: { sameShapes: boolean; intMismatches: number; floatMaxAbsDiff: number; firstProblem?: string };
  /** max |predictGraphs(TS featurization) − mean of the stored member outputs|: the whole serving path. */
  endToEndMaxAbsDiff: number;
}

export function readParity(model: LoadedModel): ParityFile {
  const file = join(model.dir, model.card.onnx.parity || 'parity.json');
  return JSON.parse(readFileSync(file, 'utf8')) as ParityFile;
}

/** The stored inputs as a PackedBatch (floats rounded to float32 as they were in PyTorch). */
export function storedBatch(parity: ParityFile, model: LoadedModel): PackedBatch {
  const { inputs } = parity;
  const numAtoms = inputs.atom_features.length;
  const numEdges = inputs.edge_index[0]?.length ?? 0;
  const atomMol = BigInt64Array.from(inputs.atom_mol, BigInt);
  const numMolecules = inputs.mol_ones.length;
  const atomOffsets = new Int32Array(numMolecules + 1);
  for (let a = numAtoms - 1; a >= 0; a--) atomOffsets[Number(atomMol[a])] = a;
  atomOffsets[numMolecules] = numAtoms;
  return {
    numMolecules,
    numAtoms,
    numEdges,
    atomFeatures: Float32Array.from(inputs.atom_features.flat()),
    edgeIndex: BigInt64Array.from(inputs.edge_index.flat(), BigInt),
    edgeFeatures: Float32Array.from(inputs.edge_features.flat()),
    atomMol,
    molOnes: Float32Array.from(inputs.mol_ones),
    atomOffsets,
    atomDim: model.atomDim,
    bondDim: model.bondDim,
  };
}

function compareInputs(stored: PackedBatch, rebuilt: PackedBatch): ParityReport['inputs'] {
  const report: ParityReport['inputs'] = { sameShapes: true, intMismatches: 0, floatMaxAbsDiff: 0 };
  const shape = (b: PackedBatch) => [b.numMolecules, b.numAtoms, b.numEdges].join('/');
  if (shape(stored) !== shape(rebuilt)) {
    return {
      ...report,
      sameShapes: false,
      firstProblem: `molecules/atoms/edges ${shape(rebuilt)} rebuilt vs ${shape(stored)} stored`,
    };
  }
  for (const name of ['edgeIndex', 'atomMol'] as const)
    stored[name].forEach((v, i) => {
      if (v === rebuilt[name][i]) return;
      report.intMismatches++;
      report.firstProblem ??= `${name}[${i}] is ${rebuilt[name][i]}, stored ${v}`;
    });
  for (const name of ['atomFeatures', 'edgeFeatures', 'molOnes'] as const)
    stored[name].forEach((v, i) => {
      const diff = Math.abs(v - rebuilt[name][i]);
      if (diff > report.floatMaxAbsDiff) report.floatMaxAbsDiff = diff;
      if (diff > 1e-6) report.firstProblem ??= `${name}[${i}] is ${rebuilt[name][i]}, stored ${v}`;
    });
  return report;
}

/**
 * The parity check of one model: onnxruntime-node against the stored PyTorch outputs, this build's featurizer
 * against the stored inputs, and the full serving path against the stored ensemble mean.
 */
export async function checkParity(
  model: LoadedModel,
  parity: ParityFile = readParity(model),
): Promise<ParityReport> {
  const stored = storedBatch(parity, model);
  const numTasks = model.card.tasks.length;
  let onnxMaxAbsDiff = 0;
  const expectedMean = new Float64Array(stored.numMolecules * numTasks);
  for (const [k, session] of model.members.entries()) {
    // one member at a time through runEnsemble's validation, via a single-member view of the model
    const output = await runEnsemble({ ...model, members: [session] }, stored);
    const expected = parity.outputs[k].flat();
    expected.forEach((v, i) => {
      onnxMaxAbsDiff = Math.max(onnxMaxAbsDiff, Math.abs(output.mean[i] - v));
      expectedMean[i] += v / model.members.length;
    });
  }
  const graphs: GraphTensors[] = [];
  for (const smiles of parity.smiles) {
    const features = await featurizeStructure(smiles);
    if (!features.graph) throw new Error(`parity molecule ${smiles} no longer featurizes: ${features.error}`);
    graphs.push(features.graph);
  }
  const inputs = compareInputs(stored, packBatch(graphs, model));
  const predictions = await predictGraphs(model, graphs, { batchSize: graphs.length || 1 });
  let endToEndMaxAbsDiff = 0;
  predictions.forEach((row, m) =>
    row.forEach((p, t) => {
      endToEndMaxAbsDiff = Math.max(endToEndMaxAbsDiff, Math.abs(p.value - expectedMean[m * numTasks + t]));
    }),
  );
  return { molecules: stored.numMolecules, onnxMaxAbsDiff, inputs, endToEndMaxAbsDiff };
}
