import type { Command } from 'commander';
import { writeSyntheticPatients } from '@hitscreen/trial';
import { parsePositiveInt } from './shared-options';
import { UsageError } from '../usage-error';

interface GenerateOptions {
  patients: string;
  seed: string;
  output: string;
  referenceDate: string;
}

export function registerTrialGenerateCommand(trial: Command): void {
  trial
    .command('generate')
    .description(
      'write a seeded synthetic population as FHIR R4 bundles (for trying the module without data)',
    )
    .requiredOption(
      '-o, --output <path>',
      '.ndjson file (one Bundle per line) or a folder (one .json per patient)',
    )
    .option('-n, --patients <n>', 'number of patients', '1000')
    .option('--seed <n>', 'random seed (same seed, same population)', '1')
    .option('--reference-date <date>', 'the population\'s "today" (YYYY-MM-DD)', '2026-11-01')
    .action(async (options: GenerateOptions) => {
      const seed = Number(options.seed);
      if (!Number.isInteger(seed) || seed < 0)
        throw new UsageError(`--seed must be a non-negative integer, got "${options.seed}"`);
      if (!/^\d{4}-\d{2}-\d{2}$/.test(options.referenceDate))
        throw new UsageError('--reference-date must be YYYY-MM-DD');
      const count = parsePositiveInt('--patients', options.patients);
      const written = await writeSyntheticPatients(options.output, {
        count,
        seed,
        referenceDate: options.referenceDate,
      });
      process.stderr.write(
        `trial: ${written.patients} patients, ${written.resources} resources → ${options.output}\n`,
      );
    });
}
