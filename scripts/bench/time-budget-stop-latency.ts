// How long after its deadline a batch over its time budget is stopped. The runner may terminate a pipeline thread
// only outside an ONNX run (model-run-guard); a batch scoring all six models runs each model's five members back to
// back, so a deadline that lands among them waits for a run to end. Runs a 50-molecule batch (or --molecules N)
// through one pipeline thread to time it (T), then again with batch budgets swept across T, and prints for each
// budget whether the batch was stopped, how long after its deadline and how much of that waited for a model run
// (the runner's own measures), or that it finished first (elapsed − budget, which counts a fresh thread's start-up
// when the warm-up molecule was itself stopped). A stopped batch is not re-run molecule by molecule here (the run is
// cancelled at the stop). Build the thread file and this
// script, then run:
//   node scripts/build.mjs --quiet && npx esbuild scripts/bench/time-budget-stop-latency.ts --bundle \
//     --platform=node --format=cjs --packages=external --tsconfig=tsconfig.json \
//     --outfile=dist/bench/time-budget-stop-latency.js
//   node dist/bench/time-budget-stop-latency.js [budgets, default 12] [--molecules 50] [--models esol,…]
//     [--thread-file F: another build of the thread file, e.g. a copy of the one before a change]
import { join } from 'node:path';
import type { InputRecord } from '@hitscreen/chem';
import { PipelineRunner } from '@hitscreen/screening';
import { testLibrary } from '@hitscreen/screening/testing';

/** `size` drug-like molecules of the test library (its valid rows, repeated). */
function batchOf(size: number): InputRecord[] {
  const valid = testLibrary().slice(0, 23);
  return Array.from({ length: size }, (_, i) => ({ ...valid[i % valid.length], record: i + 1 }));
}

async function main(): Promise<void> {
  const sweeps = Number(process.argv[2] ?? 12);
  const i = process.argv.indexOf('--models');
  const models = (i >= 0 ? process.argv[i + 1] : 'esol,bbbp,tox21,clintox,lipophilicity,bace').split(',');
  const t = process.argv.indexOf('--thread-file');
  const threadFile = t >= 0 ? process.argv[t + 1] : join(__dirname, '../worker/screen-chunk.worker.js');
  const task = {
    models,
    options: { weights: {}, limits: { maxStructureLength: 20_000, maxHeavyAtoms: 150 } },
  };
  const b = process.argv.indexOf('--molecules');
  const BATCH = b >= 0 ? Number(process.argv[b + 1]) : 50;
  const records = batchOf(BATCH);
  const warm = async (runner: PipelineRunner) => runner.run([records[0]], task);

  const timing = new PipelineRunner(1, threadFile, { moleculeMs: 60_000, batchMs: 60_000 });
  let batchMs = 0;
  try {
    await warm(timing);
    const runs: number[] = [];
    for (let round = 0; round < 3; round++) {
      const started = performance.now();
      await timing.run(records, task);
      runs.push(performance.now() - started);
    }
    batchMs = Math.min(...runs);
    console.log(
      `models ${models.join(',')}; a ${BATCH}-molecule batch: ${runs.map(Math.round).join(', ')} ms`,
    );
  } finally {
    await timing.close();
  }

  const latencies: number[] = [];
  const waits: number[] = [];
  for (let k = 1; k <= sweeps; k++) {
    const budgetMs = Math.max(1, Math.round((batchMs * k) / (sweeps + 1)));
    let stoppedAfter: number | undefined;
    let deferred = 0;
    let measuring = false;
    const cancel = new AbortController();
    const runner = new PipelineRunner(
      1,
      threadFile,
      { moleculeMs: budgetMs, batchMs: budgetMs },
      {
        threadStopped: (latencyMs, deferredMs) => {
          if (!measuring) return; // the warm-up molecule's own stop (a budget below one molecule's time)
          stoppedAfter = latencyMs;
          deferred = deferredMs;
          cancel.abort(); // no molecule-by-molecule re-run: only the stop is measured
        },
      },
    );
    try {
      await warm(runner);
      measuring = true;
      const started = performance.now();
      const outcome = await runner.run(records, task, cancel.signal).then(
        () => 'finished',
        () => 'stopped',
      );
      const elapsed = performance.now() - started;
      if (stoppedAfter !== undefined) {
        latencies.push(stoppedAfter);
        waits.push(deferred);
      }
      console.log(
        `budget ${budgetMs} ms (${Math.round((100 * k) / (sweeps + 1))}% of the batch): ` +
          (stoppedAfter !== undefined
            ? `stopped ${stoppedAfter.toFixed(1)} ms after its deadline (${deferred.toFixed(1)} ms waiting for a model run to end)`
            : `${outcome} ${Math.round(elapsed - budgetMs)} ms after its deadline, not stopped`),
      );
    } finally {
      await runner.close();
    }
  }
  const summary = (values: number[]) => {
    const sorted = [...values].sort((a, b) => a - b);
    const median = sorted[Math.floor(sorted.length / 2)] ?? NaN;
    return `median ${median.toFixed(1)} ms, max ${(sorted.at(-1) ?? NaN).toFixed(1)} ms`;
  };
  console.log(
    `${latencies.length} of ${sweeps} batches stopped; stop latency ${summary(latencies)}; ` +
      `of which waiting for a model run to end ${summary(waits)}`,
  );
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : String(error));
  process.exit(1);
});
