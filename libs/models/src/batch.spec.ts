import type { GraphTensors } from '@hitscreen/chem';
import { chunks, packBatch } from './batch';

/** A synthetic graph: atom rows filled with `tag + atom`, a chain of bonds 0-1, 1-2, … */
function chain(numAtoms: number, tag: number): GraphTensors {
  const numEdges = 2 * Math.max(0, numAtoms - 1);
  const edgeIndex = new BigInt64Array(2 * numEdges);
  for (let b = 0; b < numAtoms - 1; b++) {
    edgeIndex[2 * b] = BigInt(b);
    edgeIndex[2 * b + 1] = BigInt(b + 1);
    edgeIndex[numEdges + 2 * b] = BigInt(b + 1);
    edgeIndex[numEdges + 2 * b + 1] = BigInt(b);
  }
  const atomFeatures = new Float32Array(numAtoms * 2).map((_, i) => tag + Math.floor(i / 2));
  const edgeFeatures = new Float32Array(numEdges).fill(tag);
  return { version: 'test', numAtoms, numEdges, atomFeatures, edgeIndex, edgeFeatures };
}

describe('packBatch', () => {
  const dims = { atomDim: 2, bondDim: 1 };

  it('offsets edge indices into global atom indices and labels atoms with their molecule', () => {
    const batch = packBatch([chain(3, 10), chain(1, 20), chain(2, 30)], dims);
    expect(batch).toMatchObject({ numMolecules: 3, numAtoms: 6, numEdges: 6 });
    // sources then targets; molecule 2 starts at atom 4, methane-like molecule 1 has no edges
    expect(Array.from(batch.edgeIndex, Number)).toEqual([0, 1, 1, 2, 4, 5, 1, 0, 2, 1, 5, 4]);
    expect(Array.from(batch.atomMol, Number)).toEqual([0, 0, 0, 1, 2, 2]);
    expect(Array.from(batch.molOnes)).toEqual([1, 1, 1]);
    expect(Array.from(batch.atomOffsets)).toEqual([0, 3, 4, 6]);
    expect(Array.from(batch.atomFeatures)).toEqual([10, 10, 11, 11, 12, 12, 20, 20, 30, 30, 31, 31]);
    expect(Array.from(batch.edgeFeatures)).toEqual([10, 10, 10, 10, 30, 30]);
  });

  it('packs an empty batch and a batch of edgeless molecules', () => {
    expect(packBatch([], dims)).toMatchObject({ numMolecules: 0, numAtoms: 0, numEdges: 0 });
    const single = packBatch([chain(1, 1), chain(1, 2)], dims);
    expect(single.edgeIndex.length).toBe(0);
    expect(Array.from(single.atomMol, Number)).toEqual([0, 1]);
  });

  it('refuses graphs whose feature widths do not match', () => {
    expect(() => packBatch([chain(2, 0)], { atomDim: 3, bondDim: 1 })).toThrow(/wrong width/);
  });

  it('chunks in order', () => {
    expect(chunks([1, 2, 3, 4, 5], 2)).toEqual([[1, 2], [3, 4], [5]]);
    expect(() => chunks([1], 0)).toThrow(/positive integer/);
  });
});
