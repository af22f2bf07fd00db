// A shadow run: re-scores a finished screen's valid molecules with each shadow candidate of a model the screen
// used and stores how the candidate agrees with the production predictions the screen returned. Results are never
// changed: the report is a separate table.
import { loadModel, scoreRecords, type ModelCard } from '@hitscreen/models';
import type { ModelRegistry, ShadowReportView } from '../model-registry.service';
import { taskAgreement, type TaskAgreement } from './agreement';
import { scoredMolecules, screenModels } from './screen-source';

/** Molecules compared per screen (the first valid rows): bounds a shadow job's time on a huge library. */
export const SHADOW_MAX_MOLECULES = 20_000;
/** Molecules read and scored at a time. */
const PAGE = 256;

export interface ShadowRunResult {
  /** Why nothing was compared (no such screen, not finished, no shadow candidate for its models). */
  skipped?: string;
  reports: ShadowReportView[];
}

const FINISHED = ['completed', 'completed_with_errors'];

export async function runShadow(
  registry: ModelRegistry,
  screenId: string,
  maxMolecules = SHADOW_MAX_MOLECULES,
): Promise<ShadowRunResult> {
  const screen = await screenModels(registry.dataSource, screenId);
  if (!screen) return { skipped: `screen ${screenId} does not exist`, reports: [] };
  if (!FINISHED.includes(screen.status))
    return { skipped: `screen ${screenId} is ${screen.status}, not finished`, reports: [] };
  const used = new Map(screen.models.map((m) => [m.name, m.version]));
  const candidates = await registry.shadowCandidates([...used.keys()]);
  if (candidates.length === 0) return { skipped: 'no shadow candidate for the screen’s models', reports: [] };
  const reports: ShadowReportView[] = [];
  for (const candidate of candidates) {
    const problems = await registry.verifyFiles(candidate.name, candidate.version);
    if (problems.length > 0)
      throw new Error(
        `shadow ${candidate.name} ${candidate.version}: its files are not the registered ones (${problems.slice(0, 3).join('; ')})`,
      );
    const model = await loadModel(registry.absoluteDir(candidate.dir));
    const { tasks, molecules, truncated } = await compare(
      registry,
      screenId,
      model.card,
      maxMolecules,
      (smiles) =>
        scoreRecords(
          model,
          smiles.map((structure, i) => ({ record: i + 1, id: String(i + 1), structure, fields: {} })),
          { batchSize: 64 },
        ),
    );
    reports.push(
      await registry.saveShadowReport({
        screenId,
        name: candidate.name,
        version: candidate.version,
        productionVersion: used.get(candidate.name)!,
        molecules,
        truncated,
        tasks,
      }),
    );
  }
  return { reports };
}

async function compare(
  registry: ModelRegistry,
  screenId: string,
  card: ModelCard,
  maxMolecules: number,
  score: (smiles: string[]) => ReturnType<typeof scoreRecords>,
): Promise<{ tasks: Record<string, TaskAgreement>; molecules: number; truncated: boolean }> {
  const production = card.tasks.map(() => [] as number[]);
  const shadow = card.tasks.map(() => [] as number[]);
  let compared = 0;
  let truncated = false;
  let after = 0;
  for (;;) {
    const page = await scoredMolecules(registry.dataSource, screenId, after, PAGE);
    if (page.length === 0) break;
    after = page[page.length - 1].row;
    const room = maxMolecules - compared;
    const batch = page.slice(0, room);
    if (batch.length < page.length) truncated = true;
    const scored = await score(batch.map((m) => m.parentSmiles));
    scored.forEach((s, i) => {
      if (!s.predictions) return; // featurization failed for the candidate: not comparable
      const stored = batch[i].scores;
      const keys = card.tasks.map((t) => stored[`${card.name}.${t.name}`]);
      if (keys.some((v) => typeof v !== 'number')) return; // production did not score it
      compared++;
      card.tasks.forEach((_, t) => {
        production[t].push(keys[t]);
        shadow[t].push(s.predictions![t].value);
      });
    });
    if (truncated || compared >= maxMolecules) {
      truncated ||= (await scoredMolecules(registry.dataSource, screenId, after, 1)).length > 0;
      break;
    }
  }
  return {
    tasks: Object.fromEntries(
      card.tasks.map((task, t) => [task.name, taskAgreement(task, production[t], shadow[t])]),
    ),
    molecules: compared,
    truncated,
  };
}
