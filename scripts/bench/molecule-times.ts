// How long the screening pipeline spends on one molecule and on a batch of 50, on one thread with the given models:
// the figures behind the default time budgets (libs/screening/src/runtime/time-budget.ts). Build and run:
//   npx esbuild scripts/bench/molecule-times.ts --bundle --platform=node --format=cjs --packages=external \
//     --tsconfig=tsconfig.json --outfile=dist/bench/molecule-times.js
//   node dist/bench/molecule-times.js examples/approved-drugs.csv [--limit 300] [--models esol,bbbp,...]
//   node dist/bench/molecule-times.js --nanotorus 12x12 [--draw]   # the slow structure of the time-budget tests
// --draw also times drawing each parent as the API does (depictStructure, 300 × 200).
import { depictStructure, loadRDKit, readRecords, type InputRecord } from '@hitscreen/chem';
import { loadModel, modelDir } from '@hitscreen/models';
import { screenChunk } from '@hitscreen/screening';
import { nanotorusSmiles } from '@hitscreen/screening/testing';

const ALL_MODELS = ['esol', 'bbbp', 'tox21', 'clintox', 'lipophilicity', 'bace'];

function option(name: string): string | undefined {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

async function main(): Promise<void> {
  const nanotorus = option('--nanotorus');
  const draw = process.argv.includes('--draw');
  const file = process.argv[2];
  if (!nanotorus && (!file || file.startsWith('--')))
    throw new Error('usage: molecule-times <library> [--limit n] [--models a,b] [--draw] | --nanotorus WxH');
  const limit = Number(option('--limit') ?? 1000);
  const names = (option('--models') ?? ALL_MODELS.join(',')).split(',').filter(Boolean);
  await loadRDKit();
  const models = await Promise.all(names.map((n) => loadModel(modelDir(n), { intraOpNumThreads: 1 })));
  const options = { weights: {}, limits: { maxStructureLength: 20_000, maxHeavyAtoms: 150 } };
  const records: InputRecord[] = [];
  if (nanotorus) {
    const [width, height] = nanotorus.split('x').map(Number);
    records.push({
      record: 1,
      id: `nanotorus ${nanotorus}`,
      structure: nanotorusSmiles(width, height),
      fields: {},
    });
  } else
    for await (const r of readRecords(file)) {
      records.push(r);
      if (records.length >= limit) break;
    }
  // The first molecule pays for lazily built tables and each session's first run: not a molecule's own time.
  await screenChunk(
    [{ record: 0, id: 'warm-up', structure: 'CC(=O)Oc1ccccc1C(=O)O', fields: {} }],
    models,
    options,
  );

  const times: { ms: number; id: string; atoms: number }[] = [];
  let slowestDrawing = { ms: 0, id: '' };
  for (const r of records) {
    const started = performance.now();
    const [row] = await screenChunk([r], models, options);
    times.push({ ms: performance.now() - started, id: r.id, atoms: Number(row.properties.heavy_atoms ?? 0) });
    if (draw && row.parentSmiles) {
      const drawing = performance.now();
      await depictStructure(row.parentSmiles, { width: 300, height: 200 });
      const ms = performance.now() - drawing;
      if (ms > slowestDrawing.ms) slowestDrawing = { ms, id: r.id };
    }
  }
  const sorted = [...times].sort((a, b) => a.ms - b.ms);
  const at = (p: number) => sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))].ms.toFixed(0);
  const slowest = sorted[sorted.length - 1];
  console.log(
    `${nanotorus ? `nanotorus ${nanotorus}` : file}, models ${names.join(',')}: ${records.length} molecule(s) one at a time: ` +
      `median ${at(0.5)} ms, p99 ${at(0.99)} ms, max ${slowest.ms.toFixed(0)} ms (${slowest.id}, ${slowest.atoms} heavy atoms)`,
  );
  if (draw) console.log(`slowest drawing: ${slowestDrawing.ms.toFixed(0)} ms (${slowestDrawing.id})`);
  const batches: number[] = [];
  for (let i = 0; i + 50 <= records.length; i += 50) {
    const started = performance.now();
    await screenChunk(records.slice(i, i + 50), models, options);
    batches.push(performance.now() - started);
  }
  if (batches.length > 0) {
    batches.sort((a, b) => a - b);
    console.log(
      `batches of 50: ${batches.length}, median ${batches[Math.floor(batches.length / 2)].toFixed(0)} ms, ` +
        `max ${batches[batches.length - 1].toFixed(0)} ms`,
    );
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : String(error));
  process.exit(1);
});
