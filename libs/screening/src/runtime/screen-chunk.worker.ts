// Worker-thread entry of the screening pipeline: each thread owns one RDKit instance and one ONNX session per
// model version (intra-op threads = 1: the parallelism is the threads themselves), loaded on the first batch that
// needs it and reused; at most MAX_VERSIONS_PER_MODEL versions of a model stay loaded.
import type { MessagePort } from 'node:worker_threads';
import { loadRDKit, type InputRecord } from '@hitscreen/chem';
import {
  acquireModelVersion,
  guardModelRuns,
  loadModel,
  modelDir,
  type Lease,
  type LoadedModel,
  type ModelVersionSource,
} from '@hitscreen/models';
import { screenChunk, type ScreenChunkOptions, type ScreenedRow } from '../pipeline';

export interface ScreenBatchTask {
  records: InputRecord[];
  /**
   * The exact versions the screen recorded: registered ones with their directory and files (checked against
   * their SHA-256 before the first use on this thread), others from `models/<name>/`. A bare name (benches,
   * tests) is whatever version `models/<name>/` holds.
   */
  models: (ModelVersionSource | string)[];
  options: ScreenChunkOptions;
  /**
   * Told once this thread is ready (RDKit and the models loaded and warmed up), just before the molecules are
   * computed: the runner's time budget starts then, so a fresh thread's start-up is not charged to a molecule.
   */
  computing?: MessagePort;
  /**
   * Shared with the runner that may terminate this thread at a time budget: ONNX runs hold it, so the thread is
   * never terminated in the middle of one (that aborts the process; see @hitscreen/models model-run-guard).
   */
  modelRunFlag?: SharedArrayBuffer;
}

/** The models of a batch, held until `release()`: a version evicted meanwhile is not released under the batch. */
async function acquireModels(
  sources: readonly (ModelVersionSource | string)[],
): Promise<{ models: LoadedModel[]; release(): void }> {
  const options = { intraOpNumThreads: 1 };
  const settled = await Promise.allSettled(
    sources.map(async (source): Promise<Lease<LoadedModel>> => {
      if (typeof source !== 'string') return acquireModelVersion(source, options);
      return { value: await loadModel(modelDir(source), options), release: () => undefined };
    }),
  );
  const leases = settled.flatMap((s) => (s.status === 'fulfilled' ? [s.value] : []));
  const release = () => leases.forEach((lease) => lease.release());
  const failed = settled.find((s): s is PromiseRejectedResult => s.status === 'rejected');
  if (failed) {
    release();
    throw failed.reason;
  }
  return { models: leases.map((l) => l.value), release };
}

/** Model sets this thread has already run once. */
const warmedUp = new Set<string>();
const WARM_UP: InputRecord = { record: 0, id: 'warm-up', structure: 'CC(=O)Oc1ccccc1C(=O)O', fields: {} };

/**
 * Runs one small molecule through the whole pipeline once per thread and model set: the first molecule pays for
 * the chemistry's lazily built tables (alert catalogues, QED) and each ONNX session's first run, about 1-2 s,
 * which must not count against the first real molecule's time budget.
 */
async function warmUp(models: readonly LoadedModel[], task: ScreenBatchTask): Promise<void> {
  const key = JSON.stringify(task.models.map((m) => (typeof m === 'string' ? m : [m.name, m.version])));
  if (warmedUp.has(key)) return;
  await screenChunk([WARM_UP], models, task.options);
  warmedUp.add(key);
}

export async function screenBatch(task: ScreenBatchTask): Promise<ScreenedRow[]> {
  guardModelRuns(task.modelRunFlag);
  const [{ models, release }] = await Promise.all([acquireModels(task.models), loadRDKit()]);
  try {
    if (task.computing) await warmUp(models, task);
    task.computing?.postMessage('computing');
    return await screenChunk(task.records, models, task.options);
  } finally {
    release();
  }
}
