export interface DrivingAtomOptions {
  /** An atom drives the score when its attribution is at least this fraction of the largest one. Default 0.5. */
  fraction?: number;
  /** At most this many atoms (the largest attributions). Default 8. */
  max?: number;
}

/**
 * The atoms that drove a prediction: those whose masking lowers it the most (positive occlusion attribution,
 * see @hitscreen/models `attributeAtoms`), at least `fraction` of the largest and at most `max`, by index.
 * None when no atom raises the prediction.
 */
export function selectDrivingAtoms(weights: readonly number[], options: DrivingAtomOptions = {}): number[] {
  const fraction = options.fraction ?? 0.5;
  const max = options.max ?? 8;
  const top = Math.max(0, ...weights);
  if (!(top > 0)) return [];
  return weights
    .map((weight, atom) => ({ weight, atom }))
    .filter((a) => a.weight >= top * fraction)
    .sort((a, b) => b.weight - a.weight || a.atom - b.atom)
    .slice(0, max)
    .map((a) => a.atom)
    .sort((a, b) => a - b);
}
