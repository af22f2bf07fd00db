import { PROPS_COLUMNS } from '@hitscreen/chem';
import type { ModelCard } from '@hitscreen/models';

/** The props columns that are numbers or flags (the rest are identity, structure and alert-name columns). */
export const PROPERTY_KEYS: readonly string[] = PROPS_COLUMNS.filter(
  (c) => !['record', 'id', 'smiles', 'parent_smiles', 'inchikey', 'pains', 'brenk', 'error'].includes(c),
);

/**
 * Tasks whose probability is a toxicity risk (lower is better). Their maximum is the derived key `tox_max`; every
 * other classification task is an activity or approval probability (higher is better).
 */
export function isToxicityTask(key: string): boolean {
  return key.startsWith('tox21.') || key === 'clintox.CT_TOX';
}

/** Keys that exist in every screen: columns of the result table and keys derived in the pipeline. */
export const BUILT_IN_KEYS = ['score', 'desirability', 'rank', 'row', 'alerts', 'in_domain'] as const;

/** `<model>.<task>` for each task of a model card. */
export const predictionKeys = (card: Pick<ModelCard, 'name' | 'tasks'>): string[] =>
  card.tasks.map((t) => `${card.name}.${t.name}`);

/**
 * Every key a screen's results can be sorted or filtered by: built-ins, properties, each prediction with its
 * ensemble spread (`<key>.std`), each model's `<model>.max_similarity`, and `tox_max` when a toxicity model runs.
 */
export function scoreKeysFor(cards: Pick<ModelCard, 'name' | 'tasks'>[]): string[] {
  const predictions = cards.flatMap(predictionKeys);
  return [
    ...BUILT_IN_KEYS,
    ...PROPERTY_KEYS,
    ...predictions.flatMap((k) => [k, `${k}.std`]),
    ...cards.map((c) => `${c.name}.max_similarity`),
    ...(predictions.some(isToxicityTask) ? ['tox_max'] : []),
  ];
}
