/**
 * The screening service's contract: what the API (apps/api) asks of the screening back end (this lib, with its
 * persistence and queue) and what it gets back. The API is a thin HTTP layer over `ScreeningService`; workers
 * fill the results. Kept in one file so both sides are built against the same shapes.
 */
import type { InputRecord } from '@hitscreen/chem';

/**
 * A screen's life: `queued` → `running` → one final state.
 * - `completed`: every record has its row, ranked; no row `failed` (rows `invalid` may be there: a library's
 *   unreadable or refused structures are expected and reported per row, they are not errors of the screen).
 * - `completed_with_errors`: every record has its row and the screen is ranked, but some rows are `failed`: a
 *   molecule whose featurization or scoring failed, or every row of a chunk that kept failing after its retries
 *   (each such row carries the chunk's reason). `counts.failed` says how many; `error` summarizes why.
 * - `failed`: the screen could not be finished (a chunk's stored records are gone, ranking kept failing); its rows
 *   are incomplete. `error` says why.
 * - `cancelled`: stopped on request; rows stored before the cancel stay, no more arrive.
 */
export type ScreenStatus =
  'queued' | 'running' | 'completed' | 'completed_with_errors' | 'failed' | 'cancelled';

/** Every status, in the order of a screen's life (the OpenAPI enum, the metrics' label values). */
export const SCREEN_STATUSES: readonly ScreenStatus[] = [
  'queued',
  'running',
  'completed',
  'completed_with_errors',
  'failed',
  'cancelled',
];

/** Desirability weights per score key (e.g. `qed`, `bace.active`, `tox21.max`); 0 drops a term. */
export type DesirabilityWeights = Record<string, number>;

export interface ScreenOptions {
  name?: string;
  /** Model names (models/<name>); default: every model. */
  models?: string[];
  weights?: DesirabilityWeights;
  /** Called (POST, JSON summary) when the screen reaches a final state, with retries. */
  webhookUrl?: string;
}

/** A library as the API hands it over: records from the chem readers (bad ones carry `error`). */
export interface LibrarySubmission {
  options: ScreenOptions;
  /** Read once, streaming; the service stores it in chunks before it answers. */
  records: AsyncIterable<InputRecord>;
  /** Who submitted it (`user:<id>` or `key:<id>`): the owner, who always sees it. */
  owner?: string;
  /** The submitter's team: everyone of the team sees the screen (absent or null: the owner only). */
  team?: string | null;
}

/**
 * Who reads a screen. Ownership is applied in the queries: a screen the viewer may not see is answered exactly
 * like one that does not exist (null, an empty list), so a guessed id reveals nothing. `all`: every screen (admins).
 * Every read and change of the service takes one, last and required: the API passes the caller's, and code that
 * acts for the operator (CLI, benchmarks, tests) says so with `SYSTEM_VIEWER` — a forgotten argument is a compile
 * error, not a read of everything.
 */
export interface ScreenViewer {
  /** `user:<id>` or `key:<id>`: sees the screens it submitted. */
  owner: string;
  /** Sees the screens of this team too (null: none). */
  team: string | null;
  all?: boolean;
}

/** The operator's unrestricted view (every screen): the CLI, benchmarks and tests, never an HTTP caller. */
export const SYSTEM_VIEWER: Readonly<ScreenViewer> = Object.freeze({
  owner: 'system',
  team: null,
  all: true,
});

export interface ScreenCounts {
  /** Records submitted. */
  total: number;
  /** Records processed so far, whatever their status (so `done / total` is the progress). */
  done: number;
  /** Of `done`: rows refused by the reader, RDKit or a limit. */
  invalid: number;
  /** Of `done`: rows whose featurization or scoring failed, or whose chunk kept failing after its retries. */
  failed: number;
}

export interface ScreenSummary {
  id: string;
  name: string | null;
  status: ScreenStatus;
  counts: ScreenCounts;
  /** done / total, 0..1. */
  progress: number;
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
  /** Models and their versions (card version / SHA-256 of the ONNX file) that scored this screen. */
  models: { name: string; version: string }[];
  options: ScreenOptions;
  error: string | null;
  /**
   * Who submitted it (`user:<id>` / `key:<id>`) and the team that shares it; null for a screen kept by the CLI.
   * Only callers who may see the screen get its summary: the owner, the team, admins.
   */
  owner: string | null;
  team: string | null;
}

