import type { Command } from 'commander';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import { dirname } from 'node:path';
import { InputError } from '@hitscreen/chem';
import {
  PatientSourceError,
  Pseudonymizer,
  TrialDefinitionError,
  isNdjsonOfBundles,
  parseTrial,
  pseudonymConfigFromEnv,
  rankTrial,
  rankTrialParallel,
  readPatients,
  renderTrialReport,
  cohortsCsv,
  type IngestIssue,
  type PatientRecord,
  type Trial,
  type TrialRanking,
} from '@hitscreen/trial';
import { parseThreads } from './shared-options';
import { registerTrialGenerateCommand } from './trial-generate.command';

/** How many skipped-resource messages are printed; the count covers all of them. */
const ISSUES_SHOWN = 20;

interface RankOptions {
  patients: string;
  trial: string;
  output: string;
  report?: string;
  csv?: string;
  threads?: string;
}

export function registerTrialCommand(program: Command): void {
  const trial = program
    .command('trial')
    .description('clinical-trial feasibility: validate a trial, rank patient cohorts');
  trial
    .command('validate')
    .description('check a trial definition against the trial schema (libs/trial/schema/trial.schema.json)')
    .argument('<trial>', 'trial definition (.json)')
    .action(async (file: string) => {
      const definition = await loadTrial(file);
      process.stdout.write(
        `${file}: valid trial ${definition.id} (${definition.inclusion.length} inclusion, ` +
          `${definition.exclusion.length} exclusion criteria, ${definition.sites.length} sites)\n`,
      );
    });
  trial
    .command('rank')
    .description('evaluate every patient, build cohorts per site, forecast enrolment and rank the cohorts')
    .requiredOption(
      '--patients <path>',
      'FHIR R4 bundles (folder of .json, or .ndjson) or a Synthea CSV folder',
    )
    .requiredOption('--trial <file>', 'trial definition (.json)')
    .requiredOption('-o, --output <file>', 'result JSON (aggregates only, small cells shown as "<11")')
    .option('--report <file>', 'coordinator report (HTML, self-contained, printable)')
    .option('--csv <file>', 'one row per cohort (CSV)')
    .option('-t, --threads <n>', 'worker threads for an NDJSON file of bundles (default: all cores)')
    .action(async (options: RankOptions) => {
      const definition = await loadTrial(options.trial);
      const config = pseudonymConfigFromEnv();
      if (config.isDevelopmentKey) {
        process.stderr.write(
          'trial: TRIAL_PSEUDONYM_KEY is not set; using the development key (never in production)\n',
        );
      }
      const started = process.hrtime.bigint();
      const threads = parseThreads(options.threads) ?? availableParallelism();
      const issues: IngestIssue[] = [];
      let skipped = 0;
      let ingested = 0;
      const keep = (issue: IngestIssue) => {
        if (issues.length < ISSUES_SHOWN) issues.push(issue);
      };
      let ranking: TrialRanking;
      if (threads > 1 && (await isNdjsonOfBundles(options.patients))) {
        const result = await rankTrialParallel(definition, options.patients, {
          threads,
          pseudonymKey: config.key,
          onIssue: keep,
        });
        ({ ranking, patients: ingested, issueCount: skipped } = result);
      } else {
        const patients = readPatients(options.patients, {
          pseudonymizer: new Pseudonymizer(config.key),
          onIssue: (issue) => {
            skipped++;
            keep(issue);
          },
        });
        async function* counted(source: AsyncIterable<PatientRecord>) {
          for await (const patient of source) {
            ingested++;
            yield patient;
          }
        }
        ranking = await rankTrial(definition, counted(guardSource(patients)));
      }
      if (ingested === 0)
        throw new InputError(`${options.patients}: no patients could be read (${skipped} problem(s))`);
      await writeOut(options.output, `${JSON.stringify(ranking, null, 2)}\n`);
      if (options.report) await writeOut(options.report, renderTrialReport(ranking));
      if (options.csv) await writeOut(options.csv, cohortsCsv(ranking));
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      for (const issue of issues) process.stderr.write(`trial: skipped ${formatIssue(issue)}\n`);
      if (skipped > issues.length)
        process.stderr.write(`trial: … and ${skipped - issues.length} more skipped\n`);
      process.stderr.write(
        `trial: ${ingested} patients ingested, ${skipped} malformed resource(s) skipped, ` +
          `${ranking.cohorts.length} cohorts, ${seconds.toFixed(2)} s, peak RSS ` +
          `${Math.round(process.resourceUsage().maxRSS / 1024)} MiB\n`,
      );
    });
  registerTrialGenerateCommand(trial);
}

async function loadTrial(file: string): Promise<Trial> {
  const text = await readFile(file, 'utf8');
  try {
    return parseTrial(text, file);
  } catch (error) {
    if (error instanceof TrialDefinitionError) throw new InputError(error.message, { cause: error });
    throw error;
  }
}

/** A missing or unsupported patient source is bad input (exit 3), not a crash. */
async function* guardSource(source: AsyncIterable<PatientRecord>): AsyncGenerator<PatientRecord> {
  try {
    yield* source;
  } catch (error) {
    if (error instanceof PatientSourceError) throw new InputError(error.message, { cause: error });
    throw error;
  }
}

async function writeOut(file: string, text: string): Promise<void> {
  await mkdir(dirname(file), { recursive: true });
  await writeFile(file, text);
}

function formatIssue(issue: IngestIssue): string {
  const where = [
    issue.file,
    issue.line !== undefined ? `line ${issue.line}` : '',
    issue.entry !== undefined ? `entry ${issue.entry}` : '',
  ]
    .filter(Boolean)
    .join(' ');
  return `${where}: ${issue.reason}`;
}
