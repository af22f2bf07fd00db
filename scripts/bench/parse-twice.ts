// What the screening pipeline paid for parsing each record twice (once to profile it, once more to featurize its
// parent; it parses once since profileAndFeaturizeRecord): per molecule, on one thread, the parse + standardization
// alone, the profile, the featurization, the two parses against the one (alternating rounds), and the whole
// pipeline (screenChunk in chunks of 50, as a worker runs it) with and without models. Build and run:
//   npx esbuild scripts/bench/parse-twice.ts --bundle --platform=node --format=cjs --packages=external \
//     --tsconfig=tsconfig.json --outfile=dist/bench/parse-twice.js
//   node dist/bench/parse-twice.js examples/approved-drugs.csv [--rounds 5] [--models esol,bbbp,...] [--rows f.json]
//     [--pipeline-only]
// --rows writes the pipeline's rows (with the models) as JSON: run it before and after a change to the pipeline and
// compare the files byte for byte. --pipeline-only times the pipeline with the models alone (quicker, to alternate
// the builds before and after a change on a loaded machine).
// Each figure is the median of the rounds (each round over the whole library), so a burst of load on a shared
// machine moves one round, not the result.
import {
  featurizeRecord,
  loadRDKit,
  parseStructure,
  profileAndFeaturizeRecord,
  profileRecord,
  readRecords,
  standardizeToParent,
  type InputRecord,
} from '@hitscreen/chem';
import { loadModel, modelDir } from '@hitscreen/models';
import { DEFAULT_WEIGHTS, screenChunk } from '@hitscreen/screening';
import { writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';

const ALL_MODELS = ['esol', 'bbbp', 'tox21', 'clintox', 'lipophilicity', 'bace'];
const CHUNK = 50;
const LIMITS = { maxStructureLength: 20_000, maxHeavyAtoms: 500 };

function option(name: string): string | undefined {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

interface Cost {
  /** Wall-clock milliseconds per molecule. */
  wall: number;
  /** CPU milliseconds (user + system) per molecule: far less moved by other processes than the wall clock. */
  cpu: number;
}

/**
 * Median over `rounds` of the cost per molecule of `round` over the whole library, after `warmUp` (lazily built
 * tables and each ONNX session's first run are nobody's molecule's time).
 */
async function costPerMolecule(
  rounds: number,
  molecules: number,
  round: () => unknown,
  warmUp: () => unknown = round,
): Promise<Cost> {
  await warmUp();
  const wall: number[] = [];
  const cpu: number[] = [];
  for (let i = 0; i < rounds; i++) {
    const started = performance.now();
    const cpuStarted = process.cpuUsage();
    await round();
    const used = process.cpuUsage(cpuStarted);
    wall.push((performance.now() - started) / molecules);
    cpu.push((used.user + used.system) / 1000 / molecules);
  }
  return { wall: median(wall), cpu: median(cpu) };
}

/** Two ways to do the same work, measured in alternating rounds so that both see the same load. */
async function pairedCost(
  rounds: number,
  molecules: number,
  a: () => unknown,
  b: () => unknown,
): Promise<[Cost, Cost]> {
  const costs: [Cost[], Cost[]] = [[], []];
  for (let i = 0; i < rounds; i++) {
    costs[0].push(await costPerMolecule(1, molecules, a, () => undefined));
    costs[1].push(await costPerMolecule(1, molecules, b, () => undefined));
  }
  const medianCost = (c: Cost[]) => ({
    wall: median(c.map((x) => x.wall)),
    cpu: median(c.map((x) => x.cpu)),
  });
  return [medianCost(costs[0]), medianCost(costs[1])];
}

async function main(): Promise<void> {
  const file = process.argv[2];
  if (!file || file.startsWith('--'))
    throw new Error(
      'usage: parse-twice <library> [--rounds n] [--models a,b] [--rows rows.json] [--pipeline-only]',
    );
  const rounds = Number(option('--rounds') ?? 5);
  const names = (option('--models') ?? ALL_MODELS.join(',')).split(',').filter(Boolean);
  const rdkit = await loadRDKit();
  const records: InputRecord[] = [];
  for await (const r of readRecords(file)) records.push(r);
  const parseLimits = { maxHeavyAtoms: LIMITS.maxHeavyAtoms };
  const models = await Promise.all(names.map((n) => loadModel(modelDir(n), { intraOpNumThreads: 1 })));
  // The service's default weights (a term without its score is skipped), so rows carry a desirability.
  const options = { weights: DEFAULT_WEIGHTS, limits: LIMITS };
  const chunks: InputRecord[][] = [];
  for (let i = 0; i < records.length; i += CHUNK) chunks.push(records.slice(i, i + CHUNK));
  const n = records.length;
  const load = loadavg()[0];

  const pipeline = async (withModels: typeof models, inputs = chunks) => {
    for (const chunk of inputs) await screenChunk(chunk, withModels, options);
  };
  const line = (what: string, cost: Cost) =>
    console.log(
      `${what.padEnd(50)} ${cost.wall.toFixed(3)} ms/molecule (${(1000 / cost.wall).toFixed(1)} molecules/s), ` +
        `CPU ${cost.cpu.toFixed(3)} ms/molecule`,
    );
  console.log(
    `${n} records of ${file}, 1 thread, median of ${rounds} rounds, load average ${load.toFixed(2)} at the start`,
  );
  const withModels = `screenChunk, ${names.length} models (${names.join(',')})`;
  line(
    withModels,
    await costPerMolecule(
      rounds,
      n,
      () => pipeline(models),
      () => pipeline(models, chunks.slice(0, 1)),
    ),
  );
  if (!process.argv.includes('--pipeline-only')) {
    const parseAndStandardize = await costPerMolecule(rounds, n, () => {
      for (const r of records) {
        const parsed = parseStructure(rdkit, r.structure, parseLimits);
        if ('error' in parsed) continue;
        standardizeToParent(rdkit, parsed.mol).parent.delete();
        parsed.mol.delete();
      }
    });
    line('parse + standardize (what a second parse costs)', parseAndStandardize);
    line(
      'profileRecord',
      await costPerMolecule(rounds, n, () => records.map((r) => profileRecord(r, parseLimits))),
    );
    line(
      'featurizeRecord',
      await costPerMolecule(rounds, n, () => records.map((r) => featurizeRecord(r, parseLimits))),
    );
    // What the pipeline did before it parsed once, against what it does now, on the same records.
    const [twice, once] = await pairedCost(
      rounds,
      n,
      () => records.map((r) => [profileRecord(r, parseLimits), featurizeRecord(r, parseLimits)]),
      () => records.map((r) => profileAndFeaturizeRecord(r, parseLimits)),
    );
    line('profileRecord + featurizeRecord (two parses)', twice);
    line('profileAndFeaturizeRecord (one parse)', once);
    line('screenChunk, no model', await costPerMolecule(rounds, n, () => pipeline([])));
  }
  console.log(`load average ${loadavg()[0].toFixed(2)} at the end`);

  const rowsFile = option('--rows');
  if (rowsFile) {
    const rows = [];
    for (const chunk of chunks) rows.push(...(await screenChunk(chunk, models, options)));
    writeFileSync(rowsFile, `${JSON.stringify(rows, null, 1)}\n`);
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? (error.stack ?? error.message) : String(error));
  process.exit(1);
});
