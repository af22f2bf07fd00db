import type { Command } from 'commander';
import { mkdir, writeFile } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import { basename, dirname } from 'node:path';
import { readRecords } from '@hitscreen/chem';
import { modelDir, readModelCard } from '@hitscreen/models';
import { LocalScreening, screeningConfigFromEnv, type ScreenSummary } from '@hitscreen/screening';
import { buildScreenReport, exportColumns } from '@hitscreen/screen-report';
import { ProgressBar } from '../progress-bar';
import { openResultsWriter } from './screen-results-writer';
import { parseModels, parseWeights, resultsFormat, screenDatabase } from './screen-options';
import { parseThreads, readOptions, type ReadCliOptions } from './shared-options';

interface ScreenCliOptions extends ReadCliOptions {
  output: string;
  report?: string;
  models?: string;
  weights?: string;
  name?: string;
  threads?: string;
  db?: string;
}

export function registerScreenCommand(program: Command): void {
  program
    .command('screen')
    .description(
      'screen a library in process (no Redis): standardize, properties, alerts, models, domain, desirability, rank',
    )
    .argument('<input>', 'SMILES (.smi), CSV/TSV or SDF library, optionally .gz')
    .requiredOption(
      '-o, --output <file>',
      'ranked results with the API export columns: .csv, .tsv or .sdf (optionally .gz)',
    )
    .option('--report <file>', 'HTML report (the API report: summary, charts, top hits, alerts, model cards)')
    .option(
      '--models <names>',
      'comma-separated model names (default: all); "none": properties and alerts only',
    )
    .option('--weights <key=w,...>', 'desirability weights over the defaults, e.g. qed=2,tox_max=0')
    .option('--name <name>', "the screen's name (default: the input file's name)")
    .option('--smiles-column <name>', 'CSV/TSV column holding the SMILES')
    .option('--id-column <name>', 'CSV/TSV column holding the identifier')
    .option('-t, --threads <n>', 'pipeline worker threads (default: all cores)')
    .option(
      '--db <url>',
      'keep the screen in this database (sqlite:<path> or postgres://…); default: a temporary SQLite file',
    )
    .action(async (input: string, options: ScreenCliOptions) => {
      const started = Date.now();
      const format = resultsFormat(options.output);
      const submission = {
        options: {
          name: options.name ?? basename(input),
          models: parseModels(options.models),
          weights: parseWeights(options.weights),
        },
        records: readRecords(input, readOptions(options)),
      };
      const threads = parseThreads(options.threads) ?? availableParallelism();
      // The same limits as the API and the workers, from the same variables (MAX_MOLECULES, …).
      const { limits } = screeningConfigFromEnv(process.env);
      await Promise.all(
        [options.output, options.report].map((f) => f && mkdir(dirname(f), { recursive: true })),
      );

      const database = screenDatabase(options.db);
      let local: LocalScreening | undefined;
      // Ctrl-C: the molecules in flight finish and are stored, the screen is marked cancelled, a temporary database
      // removed, exit 130. A second Ctrl-C quits at once.
      const interrupted = () => {
        if (!local) return quit(database);
        process.stderr.write(
          '\nscreen: stopping after the molecules in flight (Ctrl-C again to quit at once)\n',
        );
        local.cancel();
        process.once('SIGINT', () => quit(database));
      };
      process.once('SIGINT', interrupted);
      process.once('SIGTERM', interrupted);
      const bar = new ProgressBar('screen');
      const clock = new PhaseClock();
      try {
        local = await LocalScreening.open({ databaseUrl: database.url, threads, limits });
        const summary = await local.screen(submission, (status, counts) => {
          if (status === 'queued') return bar.reading(counts.total);
          if (counts.done === 0) clock.lap('read');
          bar.update(counts.done, counts.total);
        });
        clock.lap('screen');
        bar.done();
        const cards = summary.models.map((m) => readModelCard(modelDir(m.name)));
        const columns = exportColumns(
          cards.map((c) => ({ name: c.name, tasks: c.tasks.map((t) => t.name) })),
        );
        const writer = await openResultsWriter(options.output, format, columns);
        try {
          for await (const row of local.rowsByRank(summary.id)) await writer.write(row);
        } finally {
          await writer.close();
        }
        clock.lap('write');
        // Drift from the models' training data, recorded by screen(): the report's warning, and a line on stderr.
        const drift = await local.drift(summary.id);
        if (options.report) {
          const html = await buildScreenReport(summary, local.rowsInOrder(summary.id), cards, { drift });
          await writeFile(options.report, html);
          clock.lap('report');
        }
        process.stderr.write(`${summaryLine(summary, started, clock, options, database)}\n`);
        // completed_with_errors: the results are complete (failed rows carry their reasons); say why once more.
        if (summary.error) process.stderr.write(`screen: ${summary.status}: ${summary.error}\n`);
        if (local.driftError) process.stderr.write(`screen: drift not recorded: ${local.driftError}\n`);
        const drifted = drift.filter((d) => d.drift).map((d) => d.model);
        if (drifted.length > 0)
          process.stderr.write(
            `screen: this library drifted from the training data of ${drifted.join(', ')}; treat their ` +
              `predictions with caution (reasons: npm run cli -- models drift <model> <input>${options.report ? ', or the report' : ''})\n`,
          );
      } finally {
        bar.done();
        process.removeListener('SIGINT', interrupted);
        process.removeListener('SIGTERM', interrupted);
        await local?.close();
        database.remove();
      }
    });
}

function summaryLine(
  summary: ScreenSummary,
  started: number,
  clock: PhaseClock,
  options: ScreenCliOptions,
  database: { url: string; kept: boolean },
): string {
  const { total, invalid, failed } = summary.counts;
  const seconds = (Date.now() - started) / 1000;
  const peakMb = process.resourceUsage().maxRSS / 1024;
  return [
    `screen: ${total} molecules (${total - invalid - failed} scored, ${invalid} invalid, ${failed} failed)`,
    `${summary.models.length} model(s)`,
    `${seconds.toFixed(1)} s (${(total / seconds).toFixed(1)} molecules/s; ${clock.text()})`,
    `peak RSS ${peakMb.toFixed(0)} MB`,
    `results ${options.output}`,
    ...(options.report ? [`report ${options.report}`] : []),
    ...(database.kept ? [`screen ${summary.id} kept in ${database.url}`] : []),
  ].join('; ');
}

/** Wall time per phase of the command (read, screen, write, report), for the summary line. */
class PhaseClock {
  private last = Date.now();
  private readonly laps: [string, number][] = [];

  lap(name: string): void {
    const now = Date.now();
    this.laps.push([name, now - this.last]);
    this.last = now;
  }

  text(): string {
    return this.laps.map(([name, ms]) => `${name} ${(ms / 1000).toFixed(1)} s`).join(', ');
  }
}

/** Leaves at once (a second Ctrl-C): the temporary database goes; threads inside native code may abort. */
function quit(database: { remove(): void }): never {
  database.remove();
  process.exit(130);
}
