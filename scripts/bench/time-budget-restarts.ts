// What a molecule over its time budget costs a screening worker: the thread it ran on is terminated and a fresh one
// loads RDKit and the models again. Runs the two-minute nanotorus alone N times through one pipeline thread with a
// 1 s molecule budget and prints each round's time and the process's RSS (does memory come back after each
// terminated thread?). Build the thread file and this script, then run:
//   node scripts/build.mjs --quiet && npx esbuild scripts/bench/time-budget-restarts.ts --bundle --platform=node \
//     --format=cjs --packages=external --tsconfig=tsconfig.json --outfile=dist/bench/time-budget-restarts.js
//   node dist/bench/time-budget-restarts.js [rounds, default 48] [--models esol,…]
import { join } from 'node:path';
import { PipelineRunner } from '@hitscreen/screening';
import { SLOW_NANOTORUS } from '@hitscreen/screening/testing';

async function main(): Promise<void> {
  const rounds = Number(process.argv[2] ?? 48);
  const i = process.argv.indexOf('--models');
  const models = (i >= 0 ? process.argv[i + 1] : 'esol,bbbp,tox21,clintox,lipophilicity,bace').split(',');
  const threadFile = join(__dirname, '../worker/screen-chunk.worker.js');
  const runner = new PipelineRunner(1, threadFile, { moleculeMs: 1000, batchMs: 1000 });
  const task = {
    models,
    options: { weights: {}, limits: { maxStructureLength: 20_000, maxHeavyAtoms: 150 } },
  };
  const rss = () => Math.round(process.memoryUsage().rss / 2 ** 20);
  try {
    await runner.run([{ record: 1, id: 'ethanol', structure: 'CCO', fields: {} }], task);
    console.log(`models ${models.join(',')}; after a first ordinary molecule: RSS ${rss()} MiB`);
    for (let round = 1; round <= rounds; round++) {
      const started = Date.now();
      const [row] = await runner.run(
        [{ record: 1, id: 'nanotorus', structure: SLOW_NANOTORUS, fields: {} }],
        task,
      );
      console.log(
        `round ${round}: ${row.status} (${row.error}) in ${Date.now() - started} ms, RSS ${rss()} MiB`,
      );
    }
  } finally {
    await runner.close();
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : String(error));
  process.exit(1);
});
