import type { Command } from 'commander';
import { readRecords } from '@hitscreen/chem';
import { assessDrift, domainOf, measureLibrary, modelDrift } from '@hitscreen/drift';
import { Progress } from '../progress';
import { UsageError } from '../usage-error';
import { selectModels } from './models-selection';
import { readOptions, type ReadCliOptions } from './shared-options';

/**
 * `models drift <model> <input>`: how far a library's chemistry is from the model's training data (libs/drift):
 * the population stability index per property against models/<model>/training-properties.json and the
 * out-of-domain rate against the held-out molecules'. Prints JSON; invalid records are counted and skipped.
 */
export function registerModelsDriftCommand(models: Command): void {
  models
    .command('drift')
    .description(
      "compares a library with the model's training data (PSI per property, out-of-domain rate); JSON",
    )
    .argument('<model>', 'model name (see `models list`)')
    .argument('<input>', 'SMILES, CSV/TSV or SDF library, optionally .gz')
    .option('--smiles-column <name>', 'CSV/TSV column holding the SMILES')
    .option('--id-column <name>', 'CSV/TSV column holding the identifier')
    .action(async (name: string, input: string, options: ReadCliOptions) => {
      const [model] = selectModels([name]); // an unknown name is a usage error with the list
      const drift = modelDrift(model.name);
      const progress = new Progress(`drift ${model.name}`);
      let measured;
      try {
        measured = await measureLibrary(
          readRecords(input, readOptions(options)),
          drift.reference,
          domainOf(drift.dir, drift.card),
          () => progress.tick(),
        );
      } finally {
        progress.done();
      }
      if (measured.counts.molecules === 0)
        throw new UsageError(
          `${input}: no valid molecule to compare (${measured.invalid} invalid record(s)` +
            `${measured.invalidExamples[0] ? `, e.g. record ${measured.invalidExamples[0].record}: ${measured.invalidExamples[0].error}` : ''})`,
        );
      const report = assessDrift(drift.reference, measured.counts);
      const out = {
        ...report,
        input,
        invalid: measured.invalid,
        invalidExamples: measured.invalidExamples,
        reference: {
          file: drift.file,
          sha256: drift.sha256,
          trainingMolecules: drift.reference.training.molecules,
        },
      };
      process.stdout.write(`${JSON.stringify(out, null, 2)}\n`);
    });
}
