import { listModels, readModelCard, type ModelCard } from '@hitscreen/models';
import { UsageError } from '../usage-error';

export interface SelectedModel {
  name: string;
  dir: string;
  card: ModelCard;
}

/** The named models (all when `names` is undefined), in the registry's order; unknown names are a usage error. */
export function selectModels(names?: string[]): SelectedModel[] {
  const available = listModels();
  const wanted = names ?? available.map((m) => m.name);
  const unknown = wanted.filter((name) => !available.some((m) => m.name === name));
  if (unknown.length > 0)
    throw new UsageError(
      `unknown model(s) ${unknown.join(', ')}; available: ${available.map((m) => m.name).join(', ')}`,
    );
  // Cards are read here so a broken card fails the command before any worker starts.
  return available
    .filter((m) => wanted.includes(m.name))
    .map((m) => ({ name: m.name, dir: m.dir, card: readModelCard(m.dir) }));
}
