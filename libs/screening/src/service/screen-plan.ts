import type { ProductionModel } from '@hitscreen/model-registry';
import { listModels, type ModelCard } from '@hitscreen/models';
import { SubmissionError, type ScreenOptions } from '../contract';
import { effectiveWeights, predictionKeys, scoreKeysFor, weightableKeys } from '../pipeline';
import type { ScreenModel } from '../store';

/** What a submission resolves to before anything is stored: models with versions, score keys, weights. */
export interface ScreenPlan {
  models: ScreenModel[];
  scoreKeys: string[];
  /** The effective desirability weights (defaults merged with the screen's, restricted to what exists). */
  weights: Record<string, number>;
}

/**
 * The models a screen can use, by name: the registry's production version of each registered model (its
 * registered card), and `models/<name>/` for a model the registry does not hold (a checkout that registered
 * nothing serves its directories, as before the registry).
 */
function servableModels(production: readonly ProductionModel[]): { name: string; card: ModelCard }[] {
  const served = listModels().filter((m): m is typeof m & { card: ModelCard } => !!m.card);
  const byName = new Map<string, ModelCard>(served.map((m) => [m.name, m.card]));
  for (const p of production) byName.set(p.name, p.card);
  return [...byName.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([name, card]) => ({ name, card }));
}

/**
 * Checks a screen's options against the servable models (`production`: the registry's production versions,
 * `productionModels`; empty without a registry): unknown model names, weights on keys that have no desirability
 * meaning for these models, and negative or non-finite weights are refused with the reason. The plan records
 * each model's version, which the workers then load exactly, whatever is promoted meanwhile.
 */
export function planScreen(options: ScreenOptions, production: readonly ProductionModel[] = []): ScreenPlan {
  const installed = servableModels(production);
  const names = options.models ?? installed.map((m) => m.name);
  const unknown = names.filter((n) => !installed.some((m) => m.name === n));
  if (unknown.length > 0)
    throw new SubmissionError(
      `unknown model(s) ${unknown.join(', ')}; available: ${installed.map((m) => m.name).join(', ')}`,
      'invalid',
    );
  if (new Set(names).size !== names.length) throw new SubmissionError('a model is listed twice', 'invalid');
  const cards = names.map((n) => installed.find((m) => m.name === n)!.card);
  const classification = new Set(
    cards.flatMap((c) =>
      c.tasks.filter((t) => t.type === 'classification').map((t) => `${c.name}.${t.name}`),
    ),
  );
  const weightable = weightableKeys(cards.flatMap(predictionKeys), classification);
  for (const [key, weight] of Object.entries(options.weights ?? {})) {
    if (!weightable.includes(key))
      throw new SubmissionError(
        `weight on "${key}": not a desirability term for these models (terms: ${weightable.join(', ')})`,
        'invalid',
      );
    if (!Number.isFinite(weight) || weight < 0)
      throw new SubmissionError(`weight on "${key}" must be a number >= 0 (got ${weight})`, 'invalid');
  }
  return {
    models: cards.map((c) => ({ name: c.name, version: c.version })),
    scoreKeys: scoreKeysFor(cards),
    weights: effectiveWeights(weightable, options.weights),
  };
}
