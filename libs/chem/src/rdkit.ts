import initRDKitModule from '@rdkit/rdkit';
import type { MainModule, Mol } from '@rdkit/rdkit';

export type RDKitModule = MainModule;
export type { Mol };

let loading: Promise<RDKitModule> | undefined;
let loaded: RDKitModule | undefined;

/**
 * Loads the RDKit WebAssembly module once per thread (each worker thread has its own WASM instance;
 * the promise is cached in module scope, which is per-thread in Node).
 */
export function loadRDKit(): Promise<RDKitModule> {
  loading ??= initRDKitModule().then((rdkit) => {
    loaded = rdkit;
    return rdkit;
  });
  return loading;
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
