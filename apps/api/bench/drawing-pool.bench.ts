// What the API's drawing pool (apps/api/src/drawing) costs: the latency of drawing the 300 approved drugs
// (examples/approved-drugs.csv, 180 × 140 as the results table asks) one at a time on the calling thread and on a
// one-thread pool, and what a compound over the budget costs: the 10 × 10 nanotorus drawn under a 1 s budget (the
// thread is terminated), then the next ordinary drawing, which waits for the fresh thread (RDKit and the warm-up).
// Prints its lines for docs/BENCHMARKS.md. Run:
//   node scripts/build.mjs --quiet && node dist/bench/api-drawing.js
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { depictStructure, loadRDKit } from '@hitscreen/chem';
import { nanotorusSmiles } from '@hitscreen/screening/testing';
import { DrawingOverBudget, DrawingPool } from '../src/drawing/drawing-pool';

const ROOT = resolve(__dirname, '../..');
const SIZE = { width: 180, height: 140 };
const RESTARTS = Number(process.env.BENCH_RESTARTS ?? 5);

const quantile = (values: number[], q: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
};
const summary = (values: number[]) =>
  `p50 ${quantile(values, 0.5).toFixed(1)} ms, p95 ${quantile(values, 0.95).toFixed(1)} ms, max ${Math.max(...values).toFixed(1)} ms`;
const rssMiB = () => Math.round(process.memoryUsage().rss / 2 ** 20);

async function main(): Promise<void> {
  const smiles = readFileSync(join(ROOT, 'examples/approved-drugs.csv'), 'utf8')
    .trim()
    .split('\n')
    .slice(1)
    .map((line) => line.slice(line.indexOf(',') + 1));
  await loadRDKit();
  for (const s of smiles.slice(0, 20)) await depictStructure(s, SIZE); // warm-up, as the pool's thread does
  const inProcess: number[] = [];
  const expected: string[] = [];
  for (const s of smiles) {
    const t0 = performance.now();
    const drawn = await depictStructure(s, SIZE);
    inProcess.push(performance.now() - t0);
    expected.push('svg' in drawn ? drawn.svg : drawn.error);
  }

  const pool = new DrawingPool({
    threads: 1,
    timeBudgetMs: 1_000,
    threadFile: join(ROOT, 'dist/api/drawing.worker.js'),
  });
  for (const s of smiles.slice(0, 20)) await pool.draw(s, SIZE);
  const pooled: number[] = [];
  let same = 0;
  for (const [i, s] of smiles.entries()) {
    const t0 = performance.now();
    const drawn = await pool.draw(s, SIZE);
    pooled.push(performance.now() - t0);
    if (('svg' in drawn ? drawn.svg : drawn.error) === expected[i]) same++;
  }
  console.log(`| calling thread | ${smiles.length} | ${summary(inProcess)} |`);
  console.log(
    `| pool, 1 thread | ${smiles.length} | ${summary(pooled)} | (${same}/${smiles.length} identical)`,
  );

  const torus = nanotorusSmiles(10, 10);
  const rssBefore = rssMiB();
  for (let i = 0; i < RESTARTS; i++) {
    const t0 = performance.now();
    const outcome = await pool.draw(torus, SIZE).catch((error: unknown) => error);
    const refused = performance.now() - t0;
    if (!(outcome instanceof DrawingOverBudget))
      throw new Error(`the nanotorus was drawn within 1 s: ${String(outcome)}`);
    const t1 = performance.now();
    await pool.draw(smiles[0], SIZE);
    const next = performance.now() - t1;
    console.log(
      `terminated thread ${i + 1}: refused after ${refused.toFixed(0)} ms, next drawing ${next.toFixed(0)} ms (fresh thread), RSS ${rssMiB()} MiB`,
    );
  }
  console.log(`RSS before the terminations ${rssBefore} MiB; node ${process.version}`);
  await pool.onModuleDestroy();
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
