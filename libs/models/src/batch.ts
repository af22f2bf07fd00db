import { endianness } from 'node:os';
import { ATOM_FEATURE_DIM, BOND_FEATURE_DIM, type GraphTensors } from '@hitscreen/chem';

/**
 * Molecules per ONNX run when the caller does not say. Measured with hidden-300 D-MPNN ensembles (1 thread, MUV
 * molecules): 8-32 molecules per run are fastest; at 256 the [edges × hidden] intermediates (~2 MB per 32
 * molecules per tensor) leave the cache and throughput falls by a third to a half. Per-run overhead is negligible.
 */
export const DEFAULT_BATCH_SIZE = 32;

/**
 * Many molecules packed into one disconnected graph: the ONNX member inputs of models/FORMAT.md. Sparse (no
 * padding): a batch costs exactly its atoms and edges.
 */
export interface PackedBatch {
  numMolecules: number;
  numAtoms: number;
  numEdges: number;
  /** [numAtoms, atomDim], molecule after molecule. */
  atomFeatures: Float32Array;
  /** [2, numEdges]: all sources, then all targets, as GLOBAL atom indices in the batch. */
  edgeIndex: BigInt64Array;
  /** [numEdges, bondDim]. */
  edgeFeatures: Float32Array;
  /** [numAtoms]: the molecule (0…M-1) of each atom. */
  atomMol: BigInt64Array;
  /** [numMolecules] of 1: gives the graph M even when the last molecules have no atoms or edges. */
  molOnes: Float32Array;
  /** First global atom of each molecule, plus the total at the end ([numMolecules + 1]). */
  atomOffsets: Int32Array;
  atomDim: number;
  bondDim: number;
}

export interface FeatureDims {
  atomDim: number;
  bondDim: number;
}

// Indices are small non-negative integers, so on a little-endian machine the low 32-bit word of each int64 is
// the whole value: writing through an Int32Array view avoids a BigInt allocation per edge (the packing would
// otherwise cost as much as a small model's inference).
const LITTLE_ENDIAN = endianness() === 'LE';

/** Packs molecules' graph tensors into one batch exactly per the contract (indices offset to global atoms). */
export function packBatch(
  graphs: readonly GraphTensors[],
  dims: FeatureDims = { atomDim: ATOM_FEATURE_DIM, bondDim: BOND_FEATURE_DIM },
): PackedBatch {
  const { atomDim, bondDim } = dims;
  let numAtoms = 0;
  let numEdges = 0;
  const atomOffsets = new Int32Array(graphs.length + 1);
  graphs.forEach((g, m) => {
    if (g.atomFeatures.length !== g.numAtoms * atomDim || g.edgeFeatures.length !== g.numEdges * bondDim)
      throw new Error(
        `molecule ${m} of the batch has features of the wrong width for atom_dim ${atomDim} / bond_dim ${bondDim}`,
      );
    if (g.edgeIndex.length !== 2 * g.numEdges)
      throw new Error(
        `molecule ${m} of the batch has an edge index of ${g.edgeIndex.length}, not 2×${g.numEdges}`,
      );
    atomOffsets[m] = numAtoms;
    numAtoms += g.numAtoms;
    numEdges += g.numEdges;
  });
  atomOffsets[graphs.length] = numAtoms;

  const atomFeatures = new Float32Array(numAtoms * atomDim);
  const edgeFeatures = new Float32Array(numEdges * bondDim);
  const edgeIndex = new BigInt64Array(2 * numEdges);
  const atomMol = new BigInt64Array(numAtoms);
  const edgeWords = new Int32Array(edgeIndex.buffer);
  const molWords = new Int32Array(atomMol.buffer);

  let edgeAt = 0;
  graphs.forEach((g, m) => {
    const atomOffset = atomOffsets[m];
    atomFeatures.set(g.atomFeatures, atomOffset * atomDim);
    edgeFeatures.set(g.edgeFeatures, edgeAt * bondDim);
    if (LITTLE_ENDIAN) {
      const local = new Int32Array(g.edgeIndex.buffer, g.edgeIndex.byteOffset, g.edgeIndex.length * 2);
      for (let e = 0; e < g.numEdges; e++) {
        edgeWords[2 * (edgeAt + e)] = local[2 * e] + atomOffset; // source
        edgeWords[2 * (numEdges + edgeAt + e)] = local[2 * (g.numEdges + e)] + atomOffset; // target
      }
      for (let a = 0; a < g.numAtoms; a++) molWords[2 * (atomOffset + a)] = m;
    } else {
      const offset = BigInt(atomOffset);
      for (let e = 0; e < g.numEdges; e++) {
        edgeIndex[edgeAt + e] = g.edgeIndex[e] + offset;
        edgeIndex[numEdges + edgeAt + e] = g.edgeIndex[g.numEdges + e] + offset;
      }
      atomMol.fill(BigInt(m), atomOffset, atomOffset + g.numAtoms);
    }
    edgeAt += g.numEdges;
  });

  return {
    numMolecules: graphs.length,
    numAtoms,
    numEdges,
    atomFeatures,
    edgeIndex,
    edgeFeatures,
    atomMol,
    molOnes: new Float32Array(graphs.length).fill(1),
    atomOffsets,
    atomDim,
    bondDim,
  };
}

/** Consecutive slices of at most `size` items (the last may be shorter), in order. */
export function chunks<T>(items: readonly T[], size: number): T[][] {
  if (!Number.isInteger(size) || size < 1)
    throw new Error(`batch size must be a positive integer (got ${size})`);
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}
