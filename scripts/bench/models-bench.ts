// Benchmark of `predict`'s work: featurize (parse, standardize to the parent, graph + Morgan fingerprint) and score
// with every model and every ensemble member (plus the applicability domain), on a real screening library.
// Prints molecules/s for one thread and for the pool on 2 threads at ONNX batch sizes 64/256/1024, with the share
// of thread time spent featurizing vs in the models, and the multiply-accumulates per molecule that bound it.
// Writes the figures, with the machine and its load, to docs/BENCHMARKS.md ("models on the MUV library").
// Usage: npm run bench:models [-- <library>]   env: BENCH_MODELS_N (molecules per run, default 2048:
//        whole pool tasks of 1024 for both threads at batch 1024; a run takes about 5 minutes),
//        BENCH_MODELS_THREADS (pool threads, default 2), HITSCREEN_DATASETS
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { availableParallelism, cpus, loadavg, totalmem } from 'node:os';
import { join, resolve } from 'node:path';
import { featurizeRecord, loadRDKit, readRecords, type InputRecord } from '@hitscreen/chem';
import {
  listModels,
  loadModel,
  predictGraphs,
  readModelCard,
  releaseModels,
  ScoringPool,
} from '@hitscreen/models';

const datasets = resolve(process.env.HITSCREEN_DATASETS ?? join(__dirname, '../../../shared/datasets'));
const libraryPath = process.argv[2] ?? join(datasets, 'library_muv.csv.gz');
const count = Number(process.env.BENCH_MODELS_N ?? 2048);
const poolThreads = Number(process.env.BENCH_MODELS_THREADS ?? 2);
const batchSizes = [64, 256, 1024];

interface RunResult {
  label: string;
  threads: number;
  batchSize: number | '-';
  molecules: number;
  seconds: number;
  perSecond: number;
  featurizeShare: number;
  /** Molecules per second of one thread's time in the models (featurization excluded). */
  modelsPerThreadSecond: number;
  failed: number;
  load: string;
}

const load = () =>
  loadavg()
    .map((l) => l.toFixed(2))
    .join(' ');

async function firstRecords(n: number): Promise<InputRecord[]> {
  const records: InputRecord[] = [];
  for await (const record of readRecords(libraryPath)) {
    if (records.length >= n) break;
    records.push(record);
  }
  return records;
}

async function* stream(records: InputRecord[]): AsyncGenerator<InputRecord> {
  yield* records;
}

async function run(
  label: string,
  records: InputRecord[],
  modelDirs: string[],
  threads: number,
  batchSize: number | '-',
): Promise<RunResult> {
  const pool = new ScoringPool({
    modelDirs,
    threads,
    batchSize: batchSize === '-' ? undefined : batchSize,
    // a pool task holds at least one full ONNX batch
    recordsPerTask: batchSize === '-' ? 256 : Math.max(256, batchSize),
    workerFile: join(__dirname, 'score.worker.js'),
  });
  const loadBefore = load();
  await pool.warmUp(); // session creation is start-up cost, not throughput
  const before = pool.timing;
  let molecules = 0;
  let failed = 0;
  const started = process.hrtime.bigint();
  for await (const scored of pool.score(stream(records))) {
    molecules++;
    if (scored.error) failed++;
  }
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const after = pool.timing;
  await pool.close();
  await releaseModels(); // the in-process runs' sessions must not stay resident during the pool runs
  const featurizeMs = after.featurizeMs - before.featurizeMs;
  const scoreMs = after.scoreMs - before.scoreMs;
  const result: RunResult = {
    label,
    threads,
    batchSize,
    molecules,
    seconds,
    perSecond: molecules / seconds,
    featurizeShare: featurizeMs / (featurizeMs + scoreMs),
    modelsPerThreadSecond: modelDirs.length > 0 ? molecules / (scoreMs / 1000) : 0,
    failed,
    load: `${loadBefore} → ${load()}`,
  };
  console.log(JSON.stringify(result));
  return result;
}

