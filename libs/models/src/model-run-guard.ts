/**
 * Keeps a worker thread from being terminated in the middle of an ONNX run.
 *
 * onnxruntime-node finishes `session.run` on a native thread and then calls back into the JS thread that started
 * it. Terminating that JS thread in between aborts the whole process ("terminate called after throwing an
 * instance of 'Napi::Error'", reproduced with the screening pool's time budgets at 300 ms). A thread that may be
 * stopped from outside therefore marks every run in a flag it shares with the side that stops it:
 *
 * - the thread claims the flag (FREE → RUNNING) before a run and frees it after;
 * - the stopping side may terminate only after it has claimed the flag itself (FREE → STOPPING); while a run holds
 *   it, the stopping side retries a few milliseconds later (a run is bounded: molecules are capped in atoms);
 * - a thread that finds the flag STOPPING starts no run: it waits there until it is terminated.
 *
 * Without a flag (the calling thread, the CLI) runs go straight through.
 */
const FREE = 0;
const RUNNING = 1;
const STOPPING = 2;

let guard: Int32Array | undefined;

/** The flag a thread task shares with its owner: one Int32 in shared memory. */
export function createModelRunFlag(): SharedArrayBuffer {
  return new SharedArrayBuffer(Int32Array.BYTES_PER_ELEMENT);
}

/** Called by the thread at the start of each task with the task's flag (or undefined: no guard). */
export function guardModelRuns(flag: SharedArrayBuffer | undefined): void {
  guard = flag ? new Int32Array(flag) : undefined;
}

/** Runs `run` (one ONNX session run) while holding the flag. */
export async function withinModelRun<T>(run: () => Promise<T>): Promise<T> {
  const flag = guard;
  if (!flag) return run();
  // Being stopped: block here (no run starts) until the owner terminates the thread.
  while (Atomics.compareExchange(flag, 0, FREE, RUNNING) !== FREE) Atomics.wait(flag, 0, STOPPING);
  try {
    return await run();
  } finally {
    Atomics.store(flag, 0, FREE);
  }
}

/**
 * The owner's side: true when the flag is now STOPPING (the thread holds no run and will start none, so it may be
 * terminated); false while a run holds it (try again shortly).
 */
export function claimForStop(flag: SharedArrayBuffer): boolean {
  const state = Atomics.compareExchange(new Int32Array(flag), 0, FREE, STOPPING);
  return state === FREE || state === STOPPING;
}
