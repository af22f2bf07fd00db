/**
 * Keeps a worker thread from being terminated in the middle of an ONNX run.
 *
 * onnxruntime-node finishes `session.run` on a native thread and then calls back into the JS thread that started
 * it. Terminating that JS thread in between aborts the whole process ("terminate called after throwing an
 * instance of 'Napi::Error'", reproduced with the screening pool's time budgets at 300 ms). A thread that may be
 * stopped from outside therefore marks every run in a flag it shares with the side that stops it:
 *
 * - the thread claims the flag (FREE → RUNNING) before a run and frees it after;
 * - the stopping side may terminate only once the flag is STOPPING: it claims a FREE flag itself (FREE →
 *   STOPPING); while a run holds it, it asks for the stop instead (RUNNING → STOP_REQUESTED) and waits;
 * - a thread leaving a run with the stop requested does not free the flag: it sets STOPPING and parks (blocks
 *   until it is terminated). The stop thus takes effect at the end of the run in progress. Freeing the flag and
 *   letting the owner catch it free was not enough: a batch scoring six models runs them back to back, and the
 *   gaps between runs are microseconds, so the owner's retries missed them for a whole model's runs;
 * - a thread that finds the flag STOPPING starts no run: it parks there too.
 *
 * Without a flag (the calling thread, the CLI) runs go straight through.
 */
const FREE = 0;
const RUNNING = 1;
const STOPPING = 2;
const STOP_REQUESTED = 3;

let guard: Int32Array | undefined;

/** The flag a thread task shares with its owner: one Int32 in shared memory. */
export function createModelRunFlag(): SharedArrayBuffer {
  return new SharedArrayBuffer(Int32Array.BYTES_PER_ELEMENT);
}

/** Called by the thread at the start of each task with the task's flag (or undefined: no guard). */
export function guardModelRuns(flag: SharedArrayBuffer | undefined): void {
  guard = flag ? new Int32Array(flag) : undefined;
}

/** Blocks this thread until the owner terminates it (the flag is STOPPING: it will be). */
function park(flag: Int32Array): void {
  for (;;) Atomics.wait(flag, 0, STOPPING);
}

/** Runs `run` (one ONNX session run) while holding the flag. */
export async function withinModelRun<T>(run: () => Promise<T>): Promise<T> {
  const flag = guard;
  if (!flag) return run();
  const seen = Atomics.compareExchange(flag, 0, FREE, RUNNING);
  // Being stopped: no run starts; this thread waits here to be terminated.
  if (seen === STOPPING) park(flag);
  // Runs are awaited one after the other (predictor.ts); one flag cannot mark two.
  else if (seen !== FREE) throw new Error('a model run started while another holds the guard');
  try {
    return await run();
  } finally {
    // The run is over (its native callback has returned): a requested stop takes effect now.
    if (Atomics.compareExchange(flag, 0, RUNNING, FREE) === STOP_REQUESTED) {
      Atomics.store(flag, 0, STOPPING);
      park(flag);
    }
  }
}

/**
 * The owner's side: true when the flag is now STOPPING (the thread holds no run and will start none, so it may be
 * terminated); false while a run holds it, and the stop is then requested: the thread sets STOPPING as that run
 * ends (ask again shortly).
 */
export function claimForStop(flag: SharedArrayBuffer): boolean {
  const state = new Int32Array(flag);
  for (;;) {
    const seen = Atomics.compareExchange(state, 0, FREE, STOPPING);
    if (seen === FREE || seen === STOPPING) return true;
    if (seen === STOP_REQUESTED) return false;
    // RUNNING: request the stop, unless the run ended in between (then claim the free flag on the next turn).
    if (Atomics.compareExchange(state, 0, RUNNING, STOP_REQUESTED) === RUNNING) return false;
  }
}
