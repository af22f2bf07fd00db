import { performance } from 'node:perf_hooks';
import { MessageChannel } from 'node:worker_threads';
import type Piscina from 'piscina';

/** How a thread task is held to its time budget (runWithinBudget). */
export interface ThreadTaskBudget {
  /** The task's exported function in the pool's thread file. */
  name: string;
  budgetMs: number;
  /**
   * Asked at the deadline, and again every `retryMs` while it answers false: whether the thread may be terminated
   * now. The screening pipeline answers false while its thread is inside an ONNX run (terminating it there aborts
   * the process). Without it the thread is terminated at the deadline.
   */
  mayStop?: () => boolean;
  retryMs?: number;
  /** Told when the thread is terminated: how long after the deadline, and after the first try to stop it. */
  onStopped?: (afterDeadlineMs: number, afterFirstTryMs: number) => void;
}

/** The rejection of a thread task terminated at its budget (piscina has started a fresh thread in its place). */
export class ThreadTaskOverBudget extends Error {
  constructor(readonly budgetMs: number) {
    super(`the thread task exceeded its time budget of ${budgetMs} ms`);
    this.name = 'ThreadTaskOverBudget';
  }
}

/**
 * Runs one piscina task whose computing is stopped after its budget. The clock starts when the thread says it is
 * computing (the task gets a `computing` MessagePort and posts on it first), so queueing and a fresh thread's
 * start-up are not charged; at the deadline piscina terminates the thread. Shared by the screening workers'
 * pipeline and the API's drawing pool, so both keep one notion of a budget.
 */
export async function runWithinBudget<T>(
  piscina: Piscina,
  task: Record<string, unknown>,
  budget: ThreadTaskBudget,
): Promise<T> {
  const deadline = new AbortController();
  const { port1, port2 } = new MessageChannel();
  let timer: NodeJS.Timeout | undefined;
  let settled = false;
  let deadlineAt = 0;
  let firstTryAt: number | undefined;
  const stop = () => {
    if (settled) return;
    const now = performance.now();
    firstTryAt ??= now;
    if (budget.mayStop?.() ?? true) {
      deadline.abort();
      budget.onStopped?.(now - deadlineAt, now - firstTryAt);
    } else timer = setTimeout(stop, budget.retryMs ?? 5);
  };
  port1.once('message', () => {
    if (settled) return;
    deadlineAt = performance.now() + budget.budgetMs;
    timer = setTimeout(stop, budget.budgetMs);
  });
  try {
    return (await piscina.run(
      { ...task, computing: port2 },
      { name: budget.name, transferList: [port2], signal: deadline.signal },
    )) as T;
  } catch (error) {
    if (deadline.signal.aborted) throw new ThreadTaskOverBudget(budget.budgetMs);
    throw error;
  } finally {
    settled = true;
    clearTimeout(timer);
    port1.close();
  }
}
