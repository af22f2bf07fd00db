import { dialectOfSource, SqlParams, type DataSource } from '@hitscreen/db';
import { assessDrift, countMolecule, emptyCounts, type DriftReport } from './assess';
import { modelsWithReference, type ModelDrift } from './model-drift';
import { DriftStore, ensureDriftTables } from './persistence';

/** Result rows read per query while counting a finished screen (keyset pages on the primary key). */
const ROWS_PER_PAGE = 2000;

let cachedModels: ModelDrift[] | undefined;
/** The models with a training reference, read once per process (the files do not change under a running worker). */
function referenceModels(): ModelDrift[] {
  cachedModels ??= modelsWithReference();
  return cachedModels;
}

export interface ScreenDriftOptions {
  /** Default: every model under the models directory that has a training-properties.json. */
  models?: ModelDrift[];
  /** Clock for the stored day and time (tests). */
  now?: () => Date;
}

/**
 * Counts a finished screen's valid molecules against the training reference of every model it ran and stores the
 * bin counts and the assessment per model (DriftStore). Reads `screen_result` (the screening schema) page by page:
 * the stored properties of each `ok` row, and `<model>.max_similarity` for the model's domain. A model the screen
 * did not run (no such score) gets no row. Returns the reports by model.
 */
export async function computeScreenDrift(
  dataSource: DataSource,
  screenId: string,
  options: ScreenDriftOptions = {},
): Promise<Map<string, DriftReport>> {
  const models = options.models ?? referenceModels();
  if (models.length === 0) return new Map(); // no model has a reference: nothing to count
  const tallies = models.map((model) => ({ model, counts: emptyCounts(model.reference) }));
  const postgres = dialectOfSource(dataSource) === 'postgres';
  let after = -1;
  for (;;) {
    const p = new SqlParams(dialectOfSource(dataSource));
    const page = await dataSource.query<{ row_index: number; scores: string | Record<string, unknown> }[]>(
      `SELECT row_index, ${postgres ? 'scores::text' : 'json(scores)'} AS scores FROM screen_result
       WHERE screen_id = ${p.add(screenId)} AND status = 'ok' AND row_index > ${p.add(after)}
       ORDER BY row_index LIMIT ${ROWS_PER_PAGE}`,
      p.values,
    );
    for (const row of page) {
      const scores = (typeof row.scores === 'string' ? JSON.parse(row.scores) : row.scores) as Record<
        string,
        number | null
      >;
      for (const { model, counts } of tallies) {
        const similarity = scores[`${model.name}.max_similarity`];
        if (typeof similarity !== 'number') continue;
        countMolecule(model.reference, counts, scores, similarity >= model.reference.domainThreshold);
      }
    }
    if (page.length < ROWS_PER_PAGE) break;
    after = Number(page[page.length - 1].row_index);
  }
  const now = (options.now ?? (() => new Date()))();
  await ensureDriftTables(dataSource);
  const store = new DriftStore(dataSource);
  const reports = new Map<string, DriftReport>();
  for (const { model: m, counts: c } of tallies) {
    if (c.molecules === 0) continue;
    const report = assessDrift(m.reference, c);
    await store.save(
      {
        screenId,
        model: m.name,
        referenceSha256: m.sha256,
        day: now.toISOString().slice(0, 10),
        computedAt: now.toISOString(),
        report,
      },
      c,
    );
    reports.set(m.name, report);
  }
  return reports;
}

/**
 * The screen-finalize hook: `computeScreenDrift`, logged. Drift is monitoring, never part of the screen's outcome:
 * a failure here is logged with the screen and the reason and the screen stays as it finished (its results are
 * complete; `GET /screens/:id/drift` then answers that no drift was recorded).
 */
export async function recordScreenDrift(
  dataSource: DataSource,
  screenId: string,
  log: (message: string) => void,
): Promise<void> {
  const started = Date.now();
  try {
    const reports = await computeScreenDrift(dataSource, screenId);
    const drifted = [...reports].filter(([, r]) => r.drift).map(([m]) => m);
    log(
      `screen ${screenId}: drift counted for ${reports.size} model(s) in ${Date.now() - started} ms` +
        (drifted.length > 0 ? `; drifted from the training data of ${drifted.join(', ')}` : ''),
    );
  } catch (error) {
    log(`screen ${screenId}: drift not recorded: ${error instanceof Error ? error.message : String(error)}`);
  }
}
