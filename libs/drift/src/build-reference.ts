import { binCounts, decileEdges } from './psi';
import type { PropertyReference } from './reference';

/** Decile bins of one property over the training molecules, with the training counts per bin. */
export function buildPropertyReference(name: string, values: readonly number[]): PropertyReference {
  const edges = decileEdges(values);
  const counts = binCounts(values, edges);
  return { name, edges, counts, fractions: counts.map((c) => Number((c / values.length).toFixed(4))) };
}

const sameBytes = (a: Uint8Array, b: Uint8Array, offset: number) => {
  for (let i = 0; i < a.length; i++) if (a[i] !== b[offset + i]) return false;
  return true;
};

/**
 * Which molecules of a data set (in file order) are the model's training split, given the split's packed
 * fingerprints (train-morgan.u8: the training molecules' parent fingerprints in file order, models/FORMAT.md).
 * Walks both in order and takes a molecule when its fingerprint is the next training one: exact when the
 * fingerprints are distinct; where a held-out molecule shares the next training molecule's fingerprint (a
 * stereoisomer, a duplicate) the two may swap, which changes no property count that matters. Fails when not every
 * training fingerprint is found (a different data file, featurizer or split).
 */
export function alignTrainingRows(fingerprints: readonly Uint8Array[], training: Uint8Array): boolean[] {
  if (fingerprints.length === 0) return [];
  const width = fingerprints[0].length;
  const trainingCount = training.length / width;
  const isTraining = new Array<boolean>(fingerprints.length).fill(false);
  let next = 0;
  fingerprints.forEach((fp, i) => {
    if (next < trainingCount && sameBytes(fp, training, next * width)) {
      isTraining[i] = true;
      next++;
    }
  });
  if (next !== trainingCount)
    throw new Error(
      `only ${next} of ${trainingCount} training fingerprints found in order among ${fingerprints.length} molecules`,
    );
  return isTraining;
}
