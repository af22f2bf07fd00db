import type { Command } from 'commander';
import { openRecordWriter, readRecords } from '@hitscreen/chem';
import { ScoringPool, type ScoredRecord } from '@hitscreen/models';
import { Progress } from '../progress';
import { selectModels, type SelectedModel } from './models-selection';
import { parsePositiveInt, parseThreads, readOptions, type ReadCliOptions } from './shared-options';

interface PredictOptions extends ReadCliOptions {
  output: string;
  models?: string;
  batchSize: string;
  threads?: string;
}

/** Column names for one model: `<model>.<task>`, its ensemble spread, then the model's domain columns. */
function columnsFor(model: SelectedModel): string[] {
  return [
    ...model.card.tasks.flatMap((t) => [`${model.name}.${t.name}`, `${model.name}.${t.name}.std`]),
    `${model.name}.max_similarity`,
    `${model.name}.in_domain`,
  ];
}

function outputRow(models: SelectedModel[], scored: ScoredRecord): Record<string, string | number | boolean> {
  const row: Record<string, string | number | boolean> = {
    record: scored.input.record,
    id: scored.input.id,
    parent_smiles: scored.parentSmiles ?? '',
    error: scored.error ?? '',
  };
  models.forEach((model, m) => {
    const score = scored.scores[m];
    for (const p of score.predictions ?? []) {
      row[`${model.name}.${p.task}`] = Number(p.value.toFixed(4));
      row[`${model.name}.${p.task}.std`] = Number(p.uncertainty.toFixed(4));
    }
    if (score.domain) {
      row[`${model.name}.max_similarity`] = Number(score.domain.maxSimilarity.toFixed(3));
      row[`${model.name}.in_domain`] = score.domain.inDomain;
    }
  });
  return row;
}

export function registerPredictCommand(program: Command): void {
  program
    .command('predict')
    .description("every model's predictions, ensemble uncertainty and applicability domain per record")
    .argument('<input>', 'SMILES (.smi), CSV/TSV or SDF library, optionally .gz')
    .requiredOption('-o, --output <file>', 'output CSV (or .csv.gz)')
    .option('--models <names>', 'comma-separated model names (default: all)')
    .option('--smiles-column <name>', 'CSV/TSV column holding the SMILES')
    .option('--id-column <name>', 'CSV/TSV column holding the identifier')
    .option('--batch-size <n>', 'molecules per ONNX run', '32')
    .option(
      '-t, --threads <n>',
      'worker threads, each featurizing and scoring with its own sessions (default: all cores)',
    )
    .action(async (input: string, options: PredictOptions) => {
      const models = selectModels(options.models?.split(',').map((m) => m.trim()));
      const batchSize = parsePositiveInt('--batch-size', options.batchSize);
      const columns = ['record', 'id', 'parent_smiles', ...models.flatMap(columnsFor), 'error'];
      const pool = new ScoringPool({
        modelDirs: models.map((m) => m.dir),
        threads: parseThreads(options.threads),
        batchSize,
      });
      const writer = await openRecordWriter(options.output, columns);
      const progress = new Progress('predict');
      try {
        for await (const scored of pool.score(readRecords(input, readOptions(options)))) {
          await writer.write(outputRow(models, scored));
          progress.tick();
        }
      } finally {
        progress.done();
        await writer.close();
        await pool.close();
      }
    });
}
