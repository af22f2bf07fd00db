// Benchmark of the `props` work (parse, standardize, descriptors, QED, rules, PAINS + Brenk alerts) on a real
// screening library. Prints molecules/s for one thread and for the pool on every core, RSS at 10k and 100k
// molecules and peak RSS, and, where Debian's python3-rdkit exists, the same work in RDKit's C++ core.
// Writes the figures, with the machine, to docs/BENCHMARKS.md.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { availableParallelism, cpus, totalmem } from 'node:os';
import { join, resolve } from 'node:path';
import {
  RecordPool,
  findStructuralAlerts,
  loadRDKit,
  molecularDescriptors,
  parseStructure,
  qed,
  rdkitDescriptors,
  readRecords,
  standardizeToParent,
  type InputRecord,
} from '@hitscreen/chem';

const datasets = resolve(process.env.HITSCREEN_DATASETS ?? join(__dirname, '../../../shared/datasets'));
const libraryPath = process.argv[2] ?? join(datasets, 'library_muv.csv.gz');
const singleThreadCount = Number(process.env.BENCH_SINGLE ?? 5000);
const poolCount = Number(process.env.BENCH_POOL ?? 100_000);

interface RunResult {
  label: string;
  threads: number;
  molecules: number;
  seconds: number;
  perSecond: number;
  failed: number;
  rssAt: Record<number, number>;
}

/** The library repeated until `count` records: 100k from a 93k library. Record numbers keep counting. */
async function* cycled(count: number): AsyncGenerator<InputRecord> {
  let n = 0;
  while (n < count) {
    for await (const record of readRecords(libraryPath)) {
      if (n >= count) return;
      n++;
      yield { ...record, record: n };
    }
  }
}

const mb = (bytes: number) => Math.round(bytes / 2 ** 20);

async function run(label: string, threads: number, count: number): Promise<RunResult> {
  const pool = new RecordPool({ threads, workerFile: join(__dirname, 'profile.worker.js') });
  const rssAt: Record<number, number> = {};
  const checkpoints = new Set([1_000, 10_000, 50_000, 100_000]);
  let molecules = 0;
  let failed = 0;
  const started = process.hrtime.bigint();
  for await (const profile of pool.profile(cycled(count))) {
    molecules++;
    if (profile.error) failed++;
    if (checkpoints.has(molecules)) rssAt[molecules] = mb(process.memoryUsage().rss);
  }
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  await pool.close();
  const result = { label, threads, molecules, seconds, perSecond: molecules / seconds, failed, rssAt };
  console.log(JSON.stringify(result));
  return result;
}

type Step = 'parse' | 'standardize (parent, SMILES, InChIKey)' | 'get_descriptors' | 'pattern fingerprint' | 'QED' | 'PAINS + Brenk alerts';

/** Where one thread's time goes: each step of profileRecord timed separately on the same molecules. */
async function stepProfile(count: number): Promise<Record<Step, number>> {
  const rdkit = await loadRDKit();
  const totals: Record<Step, bigint> = {
    parse: 0n, 'standardize (parent, SMILES, InChIKey)': 0n, get_descriptors: 0n, 'pattern fingerprint': 0n, QED: 0n, 'PAINS + Brenk alerts': 0n,
  };
  const timed = <T>(step: Step, work: () => T): T => {
    const started = process.hrtime.bigint();
    const result = work();
    totals[step] += process.hrtime.bigint() - started;
    return result;
  };
  let n = 0;
  for await (const record of cycled(count)) {
    const parsed = timed('parse', () => parseStructure(rdkit, record.structure));
    if ('error' in parsed) continue;
    const mol = parsed.mol;
    timed('standardize (parent, SMILES, InChIKey)', () => standardizeToParent(rdkit, mol).parent.delete());
    const raw = timed('get_descriptors', () => rdkitDescriptors(mol));
    molecularDescriptors(mol, raw);
    const fp = timed('pattern fingerprint', () => mol.get_pattern_fp_as_uint8array() as Uint8Array);
    timed('QED', () => qed(mol, raw, fp));
    timed('PAINS + Brenk alerts', () => findStructuralAlerts(mol, fp));
    mol.delete();
    n++;
  }
  return Object.fromEntries(Object.entries(totals).map(([step, ns]) => [step, Number(ns) / 1e6 / n])) as Record<Step, number>;
}

