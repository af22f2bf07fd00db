/**
 * How long the pipeline may compute before a thread is stopped. Measured from the moment the thread starts
 * computing (after its RDKit and models are loaded, which a fresh thread does once), not from when the task was
 * queued.
 */
export interface TimeBudgets {
  /** A molecule computing longer than this fails alone, `exceeded the per-molecule time budget of N ms`. */
  moleculeMs: number;
  /**
   * A batch of molecules computing longer than this has its thread terminated and is run again molecule by
   * molecule, each under `moleculeMs`. At least `moleculeMs`.
   */
  batchMs: number;
}

/**
 * A few seconds. With all six models on one thread of the loaded 2-core development machine, one molecule at a
 * time, 300 approved drugs took a median 112 ms and at most 828 ms, 1,000 HIV-library molecules a median 107 ms and
 * at most 686 ms (`scripts/bench/molecule-times.ts`, docs/BENCHMARKS.md). Ring meshes built to be slow (a 100-atom
 * nanotorus) take 3 s on a quiet machine and 10–12 s on a loaded one.
 */
export const DEFAULT_MOLECULE_TIME_BUDGET_MS = 5_000;

/**
 * max(10 s, 4 × the molecule budget): a batch of 50 took a median 3.3–3.5 s and at most 5.4 s with all six models
 * on one thread of the loaded development machine (same measurement), so the batch budget is only reached by a slow
 * molecule (or many nearly slow ones, which are then re-run one by one and pass). It bounds what one slow molecule
 * costs its batch before the molecule-by-molecule re-run.
 */
export function defaultBatchBudgetMs(moleculeMs: number): number {
  return Math.max(10_000, 4 * moleculeMs);
}

export function resolveTimeBudgets(budgets: Partial<TimeBudgets> = {}): TimeBudgets {
  const moleculeMs = budgets.moleculeMs ?? DEFAULT_MOLECULE_TIME_BUDGET_MS;
  const batchMs = budgets.batchMs ?? defaultBatchBudgetMs(moleculeMs);
  for (const [name, value] of Object.entries({ moleculeMs, batchMs }))
    if (!Number.isInteger(value) || value < 1)
      throw new Error(`time budget ${name} must be a positive integer of milliseconds (got ${value})`);
  if (batchMs < moleculeMs)
    throw new Error(
      `the batch time budget (${batchMs} ms) is below the molecule time budget (${moleculeMs} ms)`,
    );
  return { moleculeMs, batchMs };
}

/** The reason stored on the row of a molecule that ran over its budget. */
export const moleculeOverBudget = (moleculeMs: number) =>
  `exceeded the per-molecule time budget of ${moleculeMs} ms`;

/**
 * Told of each time-budget event as it happens: the screening worker counts them in Redis, where the API's /metrics
 * reads every worker's totals (time-budget-counters.ts).
 */
export interface TimeBudgetEvents {
  /** A batch was stopped at the batch budget (it is re-run molecule by molecule). */
  batchOverBudget(): void;
  /** A molecule was stopped at the molecule budget (its row is `failed`). */
  moleculeOverBudget(): void;
  /**
   * A thread was terminated at a budget, `latencyMs` after its deadline: the timer's own lateness on a busy event
   * loop, plus `deferredMs`, the wait from the first try to stop it for the ONNX run in progress to end
   * (model-run-guard).
   */
  threadStopped(latencyMs: number, deferredMs: number): void;
}

/** A thread task ran over its budget; its thread has been terminated. */
export class TimeBudgetExceeded extends Error {
  constructor(
    readonly budgetMs: number,
    readonly molecules: number,
  ) {
    super(`${molecules} molecule(s) computed for more than ${budgetMs} ms`);
    this.name = 'TimeBudgetExceeded';
  }
}