/** Mean heavy atoms and directed edges per molecule (parents), from the first molecules of the library. */
async function graphSizes(records: InputRecord[]): Promise<{ atoms: number; edges: number }> {
  await loadRDKit();
  let atoms = 0;
  let edges = 0;
  let n = 0;
  for (const record of records.slice(0, 1000)) {
    const features = featurizeRecord(record);
    if (!features.graph) continue;
    atoms += features.graph.numAtoms;
    edges += features.graph.numEdges;
    n++;
  }
  return { atoms: atoms / n, edges: edges / n };
}

interface ModelStep {
  model: string;
  members: number;
  trainingFingerprints: number;
  inferenceMs: number;
  domainMs: number;
}

/** Where one thread's model time goes, per model: ONNX inference (all members, batch 64) vs the domain scan. */
async function modelSteps(records: InputRecord[], modelDirs: string[]): Promise<ModelStep[]> {
  await loadRDKit();
  const features = records.map((record) => featurizeRecord(record)).filter((f) => f.graph && f.fingerprint);
  const graphs = features.flatMap((f) => (f.graph ? [f.graph] : []));
  const steps: ModelStep[] = [];
  for (const dir of modelDirs) {
    const model = await loadModel(dir);
    await predictGraphs(model, graphs.slice(0, 64), { batchSize: 64 }); // first runs allocate
    let started = performance.now();
    await predictGraphs(model, graphs, { batchSize: 64 });
    const inferenceMs = (performance.now() - started) / graphs.length;
    started = performance.now();
    for (const f of features) if (f.fingerprint) model.domain.assess(f.fingerprint);
    const domainMs = (performance.now() - started) / features.length;
    steps.push({
      model: model.name,
      members: model.members.length,
      trainingFingerprints: model.domain.size,
      inferenceMs,
      domainMs,
    });
  }
  return steps;
}

/**
 * Multiply-accumulates of one D-MPNN member for one molecule (models/training/dmpnn.py): W_i on every directed
 * edge, W_h on every edge (depth − 1) times, W_o on every atom, the FFN once. Gathers and scatters are additions.
 */
function memberMacs(
  arch: Record<string, string | number>,
  tasks: number,
  atoms: number,
  edges: number,
): number {
  const h = Number(arch.hidden);
  const atomDim = Number(arch.atomDim);
  const bondDim = Number(arch.bondDim);
  const f = Number(arch.ffnHidden);
  const depth = Number(arch.depth);
  return (
    edges * (atomDim + bondDim) * h +
    (depth - 1) * edges * h * h +
    atoms * (atomDim + h) * h +
    h * f +
    f * tasks
  );
}

