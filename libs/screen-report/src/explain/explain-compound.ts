import { depictStructure, featurizeStructure, loadRDKit, profileRecord } from '@hitscreen/chem';
import { attributeAtoms, type LoadedModel } from '@hitscreen/models';
import type { ResultAlert } from '@hitscreen/screening';
import { selectDrivingAtoms, type DrivingAtomOptions } from './driving-atoms';
import { DEFAULT_HIGHLIGHT_COLORS, recolorHighlights, type HighlightColors } from './highlight-colors';

/** Why a compound cannot be explained with the model and task asked for (the caller's to fix: a 400). */
export class ExplanationError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ExplanationError';
  }
}

export interface CompoundExplanation {
  model: string;
  task: string;
  /** The ensemble prediction for the task (unmasked). */
  prediction: number;
  /** Per-atom attribution for the task, in the parent's atom order (0-based, as `parentSmiles` is parsed). */
  atomWeights: number[];
  /** Atoms highlighted as driving the prediction (`selectDrivingAtoms`). */
  drivingAtoms: number[];
  /** Structural alerts found on the parent, with their atoms in the same order. */
  alerts: ResultAlert[];
  /** The parent depicted with driving atoms, alert atoms and atoms in both in `colors`. */
  svg: string;
  colors: HighlightColors;
}

export interface ExplainOptions extends DrivingAtomOptions {
  /** A task name of the model's card; default: its first task. */
  task?: string;
  width?: number;
  height?: number;
}

/** The task `task` (default the model's first) of `model`, with its index; ExplanationError for an unknown one. */
export function explanationTask(
  model: Pick<LoadedModel, 'name' | 'card'>,
  task?: string,
): { task: string; taskIndex: number } {
  const tasks = model.card.tasks.map((t) => t.name);
  const chosen = task ?? tasks[0];
  const taskIndex = tasks.indexOf(chosen);
  if (taskIndex < 0)
    throw new ExplanationError(`model ${model.name} has no task "${chosen}"; its tasks: ${tasks.join(', ')}`);
  return { task: chosen, taskIndex };
}

/** A compound's attribution for one task: what `drawExplanation` turns into the explanation. */
export interface TaskAttribution {
  model: string;
  task: string;
  prediction: number;
  atomWeights: number[];
}

/**
 * Explains one compound's score: the parent is featurized and attributed by occlusion with `model` (numAtoms + 1
 * ensemble runs), its alerts are found on the parent itself (so every index refers to the one depicted
 * molecule), and the depiction highlights both. Throws ExplanationError for an unknown task or a parent that
 * cannot be featurized.
 */
export async function explainCompound(
  parentSmiles: string,
  model: LoadedModel,
  options: ExplainOptions = {},
): Promise<CompoundExplanation> {
  const { task, taskIndex } = explanationTask(model, options.task);
  const features = await featurizeStructure(parentSmiles);
  if (!features.graph)
    throw new ExplanationError(`cannot featurize ${parentSmiles}: ${features.error ?? 'unknown error'}`);
  const attribution = await attributeAtoms(model, features.graph);
  const atomWeights = attribution.atoms.map((row) => row[taskIndex]);
  const prediction = attribution.prediction[taskIndex];
  return drawExplanation(parentSmiles, { model: model.name, task, prediction, atomWeights }, options);
}

/**
 * The RDKit half of `explainCompound` (no model run): the driving atoms of an attribution, the parent's alerts,
 * and the highlighted depiction. Split out so that a caller can run it where it can be stopped (the API's drawing
 * pool) while the models run elsewhere.
 */
export async function drawExplanation(
  parentSmiles: string,
  attribution: TaskAttribution,
  options: ExplainOptions = {},
): Promise<CompoundExplanation> {
  const { atomWeights } = attribution;
  const drivingAtoms = selectDrivingAtoms(atomWeights, options);

  await loadRDKit();
  const profile = profileRecord({ record: 1, id: 'parent', structure: parentSmiles, fields: {} });
  const alerts: ResultAlert[] = (profile.alerts ?? []).map((a) => ({
    catalog: a.catalog,
    name: a.name,
    atoms: [...new Set(a.atoms.flat())].sort((x, y) => x - y),
  }));
  const alertAtoms = new Set(alerts.flatMap((a) => a.atoms));
  const highlight = [...new Set([...drivingAtoms, ...alertAtoms])].sort((a, b) => a - b);
  const depiction = await depictStructure(parentSmiles, {
    width: options.width ?? 400,
    height: options.height ?? 300,
    highlightAtoms: highlight,
  });
  if ('error' in depiction) throw new ExplanationError(`cannot depict ${parentSmiles}: ${depiction.error}`);
  return {
    model: attribution.model,
    task: attribution.task,
    prediction: attribution.prediction,
    atomWeights,
    drivingAtoms,
    alerts,
    svg: recolorHighlights(depiction.svg, new Set(drivingAtoms), alertAtoms),
    colors: DEFAULT_HIGHLIGHT_COLORS,
  };
}
