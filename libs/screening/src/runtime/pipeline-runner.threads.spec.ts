import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import type { InputRecord } from '@hitscreen/chem';
import { testLibrary } from '../testing/library';
import { SLOW_NANOTORUS as NANOTORUS } from '../testing/slow-structures';
import { PipelineRunner } from './pipeline-runner';
import { screenBatch } from './screen-chunk.worker';
import { DEFAULT_MOLECULE_TIME_BUDGET_MS, resolveTimeBudgets } from './time-budget';

// The time budgets need real worker threads (a thread can only be stopped from outside), which run the esbuild
// bundle of the thread file, as the screening worker process does.
const ROOT = join(__dirname, '../../../..');
const THREAD_FILE = join(ROOT, 'dist/worker/screen-chunk.worker.js');

const options = { weights: {}, limits: { maxStructureLength: 20_000, maxHeavyAtoms: 150 } };
const task = { models: ['esol'], options };

describe('PipelineRunner on worker threads: time budgets', () => {
  beforeAll(() => {
    const build = spawnSync(process.execPath, ['scripts/build.mjs', '--quiet'], {
      cwd: ROOT,
      encoding: 'utf8',
    });
    if (build.status !== 0) throw new Error(`build failed: ${build.stderr}`);
  });

  it('a molecule that runs for minutes fails alone, within the budgets; its neighbours are scored as in process', async () => {
    const library = testLibrary().slice(0, 8);
    const records: InputRecord[] = [
      ...library.slice(0, 4),
      { record: 5, id: 'nanotorus', structure: NANOTORUS, fields: {} },
      ...library.slice(4).map((r, i) => ({ ...r, record: 6 + i })),
    ];
    const runner = new PipelineRunner(1, THREAD_FILE, { moleculeMs: 2_000, batchMs: 4_000 });
    try {
      const started = Date.now();
      const rows = await runner.run(records, task);
      const took = Date.now() - started;
      console.log(`a ${records.length}-molecule batch with a two-minute molecule: ${took} ms`);

      expect(rows.map((r) => r.row)).toEqual(records.map((r) => r.record));
      expect(rows[4]).toMatchObject({
        id: 'nanotorus',
        status: 'failed',
        error: 'exceeded the per-molecule time budget of 2000 ms',
        predictions: [],
      });
      // The other molecules, including those after the poison (a fresh thread), as the calling thread computes them.
      const expected = await screenBatch({ ...task, records: records.filter((r) => r.id !== 'nanotorus') });
      expect(rows.filter((r) => r.id !== 'nanotorus')).toEqual(expected);
      expect(expected.every((r) => r.status === 'ok')).toBe(true);
      expect(runner.budgetStats).toEqual({ batchesOverBudget: 1, moleculesOverBudget: 1 });
      // The batch budget (4 s), the poison's 2 s and two fresh threads' start-ups (RDKit, the model, a warm-up
      // molecule: seconds each on a loaded machine): 18-31 s measured, bounded, unlike the molecule's two minutes.
      expect(took).toBeLessThan(90_000);

      // A batch of one (a chunk's last molecule) is run straight under the molecule budget.
      const [alone] = await runner.run([{ record: 51, id: 'alone', structure: NANOTORUS, fields: {} }], task);
      expect(alone).toMatchObject({
        row: 51,
        status: 'failed',
        error: 'exceeded the per-molecule time budget of 2000 ms',
      });
      expect(runner.budgetStats).toEqual({ batchesOverBudget: 1, moleculesOverBudget: 2 });
    } finally {
      await runner.close();
    }
  }, 180_000);

  it('budgets that expire while the models run never take the process down: the thread is stopped between ONNX runs', async () => {
    // Terminating a thread inside session.run aborts the whole process (onnxruntime-node calls back into the dead
    // thread: "terminate called after throwing Napi::Error"). One small molecule through all six models spends
    // most of its time in their 30 ONNX sessions, so budgets swept across its run time land inside a run; before
    // the model-run guard this sweep aborted the test process at 80 ms.
    const allModels = { ...task, models: ['bace', 'bbbp', 'clintox', 'esol', 'lipophilicity', 'tox21'] };
    const record = { ...testLibrary()[3], record: 1 };
    const [expected] = await screenBatch({ ...allModels, records: [record] });
    const latencies: number[] = [];
    const deferred: number[] = [];
    for (const budgetMs of [50, 80, 120, 180, 270]) {
      const runner = new PipelineRunner(
        1,
        THREAD_FILE,
        { moleculeMs: budgetMs, batchMs: budgetMs },
        {
          threadStopped: (ms, deferredMs) => {
            latencies.push(ms);
            deferred.push(deferredMs);
          },
        },
      );
      try {
        const [row] = await runner.run([record], allModels);
        // Computed as in process (a stop deferred past the last run lets it finish), or failed with the reason.
        if (row.status === 'failed')
          expect(row.error).toBe(`exceeded the per-molecule time budget of ${budgetMs} ms`);
        else expect(row).toEqual(expected);
      } finally {
        await runner.close();
      }
    }
    console.log(
      `six models, one molecule: stops ${latencies.map((ms) => ms.toFixed(1)).join(', ')} ms late, of which ` +
        `${deferred.map((ms) => ms.toFixed(1)).join(', ')} ms waiting for a model run to end`,
    );
    // Each stop came at the end of the ONNX run in progress (one run: milliseconds), not after the molecule's
    // remaining runs; the bound leaves room for a timer that fires late on a loaded machine.
    for (const ms of latencies) expect(ms).toBeLessThan(1_000);
  }, 240_000);

  it('a 50-molecule batch over its budget while all six models run is stopped at the end of the run in progress', async () => {
    // The models run back to back over the batch (6 models × 5 members × 2 ONNX batches); before the stop could be
    // asked for, the runner had to catch the flag free between two runs and waited up to a model's runs.
    const allModels = { ...task, models: ['bace', 'bbbp', 'clintox', 'esol', 'lipophilicity', 'tox21'] };
    const valid = testLibrary().slice(0, 23);
    const records = Array.from({ length: 50 }, (_, i) => ({ ...valid[i % valid.length], record: i + 1 }));
    const timing = new PipelineRunner(1, THREAD_FILE, { moleculeMs: 60_000, batchMs: 60_000 });
    let batchMs: number;
    try {
      await timing.run(records.slice(0, 1), allModels); // the thread's start-up
      const started = performance.now();
      await timing.run(records, allModels);
      batchMs = performance.now() - started;
    } finally {
      await timing.close();
    }
    const latencies: number[] = [];
    for (const share of [0.6, 0.85]) {
      const budgetMs = Math.round(batchMs * share);
      const cancel = new AbortController();
      const runner = new PipelineRunner(
        1,
        THREAD_FILE,
        { moleculeMs: budgetMs, batchMs: budgetMs },
        {
          threadStopped: (ms) => {
            latencies.push(ms);
            cancel.abort(); // the stop is what is measured, not the molecule-by-molecule re-run
          },
        },
      );
      try {
        await runner.run(records, allModels, cancel.signal).catch(() => undefined);
      } finally {
        await runner.close();
      }
    }
    console.log(
      `50 molecules, six models, ${Math.round(batchMs)} ms a batch: stopped ` +
        `${latencies.map((ms) => ms.toFixed(1)).join(', ')} ms after the deadline`,
    );
    // Budgets within the batch's time: stopped (unless that run was much faster than the timed one), each at the
    // end of one run: milliseconds, where the bound leaves room for a timer that fires late on a loaded machine.
    expect(latencies.length).toBeGreaterThanOrEqual(1);
    for (const ms of latencies) expect(ms).toBeLessThan(1_000);
  }, 180_000);

  it('ordinary batches stay within the default budgets: nothing is re-run', async () => {
    const runner = new PipelineRunner(2, THREAD_FILE);
    try {
      const records = Array.from({ length: 3 }, (_, round) =>
        testLibrary().map((r) => ({ ...r, record: r.record + round * 100, id: `${r.id}-${round}` })),
      ).flat();
      const rows = await runner.run(records, task);
      expect(rows.map((r) => r.row)).toEqual(records.map((r) => r.record));
      expect(runner.budgetStats).toEqual({ batchesOverBudget: 0, moleculesOverBudget: 0 });
      expect(rows.filter((r) => r.status === 'ok').length).toBeGreaterThan(60);
    } finally {
      await runner.close();
    }
  });
});

describe('resolveTimeBudgets', () => {
  it('defaults: a few seconds a molecule, max(10 s, 4 × that) a batch', () => {
    expect(resolveTimeBudgets()).toEqual({ moleculeMs: DEFAULT_MOLECULE_TIME_BUDGET_MS, batchMs: 20_000 });
    expect(resolveTimeBudgets({ moleculeMs: 1000 })).toEqual({ moleculeMs: 1000, batchMs: 10_000 });
  });

  it('refuses a budget that is not a positive integer, or a batch budget below the molecule budget', () => {
    expect(() => resolveTimeBudgets({ moleculeMs: 0 })).toThrow(/moleculeMs must be a positive integer/);
    expect(() => resolveTimeBudgets({ moleculeMs: 5000, batchMs: 1000 })).toThrow(
      'the batch time budget (1000 ms) is below the molecule time budget (5000 ms)',
    );
  });
});
