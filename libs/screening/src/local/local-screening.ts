import { randomUUID } from 'node:crypto';
import type { DataSource } from '@hitscreen/db';
import type { ModelVersionSource } from '@hitscreen/models';
import type { InputRecord } from '@hitscreen/chem';
import { modelVersionSources, productionModels } from '@hitscreen/model-registry';
import {
  computeScreenDrift,
  DriftStore,
  ensureDriftTables,
  modelsWithReference,
  type DriftReport,
} from '@hitscreen/drift';
import {
  SubmissionError,
  type LibrarySubmission,
  type ResultRow,
  type ScreenCounts,
  type ScreenLimits,
  type ScreenStatus,
  type ScreenSummary,
} from '../contract';
import { DEFAULT_SCREEN_LIMITS } from '../config';
import { failedChunkRows, type ScreenedRow } from '../pipeline';
import { PipelineRunner } from '../runtime/pipeline-runner';
import { openScreeningDatabase } from '../service/screening.service';
import { planScreen } from '../service/screen-plan';
import { ResultStore, ScreenStore, toSummary, type ChunkOutcome } from '../store';

/**
 * Molecules per stored chunk in process: one thread task of the runner (it splits chunks into tasks of 50). With
 * one chunk more than threads in flight every thread stays busy, progress moves every 50 molecules, and a cancel
 * waits for at most that much work.
 */
export const LOCAL_CHUNK_SIZE = 50;
/** Runs of a chunk before its rows are stored failed (a second try covers a lost thread). */
const LOCAL_CHUNK_ATTEMPTS = 2;
/** Chunk reasons quoted in a screen's `error`, as the service's finalize quotes them. */
const QUOTED_CHUNK_ERRORS = 3;
/** Rows per page when reading a screen back in rank order (a range of ranks: one index range scan each). */
const READ_PAGE_SIZE = 1000;

/** A local screen stopped by `cancel()`; its rows so far are stored, the screen is marked cancelled. */
export class LocalScreenCancelled extends Error {
  constructor(
    readonly screenId: string,
    readonly counts: ScreenCounts,
  ) {
    super(`screen ${screenId} cancelled after ${counts.done} of ${counts.total} molecules`);
    this.name = 'LocalScreenCancelled';
  }
}

export interface LocalScreeningConfig {
  /** `sqlite:<path>` (or `postgres://…`): where the library chunks and the result rows are written. */
  databaseUrl: string;
  /** Pipeline worker threads; 0 runs the pipeline on the calling thread (tests: threads cannot load TypeScript). */
  threads: number;
  /** The bundled pipeline thread file; default beside the running bundle (`screen-chunk.worker.js`). */
  threadFile?: string;
  limits?: Partial<ScreenLimits>;
  /** Molecules per stored chunk; default LOCAL_CHUNK_SIZE. */
  chunkSize?: number;
  /** Rows per database page when reading back by rank; default 1000 (at most the service's page limit, 1000). */
  readPageSize?: number;
}

/** How far a local screen is: `queued` while the library is read and stored, then `running`. */
export type LocalProgress = (status: ScreenStatus, counts: ScreenCounts) => void;

/**
 * The screening service's pipeline in one process, without Redis: the library is stored in chunks, each chunk
 * runs through the same pipeline (`PipelineRunner`, worker threads) and its rows are upserted, the screen is ranked
 * in SQL and read back page by page. Memory holds the chunks in flight, never the screen; the database (SQLite by
 * default) holds the rest. The result is an ordinary screen: the API serves it from the same database.
 */
export class LocalScreening {
  private readonly screens: ScreenStore;
  private readonly results: ResultStore;
  /** Why the last screen's drift could not be counted (undefined when it was, or when no model has a reference). */
  driftError: string | undefined;
  /** Set by cancel(): no chunk starts any more (this instance screens nothing further). */
  private cancelled = false;

  private constructor(
    private readonly dataSource: DataSource,
    private readonly runner: PipelineRunner,
    private readonly limits: ScreenLimits,
    private readonly chunkSize: number,
    private readonly inFlight: number,
    private readonly readPageSize: number,
  ) {
    this.screens = new ScreenStore(dataSource);
    this.results = new ResultStore(dataSource);
  }

  static async open(config: LocalScreeningConfig): Promise<LocalScreening> {
    const dataSource = await openScreeningDatabase(config.databaseUrl);
    return new LocalScreening(
      dataSource,
      new PipelineRunner(config.threads, config.threadFile),
      { ...DEFAULT_SCREEN_LIMITS, ...config.limits },
      config.chunkSize ?? LOCAL_CHUNK_SIZE,
      // One chunk more than threads: the next chunk is loaded while the others compute.
      Math.max(2, config.threads + 1),
      config.readPageSize ?? READ_PAGE_SIZE,
    );
  }

