import initRDKitModule from '@rdkit/rdkit';
import type { MainModule, Mol } from '@rdkit/rdkit';

export type RDKitModule = MainModule;
export type { Mol };

let loading: Promise<RDKitModule> | undefined;
let loaded: RDKitModule | undefined;
/** Counts the instances this thread has loaded; caches of compiled queries are valid for one generation. */
let generation = 0;
/** Set when an RDKit call trapped: the instance's memory is then undefined and it must not be used again. */
let trapped = false;

/**
 * Loads the RDKit WebAssembly module once per thread (each worker thread has its own WASM instance;
 * the promise is cached in module scope, which is per-thread in Node). After a trap (see `describeRDKitFailure`)
 * the next call loads a fresh instance, so one poisonous structure costs its own row, not the thread's.
 */
export function loadRDKit(): Promise<RDKitModule> {
  if (trapped) {
    trapped = false;
    loading = undefined;
    loaded = undefined;
  }
  loading ??= initRDKitModule().then((rdkit) => {
    loaded = rdkit;
    generation += 1;
    return rdkit;
  });
  return loading;
}

/** The WebAssembly error classes (the global exists in Node; the project's `lib` setting has no DOM types). */
const WASM = (
  globalThis as unknown as {
    WebAssembly: { RuntimeError: new () => Error; Exception?: new (...args: never[]) => object };
  }
).WebAssembly;

/** Which RDKit instance is current: compiled query molecules of another generation belong to a dead instance. */
export function rdkitGeneration(): number {
  return generation;
}

/** True after a trap, until `loadRDKit()` has been awaited again. */
export function rdkitNeedsReload(): boolean {
  return trapped;
}

/**
 * A reason for a row from anything an RDKit call threw. Two kinds are not JavaScript errors:
 * - `WebAssembly.Exception`: a C++ exception RDKit raised (e.g. a molecule its algorithms refuse); the instance
 *   is fine, but the object carries no readable message.
 * - `WebAssembly.RuntimeError`: a trap (out-of-bounds memory, stack exhausted by deep recursion on very large
 *   molecules). The instance is corrupt from then on; it is marked for replacement by the next `loadRDKit()`.
 */
export function describeRDKitFailure(error: unknown): string {
  if (error instanceof WASM.RuntimeError) {
    trapped = true;
    return `RDKit crashed on this structure (WebAssembly trap: ${error.message}); its instance is replaced`;
  }
  if (WASM.Exception && error instanceof WASM.Exception)
    return 'RDKit raised an internal error on this structure';
  // Builds without WebAssembly exception support throw the C++ exception's address as a bare number.
  if (typeof error === 'number')
    return `RDKit raised an internal error on this structure (exception ${error})`;
  return error instanceof Error ? error.message : String(error);
}

/** The loaded module; throws when `loadRDKit()` has not resolved yet, a programming error. */
export function rdkit(): RDKitModule {
  if (!loaded) throw new Error('RDKit is not loaded: await loadRDKit() first');
  return loaded;
}

/**
 * Runs `use` with a WASM object and always frees it: RDKit objects live outside the JS heap,
 * and a forgotten `.delete()` grows memory without bound.
 */
export function using<T extends { delete(): void }, R>(handle: T, use: (handle: T) => R): R {
  try {
    return use(handle);
  } finally {
    handle.delete();
  }
}