async function main(): Promise<void> {
  if (!existsSync(libraryPath))
    throw new Error(`library not found: ${libraryPath} (set HITSCREEN_DATASETS or pass a path)`);
  const models = listModels().filter((m) => !m.error);
  const modelDirs = models.map((m) => m.dir);
  const cards = modelDirs.map((dir) => readModelCard(dir));
  const members = cards.reduce((sum, c) => sum + c.ensemble.members.length, 0);
  const records = await firstRecords(count);
  const sizes = await graphSizes(records);
  const macs = cards.reduce(
    (sum, c) =>
      sum + c.ensemble.members.length * memberMacs(c.architecture, c.tasks.length, sizes.atoms, sizes.edges),
    0,
  );

  const results: RunResult[] = [];
  results.push(await run('featurize only, 1 thread', records, [], 1, '-'));
  results.push(await run(`featurize only, pool ${poolThreads} threads`, records, [], poolThreads, '-'));
  for (const batchSize of batchSizes)
    results.push(await run('1 thread (in-process)', records, modelDirs, 1, batchSize));
  for (const batchSize of batchSizes)
    results.push(await run(`pool, ${poolThreads} threads`, records, modelDirs, poolThreads, batchSize));

  const stepsLoad = load();
  const steps = await modelSteps(records.slice(0, 500), modelDirs);
  const total = (key: 'inferenceMs' | 'domainMs') => steps.reduce((sum, s) => sum + s[key], 0);
  const cpu = cpus()[0]?.model ?? 'unknown CPU';
  const mb = (bytes: number) => Math.round(bytes / 2 ** 20);
  const machine = `${cpu}, ${availableParallelism()} cores, ${mb(totalmem())} MiB RAM, Node ${process.version}`;
  const best = Math.max(
    ...results.filter((r) => r.batchSize !== '-' && r.threads === poolThreads).map((r) => r.perSecond),
  );
  const section = [
    '## models on the MUV library (`npm run bench:models`)',
    '',
    `Machine: ${machine}. Library: the first ${records.length.toLocaleString('en-US')} molecules of \`${libraryPath.replace(/.*shared\//, 'shared/')}\`. ` +
      `Models: ${models.map((m) => m.name).join(', ')}: ${members} ONNX members in all (every member runs on every molecule). ` +
      `Date: ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC. Sessions are created before timing (\`ScoringPool.warmUp\`).`,
    '',
    '| run | ONNX batch | molecules | seconds | molecules/s | featurization share of thread time | models alone, molecules per thread-second | failed | load average (1/5/15 min) before → after |',
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |',
    ...results.map(
      (r) =>
        `| ${r.label} | ${r.batchSize} | ${r.molecules.toLocaleString('en-US')} | ${r.seconds.toFixed(1)} | **${Math.round(r.perSecond)}** | ${Math.round(100 * r.featurizeShare)}% | ${r.modelsPerThreadSecond ? Math.round(r.modelsPerThreadSecond) : '-'} | ${r.failed} | ${r.load} |`,
    ),
    '',
    `Work per molecule (parents of the first 1,000 molecules: ${sizes.atoms.toFixed(1)} heavy atoms, ${sizes.edges.toFixed(1)} directed edges on average): ` +
      `${(macs / 1e6).toFixed(0)} million multiply-accumulates for all ${members} members ` +
      `(${(macs / members / 1e6).toFixed(1)} M per hidden-300 member). At the best pool rate (${Math.round(best)} molecules/s) that is ` +
      `${((best * macs * 2) / 1e9).toFixed(0)} GFLOP/s sustained; the 1,000 molecules/s aim needs ${((1000 * macs * 2) / 1e9).toFixed(0)} GFLOP/s on ${poolThreads} cores for the models alone.`,
    '',
    `Where one thread's model time goes (ms per molecule, first 500 molecules, one thread, ONNX batch 64; load before: ${stepsLoad}):`,
    '',
    '| model | members | inference (all members) | applicability domain (max Tanimoto scan) | training fingerprints |',
    '| --- | ---: | ---: | ---: | ---: |',
    ...steps.map(
      (s) =>
        `| ${s.model} | ${s.members} | ${s.inferenceMs.toFixed(2)} | ${s.domainMs.toFixed(2)} | ${s.trainingFingerprints.toLocaleString('en-US')} |`,
    ),
    `| all | ${members} | ${total('inferenceMs').toFixed(1)} | ${total('domainMs').toFixed(1)} | |`,
    '',
  ].join('\n');

  mkdirSync(join(__dirname, '../../docs'), { recursive: true });
  const docPath = join(__dirname, '../../docs/BENCHMARKS.md');
  const previous = existsSync(docPath) ? readFileSync(docPath, 'utf8') : '# Benchmarks\n\n';
  // Between markers, so the sections other benchmarks write around it are never touched.
  const start = '<!-- models-bench:start -->';
  const end = '<!-- models-bench:end -->';
  const block = `${start}\n${section}\n${end}`;
  const updated = previous.includes(start)
    ? previous.slice(0, previous.indexOf(start)) + block + previous.slice(previous.indexOf(end) + end.length)
    : `${previous.trimEnd()}\n\n${block}\n`;
  writeFileSync(docPath, updated);
  console.log(section);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