  /**
   * Screens a library to completion and returns its summary. Throws SubmissionError (unknown model, bad weight,
   * empty or too large library) before any molecule is scored; a bad record only makes its own row invalid. A
   * failure of the run itself marks the screen failed with the reason and is rethrown.
   */
  async screen(
    submission: LibrarySubmission,
    onProgress: LocalProgress = () => undefined,
  ): Promise<ScreenSummary> {
    // A database holding the model registry (`--db`) serves its production versions, as the API's does.
    const plan = planScreen(submission.options, await productionModels(this.dataSource));
    const id = randomUUID();
    await this.screens.create({
      id,
      name: submission.options.name ?? null,
      owner: submission.owner ?? null,
      team: submission.team ?? null,
      status: 'queued',
      options: JSON.stringify({
        ...submission.options,
        models: plan.models.map((m) => m.name),
        weights: plan.weights,
      }),
      models: JSON.stringify(plan.models),
      scoreKeys: JSON.stringify(plan.scoreKeys),
      error: null,
      createdAt: new Date().toISOString(),
      startedAt: null,
      finishedAt: null,
    });
    const counts: ScreenCounts = { total: 0, done: 0, invalid: 0, failed: 0 };
    const chunkErrors: string[] = [];
    try {
      const chunks = await this.storeChunks(id, submission.records, counts, onProgress);
      await this.screens.setSize(id, counts.total, chunks);
      await this.screens.markRunning(id, new Date().toISOString());
      onProgress('running', counts);
      await this.runChunks(
        id,
        chunks,
        await modelVersionSources(this.dataSource, plan.models),
        plan.weights,
        chunkErrors,
        (rows) => {
          counts.done += rows.length;
          counts.invalid += rows.filter((r) => r.status === 'invalid').length;
          counts.failed += rows.filter((r) => r.status === 'failed').length;
          onProgress('running', counts);
        },
      );
      if (this.cancelled) throw new LocalScreenCancelled(id, counts);
      await this.results.rank(id);
      // Drift of the library from each model's training data, counted over the stored rows by the function the
      // service's finalize runs, before `finish` (a final screen has it), for the report's warning.
      await this.recordDrift(
        id,
        plan.models.map((m) => m.name),
      );
      // The service's rule (its finalize job): failed rows make the screen completed_with_errors, with a reason.
      const withErrors = counts.failed > 0;
      await this.screens.finish(
        id,
        withErrors ? 'completed_with_errors' : 'completed',
        new Date().toISOString(),
        withErrors ? errorSummary(counts, chunkErrors) : null,
      );
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      const now = new Date().toISOString();
      if (error instanceof SubmissionError) await this.screens.remove(id);
      else if (error instanceof LocalScreenCancelled) await this.screens.finish(id, 'cancelled', now);
      else await this.screens.finish(id, 'failed', now, reason).catch(() => false);
      throw error;
    }
    const screen = await this.screens.get(id);
    if (!screen) throw new Error(`screen ${id} is missing from the database after its run`);
    return toSummary(screen);
  }

  /**
   * Cancels the screen being run (an interrupted command): no chunk is started any more, the chunks in flight
   * finish and are stored (a thread is never stopped inside ONNX Runtime's native code), the screen is marked
   * cancelled and `screen()` rejects with LocalScreenCancelled. The rows stored so far stay.
   */
  cancel(): void {
    this.cancelled = true;
  }

  /** Rows by rank (1 first), then the rows without a rank (invalid, failed) in input order. */
  async *rowsByRank(screenId: string): AsyncGenerator<ResultRow> {
    const keys = new Set(['rank']);
    const size = this.readPageSize;
    for (let after = 0; ; after += size) {
      const page = await this.results.page(
        screenId,
        { page: 1, pageSize: size, sort: 'rank', filters: [`rank>${after}`, `rank<=${after + size}`] },
        keys,
      );
      yield* page.items;
      if (page.items.length < size) break;
    }
    for await (const row of this.results.export(screenId)) if (row.rank === null) yield row;
  }

  async get(screenId: string): Promise<ScreenSummary | null> {
    const screen = await this.screens.get(screenId);
    return screen ? toSummary(screen) : null;
  }

  /**
   * The drift assessments recorded when the screen finished, one per model that ran and has a training reference
   * (what `GET /screens/:id/drift` serves); empty when none was recorded (no such model, or the count failed).
   */
  async drift(screenId: string): Promise<DriftReport[]> {
    await ensureDriftTables(this.dataSource);
    return (await new DriftStore(this.dataSource).forScreen(screenId)).map((r) => r.report);
  }

  /**
   * `computeScreenDrift` for the models the screen ran. Drift is monitoring, never part of the screen's outcome
   * (as in the service's finalize): a failure is kept in `driftError` for the caller to say, the screen completes
   * and `drift()` answers none.
   */
  private async recordDrift(screenId: string, models: string[]): Promise<void> {
    this.driftError = undefined;
    const withReference = modelsWithReference().filter((m) => models.includes(m.name));
    if (withReference.length === 0) return; // a properties-only screen: nothing to compare
    try {
      await computeScreenDrift(this.dataSource, screenId, { models: withReference });
    } catch (error) {
      this.driftError = error instanceof Error ? error.message : String(error);
    }
  }

