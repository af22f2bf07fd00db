import { join } from 'node:path';
import {
  ApplicabilityDomain,
  DEFAULT_DOMAIN_THRESHOLD,
  listModels,
  modelsDir,
  type ModelCard,
} from '@hitscreen/models';
import { readTrainingReference, REFERENCE_FILE, type LoadedReference } from './reference';

/** What drift needs of one model: its card, its training reference and its applicability domain. */
export interface ModelDrift extends LoadedReference {
  name: string;
  dir: string;
  card: ModelCard;
}

/** The applicability domain of a model as its card defines it (train-morgan.u8 and the card's threshold). */
export function domainOf(dir: string, card: ModelCard): ApplicabilityDomain {
  return ApplicabilityDomain.fromFile(
    join(dir, card.domain.fingerprints ?? 'train-morgan.u8'),
    card.domain.threshold ?? DEFAULT_DOMAIN_THRESHOLD,
    card.domain.count,
  );
}

/** Every model with a training reference, by name (a model without one is skipped: no drift to measure). */
export function modelsWithReference(root: string = modelsDir()): ModelDrift[] {
  const out: ModelDrift[] = [];
  for (const entry of listModels(root)) {
    if (!entry.card) continue;
    const loaded = readTrainingReference(entry.dir);
    if (loaded) out.push({ name: entry.name, dir: entry.dir, card: entry.card, ...loaded });
  }
  return out;
}

/** One model's drift inputs; the error names the model and what is missing. */
export function modelDrift(name: string, root: string = modelsDir()): ModelDrift {
  const entry = listModels(root).find((m) => m.name === name);
  if (!entry)
    throw new Error(
      `unknown model "${name}"; known: ${listModels(root)
        .map((m) => m.name)
        .join(', ')}`,
    );
  if (!entry.card) throw new Error(`model ${name}: ${entry.error}`);
  const loaded = readTrainingReference(entry.dir);
  if (!loaded)
    throw new Error(
      `model ${name} has no ${REFERENCE_FILE} (write it with \`npm run drift:reference ${name}\`)`,
    );
  return { name, dir: entry.dir, card: entry.card, ...loaded };
}