export interface ResultAlert {
  catalog: string;
  name: string;
  atoms: number[];
}

export interface ResultPrediction {
  /** `model.task`, e.g. `tox21.NR-AR`, `bace.pIC50`, `esol.logS`. */
  key: string;
  value: number;
  uncertainty: number;
  active?: boolean;
}

export interface ResultDomain {
  model: string;
  maxSimilarity: number;
  inDomain: boolean;
}

/** One compound of a screen, valid or not. */
export interface ResultRow {
  /** 1-based record number in the submitted library. */
  row: number;
  /** The input's id. */
  id: string;
  input: string;
  status: 'ok' | 'invalid' | 'failed';
  /** The reason for `invalid` (reader/RDKit) or `failed` (scoring). */
  error: string | null;
  parentSmiles: string | null;
  inchikey: string | null;
  /** Descriptors, QED, rule results: flat numbers keyed as PROPS_COLUMNS of @hitscreen/chem. */
  properties: Record<string, number | boolean>;
  alerts: ResultAlert[];
  predictions: ResultPrediction[];
  domain: ResultDomain[];
  /** 0..1 weighted geometric mean of the per-term desirabilities; null for invalid/failed rows. */
  desirability: number | null;
  /** 1 = best desirability in the screen; null until the screen completes, and for invalid/failed rows. */
  rank: number | null;
}

/** `sort=-score,qed`; filters like `qed>=0.5`, `alerts=none`, `in_domain=true`, `tox_max<0.3`. */
export interface ResultsQuery {
  page: number;
  pageSize: number;
  sort?: string;
  filters?: string[];
}

export interface Page<T> {
  items: T[];
  total: number;
  page: number;
  pageSize: number;
}

export interface ScreenProgressEvent {
  screenId: string;
  status: ScreenStatus;
  counts: ScreenCounts;
  progress: number;
}

export interface ServiceHealth {
  database: boolean;
  redis: boolean;
  /** Why a check failed, per component. */
  errors: Record<string, string>;
}

/** BullMQ job counts of the chunk queue (queue depth for /metrics). */
export interface QueueStats {
  waiting: number;
  active: number;
  delayed: number;
  failed: number;
  completed: number;
}

/** Upper bounds (seconds) of the chunk-duration histogram's buckets. */
export const CHUNK_DURATION_BUCKETS: readonly number[] = [1, 2.5, 5, 10, 30, 60, 120, 300, 600];

/**
 * Upper bounds (seconds) of the stop-latency histogram's buckets: a pipeline thread over its time budget is terminated
 * at the end of the ONNX run in progress at its deadline (milliseconds to tens of milliseconds), later only on a
 * starved event loop.
 */
export const STOP_LATENCY_BUCKETS: readonly number[] = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5];

/**
 * What the time budgets have cost every worker of a deployment (one queue prefix), counted in Redis as it happens
 * (runtime/time-budget-counters.ts); the API's /metrics serves it as Prometheus counters and a histogram.
 */
export interface TimeBudgetTotals {
  /** Batches stopped at the batch budget (re-run molecule by molecule). */
  batchesOverBudget: number;
  /** Molecules stopped at the molecule budget (`failed` rows). */
  moleculesOverBudget: number;
  /** Pipeline threads terminated at a budget (each over-budget batch or molecule terminates one). */
  threadsStopped: number;
  /** How long after its deadline each thread was terminated, cumulative by STOP_LATENCY_BUCKETS. */
  stopLatency: { buckets: { le: number; count: number }[]; count: number; sumSeconds: number };
}

/**
 * What the whole deployment has done, read from the database (every API and worker process shares it), for
 * /metrics. Screens and molecules only grow (no screen is deleted), so the molecule counts are counters.
 */
