// Benchmark of the trial module (`npm run bench:trial`): a seeded synthetic population (default 100k patients,
// about 4.4 million FHIR resources, one Bundle per NDJSON line) is written once to the temp folder, then
// (1) ingested only: NDJSON read, JSON parsed, resources mapped, ids pseudonymized;
// (2) ingested and evaluated against the 10-criterion example trial, with cohorts, forecast and ranking.
// Prints patients/s for both, the evaluation rate by difference, and peak RSS, as a Markdown table for
// docs/BENCHMARKS.md. The machine is shared: the load average is printed with the figures.
import { existsSync, readFileSync, statSync } from 'node:fs';
import { availableParallelism, cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { join, resolve } from 'node:path';
import {
  Pseudonymizer,
  parseTrial,
  rankTrial,
  rankTrialParallel,
  readPatients,
  writeSyntheticPatients,
} from '@hitscreen/trial';

const ROOT = resolve(__dirname, '../..');
const count = Number(process.env.BENCH_PATIENTS ?? 100_000);
const seed = Number(process.env.BENCH_SEED ?? 1);
const trialFile = process.env.BENCH_TRIAL ?? join(ROOT, 'examples/trial/t2d-001.json');
const populationFile = join(tmpdir(), `hitscreen-trial-bench-${count}-${seed}.ndjson`);
const pseudonymizer = new Pseudonymizer('bench-key-not-a-secret-0123456789');

async function main(): Promise<void> {
  if (!existsSync(populationFile)) {
    const started = Date.now();
    const written = await writeSyntheticPatients(populationFile, { count, seed });
    console.error(
      `generated ${written.patients} patients, ${written.resources} resources in ${((Date.now() - started) / 1000).toFixed(1)} s`,
    );
  }
  const bytes = statSync(populationFile).size;
  const trial = parseTrial(readFileSync(trialFile, 'utf8'), trialFile);
  const criteria = trial.inclusion.length + trial.exclusion.length;

  let issues = 0;
  let resources = 0;
  const ingestStart = process.hrtime.bigint();
  const ingestCpuStart = process.cpuUsage();
  let ingested = 0;
  for await (const p of readPatients(populationFile, { pseudonymizer, onIssue: () => issues++ })) {
    ingested++;
    resources += 1 + p.conditions.length + p.observations.length + p.medications.length;
  }
  const ingestSeconds = Number(process.hrtime.bigint() - ingestStart) / 1e9;
  const ingestCpu = cpuSeconds(process.cpuUsage(ingestCpuStart));

  const rankStart = process.hrtime.bigint();
  const rankCpuStart = process.cpuUsage();
  const ranking = await rankTrial(
    trial,
    readPatients(populationFile, { pseudonymizer, onIssue: () => undefined }),
  );
  const rankSeconds = Number(process.hrtime.bigint() - rankStart) / 1e9;
  const rankCpu = cpuSeconds(process.cpuUsage(rankCpuStart));
  const evaluateCpu = rankCpu - ingestCpu;

  const threads = Number(process.env.BENCH_THREADS ?? availableParallelism());
  const parallelStart = process.hrtime.bigint();
  const parallelCpuStart = process.cpuUsage();
  const parallel = await rankTrialParallel(trial, populationFile, {
    threads,
    pseudonymKey: 'bench-key-not-a-secret-0123456789',
    workerFile: join(__dirname, 'trial-rank.worker.js'),
  });
  const parallelSeconds = Number(process.hrtime.bigint() - parallelStart) / 1e9;
  const parallelCpu = cpuSeconds(process.cpuUsage(parallelCpuStart));
  const same = JSON.stringify(parallel.ranking) === JSON.stringify(ranking);
  const peakMiB = Math.round(process.resourceUsage().maxRSS / 1024);

  const cpu = cpus()[0]?.model ?? 'unknown CPU';
  const f = (x: number) => Math.round(x).toLocaleString('en-US');
  console.log(`## Trial module: ingest and evaluation (\`npm run bench:trial\`)

Machine: ${cpu}, ${availableParallelism()} cores, ${Math.round(totalmem() / 2 ** 20)} MiB RAM, Node ${process.version}; load average at the end ${loadavg()
    .map((l) => l.toFixed(1))
    .join(
      ' / ',
    )} (shared machine). Population: ${f(count)} generated patients (seed ${seed}), ${(bytes / 2 ** 30).toFixed(2)} GiB of NDJSON (one Bundle per line), ${f(resources)} clinical facts read; ${issues} skipped. Trial: \`${trialFile.replace(ROOT + '/', '')}\` (${criteria} criteria, ${trial.sites.length} sites).

| step | patients | wall s | CPU s | patients/s (wall) | patients/s (CPU) |
| --- | ---: | ---: | ---: | ---: | ---: |
| ingest only (read, parse, map, pseudonymize) | ${f(ingested)} | ${ingestSeconds.toFixed(1)} | ${ingestCpu.toFixed(1)} | ${f(ingested / ingestSeconds)} | **${f(ingested / ingestCpu)}** |
| ingest + evaluate + cohorts + forecast + rank | ${f(ingested)} | ${rankSeconds.toFixed(1)} | ${rankCpu.toFixed(1)} | ${f(ingested / rankSeconds)} | **${f(ingested / rankCpu)}** |
| evaluation and the rest alone (CPU difference) | ${f(ingested)} | | ${evaluateCpu.toFixed(1)} | | ${evaluateCpu > 0 ? f(ingested / evaluateCpu) : 'n/a'} |
| ingest + evaluate + … on ${threads} worker threads (\`rankTrialParallel\`) | ${f(parallel.patients)} | ${parallelSeconds.toFixed(1)} | ${parallelCpu.toFixed(1)} | **${f(parallel.patients / parallelSeconds)}** | ${f(parallel.patients / parallelCpu)} |

CPU s is user + system time of the process (the work is on one thread; V8's GC helpers add some): on this shared machine wall time depends on the other
sessions' load, CPU time much less. The worker-thread result ${same ? 'equals' : 'DIFFERS FROM'} the one-thread result.

Peak RSS of the benchmark process: ${peakMiB} MiB. Eligible: ${ranking.totals.eligible}, possibly eligible: ${ranking.totals.possiblyEligible}; months to target ${trial.targetEnrollment} (median): ${ranking.totals.forecastMonths.median}.`);
}

function cpuSeconds(usage: NodeJS.CpuUsage): number {
  return (usage.user + usage.system) / 1e6;
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
