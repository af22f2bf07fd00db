import type { Command } from 'commander';
import {
  FingerprintLibrary,
  MORGAN_BITS,
  RecordPool,
  fingerprintStructure,
  readRecords,
} from '@hitscreen/chem';
import { Progress } from '../progress';
import { UsageError } from '../usage-error';
import { parsePositiveInt, parseThreads, readOptions, type ReadCliOptions } from './shared-options';

interface SimilarOptions extends ReadCliOptions {
  k: string;
  threads?: string;
  json?: boolean;
}

export function registerSimilarCommand(program: Command): void {
  program
    .command('similar')
    .description('the k library molecules most similar to a query (Tanimoto on Morgan radius 2, 2048 bits)')
    .argument('<query-smiles>', 'query structure as SMILES')
    .argument('<library>', 'SMILES (.smi), CSV/TSV or SDF library, optionally .gz')
    .option('-k <n>', 'number of neighbours', '10')
    .option('--smiles-column <name>', 'CSV/TSV column holding the SMILES')
    .option('--id-column <name>', 'CSV/TSV column holding the identifier')
    .option('-t, --threads <n>', 'worker threads (default: all cores)')
    .option('--json', 'print JSON instead of a table')
    .action(async (query: string, libraryPath: string, options: SimilarOptions) => {
      const k = parsePositiveInt('-k', options.k);
      const queryFp = await fingerprintStructure(query);
      if ('error' in queryFp) throw new UsageError(`query SMILES "${query}" is not valid: ${queryFp.error}`);

      const library = new FingerprintLibrary(MORGAN_BITS);
      const pool = new RecordPool({ threads: parseThreads(options.threads) });
      const progress = new Progress('fingerprints');
      let skipped = 0;
      try {
        for await (const entry of pool.fingerprints(readRecords(libraryPath, readOptions(options)))) {
          progress.tick();
          if (entry.fingerprint) library.add(entry.id, entry.fingerprint);
          else skipped++;
        }
      } finally {
        progress.done();
        await pool.close();
      }
      const hits = library.search(queryFp.fingerprint, k);
      if (options.json) {
        process.stdout.write(
          `${JSON.stringify({ query, searched: library.size, skipped, hits }, null, 2)}\n`,
        );
        return;
      }
      process.stdout.write('rank\tid\ttanimoto\n');
      hits.forEach((hit, i) => process.stdout.write(`${i + 1}\t${hit.id}\t${hit.similarity.toFixed(4)}\n`));
      if (skipped > 0)
        process.stderr.write(`similar: ${skipped} library record(s) could not be parsed and were skipped\n`);
    });
}
