import type { Command } from 'commander';
import { PROPS_COLUMNS, RecordPool, openRecordWriter, readRecords, toPropsRow } from '@hitscreen/chem';
import { Progress } from '../progress';
import { parseThreads, readOptions, type ReadCliOptions } from './shared-options';

interface PropsOptions extends ReadCliOptions {
  output: string;
  threads?: string;
}

export function registerPropsCommand(program: Command): void {
  program
    .command('props')
    .description('standardize every record and compute descriptors, QED, rule checks and structural alerts')
    .argument('<input>', 'SMILES (.smi), CSV/TSV or SDF library, optionally .gz')
    .requiredOption('-o, --output <file>', 'output file: .csv (or .csv.gz) with one row per input record')
    .option('--smiles-column <name>', 'CSV/TSV column holding the SMILES')
    .option('--id-column <name>', 'CSV/TSV column holding the identifier')
    .option('-t, --threads <n>', 'worker threads (default: all cores)')
    .action(async (input: string, options: PropsOptions) => {
      const pool = new RecordPool({ threads: parseThreads(options.threads) });
      const writer = await openRecordWriter(options.output, [...PROPS_COLUMNS]);
      const progress = new Progress('props');
      let failed = 0;
      try {
        for await (const profile of pool.profile(readRecords(input, readOptions(options)))) {
          if (profile.error) failed++;
          await writer.write(toPropsRow(profile));
          progress.tick();
        }
      } finally {
        progress.done();
        await writer.close();
        await pool.close();
      }
      if (failed > 0)
        process.stderr.write(`props: ${failed} record(s) could not be processed; see the error column\n`);
    });
}