function rdkitCoreBaseline(count: number): { perSecond: number; version: string } | undefined {
  const python = '/usr/bin/python3';
  if (!existsSync(python)) return undefined;
  const probe = spawnSync(python, ['-c', 'import rdkit; print(rdkit.__version__)'], { encoding: 'utf8' });
  if (probe.status !== 0) return undefined;
  const out = execFileSync(
    python,
    [join(__dirname, '../../scripts/bench/rdkit_core_props.py'), libraryPath, String(count)],
    {
      encoding: 'utf8',
      maxBuffer: 1 << 26,
    },
  );
  const parsed = JSON.parse(out.trim().split('\n').pop() ?? '{}') as { perSecond: number };
  return { perSecond: parsed.perSecond, version: probe.stdout.trim() };
}

async function main(): Promise<void> {
  if (!existsSync(libraryPath)) {
    throw new Error(`library not found: ${libraryPath} (set HITSCREEN_DATASETS or pass a path)`);
  }
  const single = await run('1 thread (in-process)', 1, singleThreadCount);
  const pooled = await run(`pool, ${availableParallelism()} threads`, availableParallelism(), poolCount);
  const steps = await stepProfile(Math.min(singleThreadCount, 3000));
  const baseline = rdkitCoreBaseline(Math.min(singleThreadCount, 2000));
  const peak = mb(process.resourceUsage().maxRSS * 1024);
  const cpu = cpus()[0]?.model ?? 'unknown CPU';
  const machine = `${cpu}, ${availableParallelism()} cores, ${mb(totalmem())} MiB RAM, Node ${process.version}`;

  const rows = [single, pooled].map(
    (r) =>
      `| ${r.label} | ${r.molecules.toLocaleString('en-US')} | ${r.seconds.toFixed(1)} | **${Math.round(r.perSecond)}** | ${r.failed} | ${Object.entries(
        r.rssAt,
      )
        .map(([n, v]) => `${Number(n) / 1000}k: ${v}`)
        .join(', ')} |`,
  );
  const baselineLine = baseline
    ? `RDKit C++ core (Debian python3-rdkit ${baseline.version}, one core, FilterCatalog PAINS+Brenk, QED, descriptors, standardizer) on the same molecules: **${Math.round(baseline.perSecond)}/s**. Ratio pool/C++ = ${(pooled.perSecond / baseline.perSecond).toFixed(1)}×, one thread/C++ = ${(single.perSecond / baseline.perSecond).toFixed(1)}×.`
    : 'RDKit C++ baseline: not run (Debian python3-rdkit is not installed on this machine).';
  const section = [
    '## props on the MUV library (`npm run bench:chem`)',
    '',
    `Machine: ${machine}. Library: \`${libraryPath.replace(/.*shared\//, 'shared/')}\` (93,087 PubChem screening compounds; cycled to reach 100k). Date: ${new Date().toISOString().slice(0, 10)}.`,
    '',
    '| run | molecules | seconds | molecules/s | failed records | RSS (MiB) at n molecules |',
    '| --- | ---: | ---: | ---: | ---: | --- |',
    ...rows,
    '',
    `Peak RSS of the benchmark process (all threads): ${peak} MiB.`,
    '',
    baselineLine,
    '',
    'Where one thread\'s time goes (ms per molecule, each step of `profileRecord` timed alone, first 3,000 molecules):',
    '',
    '| step | ms/molecule | share |',
    '| --- | ---: | ---: |',
    ...Object.entries(steps).map(
      ([step, ms]) => `| ${step} | ${ms.toFixed(3)} | ${Math.round((100 * ms) / Object.values(steps).reduce((a, b) => a + b, 0))}% |`,
    ),
    '',
  ].join('\n');

  mkdirSync(join(__dirname, '../../docs'), { recursive: true });
  const docPath = join(__dirname, '../../docs/BENCHMARKS.md');
  const previous = existsSync(docPath) ? readFileSync(docPath, 'utf8') : '# Benchmarks\n\n';
  const marker = /## props on the MUV library[\s\S]*?(?=\n## |$)/;
  const updated = marker.test(previous)
    ? previous.replace(marker, section)
    : `${previous.trimEnd()}\n\n${section}`;
  writeFileSync(docPath, updated);
  console.log(section);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