export interface ScreeningStats {
  /** Screens by status; every status is present (0 when none). */
  screens: Record<ScreenStatus, number>;
  /** Result rows stored, by row status (the sum of the screens' counts). */
  molecules: Record<ResultRow['status'], number>;
  /** Stored library chunks by state: `failed` = failed after all its attempts (its rows are `failed`). */
  chunks: Record<'pending' | 'done' | 'failed', number>;
  /** Attempts beyond the first made by chunks that finished (done or failed). */
  chunkRetries: number;
  /** How long finished chunks took (last attempt), cumulative by CHUNK_DURATION_BUCKETS. */
  chunkDurations: { buckets: { le: number; count: number }[]; count: number; sumSeconds: number };
}

export interface ScreeningService {
  submit(submission: LibrarySubmission): Promise<ScreenSummary>;
  get(id: string, viewer: ScreenViewer): Promise<ScreenSummary | null>;
  list(page: number, pageSize: number, viewer: ScreenViewer): Promise<Page<ScreenSummary>>;
  /** Throws `QueryError` (a 400) for an unknown sort key or a malformed filter. */
  results(id: string, query: ResultsQuery, viewer: ScreenViewer): Promise<Page<ResultRow> | null>;
  result(id: string, row: number, viewer: ScreenViewer): Promise<ResultRow | null>;
  /** Streamed in row order, constant memory; nothing for a screen the viewer may not see. */
  exportRows(id: string, viewer: ScreenViewer): AsyncIterable<ResultRow>;
  cancel(id: string, viewer: ScreenViewer): Promise<ScreenSummary | null>;
  /** Progress until the screen reaches a final state, then the iterator ends (at once when not visible). */
  events(id: string, viewer: ScreenViewer): AsyncIterable<ScreenProgressEvent>;
  health(): Promise<ServiceHealth>;
  queueStats(): Promise<QueueStats>;
  /** Totals over every screen, from the database. */
  stats(): Promise<ScreeningStats>;
  /** What the workers' time budgets have cost (over-budget batches and molecules, thread stops), from Redis. */
  timeBudgetStats(): Promise<TimeBudgetTotals>;
  /**
   * Queues again every live screen whose flow Redis no longer holds (a Redis restarted without its data, or a
   * process that died between storing a library and queueing it): the finalize parent and one job per chunk still
   * pending in the database. Also runs by itself whenever the service's Redis connection becomes ready (at start and
   * after each reconnection). The ids of the screens queued again.
   */
  requeueLostScreens(): Promise<string[]>;
  close(): Promise<void>;
}

/** A results query the service cannot run: an unknown sort or filter key, a malformed filter (HTTP 400). */
export class QueryError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'QueryError';
  }
}

/**
 * A submission refused before anything is kept: `invalid` (HTTP 422: unknown model, unknown or negative weight,
 * empty library) or `too_large` (HTTP 413: more molecules than `limits.maxMolecules`). Nothing half-created stays.
 */
export class SubmissionError extends Error {
  constructor(
    message: string,
    readonly code: 'invalid' | 'too_large',
  ) {
    super(message);
    this.name = 'SubmissionError';
  }
}

/** Explicit limits of one screen (defaults in `DEFAULT_SCREEN_LIMITS`, documented in the README). */
export interface ScreenLimits {
  /** Molecules per screen; more → `SubmissionError('too_large')`. */
  maxMolecules: number;
  /** Characters of one structure (SMILES or molblock); longer → that row is `invalid`. */
  maxStructureLength: number;
  /** Heavy atoms of one molecule; more → that row is `invalid`. */
  maxHeavyAtoms: number;
}

/** What `createScreeningService(config)` needs. */
export interface ScreeningServiceConfig {
  /** `postgres://…` or `sqlite:<path>` / `sqlite::memory:` (one process only). */
  databaseUrl: string;
  /** PostgreSQL schema (tests isolate themselves with a unique one); default: the connection's own. */
  databaseSchema?: string;
  redisUrl: string;
  /** BullMQ key prefix; tests use a unique one. Default `hitscreen`. */
  queuePrefix?: string;
  /** Molecules per stored chunk and per chunk job. Default 1000. */
  chunkSize?: number;
  limits?: Partial<ScreenLimits>;
}