  /** Rows in input order (what the API's export streams). */
  rowsInOrder(screenId: string): AsyncIterable<ResultRow> {
    return this.results.export(screenId);
  }

  async close(): Promise<void> {
    await this.runner.close();
    await this.dataSource.destroy();
  }

  /** Reads the library once, numbering rows 1..N and storing them chunk by chunk (as the service's submit does). */
  private async storeChunks(
    id: string,
    records: AsyncIterable<InputRecord>,
    counts: ScreenCounts,
    onProgress: LocalProgress,
  ): Promise<number> {
    let chunks = 0;
    let buffer: InputRecord[] = [];
    const flush = async () => {
      if (buffer.length === 0) return;
      await this.screens.addChunk(id, chunks++, buffer);
      buffer = [];
      onProgress('queued', counts);
    };
    for await (const record of records) {
      if (this.cancelled) throw new LocalScreenCancelled(id, counts);
      if (++counts.total > this.limits.maxMolecules)
        throw new SubmissionError(
          `the library holds more than ${this.limits.maxMolecules} molecules`,
          'too_large',
        );
      buffer.push({ ...record, record: counts.total });
      if (buffer.length >= this.chunkSize) await flush();
    }
    await flush();
    if (counts.total === 0) throw new SubmissionError('the library holds no molecules', 'invalid');
    return chunks;
  }

  /**
   * Runs the chunks with `inFlight` of them at a time; results are stored one transaction after another (one
   * SQLite connection), each with its chunk's counts, exactly as a worker's chunk job stores them. A chunk whose
   * run fails (a thread lost, a model that cannot load) is tried again, then its rows are stored `failed` with the
   * reason (collected in `chunkErrors`) and the screen goes on, as the service does after a chunk's retries.
   */
  private async runChunks(
    id: string,
    chunkCount: number,
    models: ModelVersionSource[],
    weights: Record<string, number>,
    chunkErrors: string[],
    onStored: (rows: ScreenedRow[]) => void,
  ): Promise<void> {
    let next = 0;
    let failed = false;
    let storing: Promise<void> = Promise.resolve();
    const options = { weights, limits: this.limits };
    const lane = async () => {
      while (!failed && !this.cancelled && next < chunkCount) {
        const chunk = next++;
        const stored = await this.screens.chunk(id, chunk);
        if (!stored) throw new Error(`chunk ${chunk} of screen ${id} is not in the database`);
        const records = JSON.parse(stored.records) as InputRecord[];
        const { rows, failure } = await this.runChunk(chunk, records, { models, options });
        if (failure) chunkErrors.push(failure);
        const outcome: ChunkOutcome = failure ? { status: 'failed', error: failure } : { status: 'done' };
        storing = storing.then(() => this.store(id, chunk, rows, outcome));
        await storing;
        onStored(rows);
      }
    };
    const lanes = Array.from({ length: this.inFlight }, () =>
      lane().catch((error: unknown) => {
        failed = true; // the other lanes take no new chunk
        throw error;
      }),
    );
    await Promise.all(lanes);
  }

  /** One chunk through the pipeline, tried LOCAL_CHUNK_ATTEMPTS times; then its rows failed with the reason. */
  private async runChunk(
    chunk: number,
    records: InputRecord[],
    task: Parameters<PipelineRunner['run']>[1],
  ): Promise<{ rows: ScreenedRow[]; failure?: string }> {
    for (let attempt = 1; ; attempt++) {
      try {
        return { rows: await this.runner.run(records, task) };
      } catch (error) {
        if (attempt < LOCAL_CHUNK_ATTEMPTS) continue;
        const failure = `chunk ${chunk} failed after ${attempt} attempt(s): ${error instanceof Error ? error.message : String(error)}`;
        const firstRow = records[0]?.record ?? 0;
        return {
          rows: failedChunkRows({ firstRow, recordCount: records.length, records }, failure),
          failure,
        };
      }
    }
  }

  private async store(id: string, chunk: number, rows: ScreenedRow[], outcome: ChunkOutcome): Promise<void> {
    await this.dataSource.transaction(async (m) => {
      await this.results.upsert(m, id, rows);
      const counts = {
        done: rows.length,
        invalid: rows.filter((r) => r.status === 'invalid').length,
        failed: rows.filter((r) => r.status === 'failed').length,
      };
      await this.screens.completeChunk(m, id, chunk, counts, outcome);
    });
  }
}

/** `3 of 200 rows failed: chunk 1 failed after 2 attempt(s): …` (the first chunk reasons; rows carry them all). */
function errorSummary(counts: ScreenCounts, chunkErrors: readonly string[]): string {
  const head = `${counts.failed} of ${counts.total} rows failed`;
  if (chunkErrors.length === 0) return `${head} (featurization or scoring; each row has its reason)`;
  const more = chunkErrors.length - QUOTED_CHUNK_ERRORS;
  return `${head}: ${chunkErrors.slice(0, QUOTED_CHUNK_ERRORS).join('; ')}${more > 0 ? `; and ${more} more chunk(s)` : ''}`;
}
