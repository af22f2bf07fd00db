import type { Command } from 'commander';
import { batches, featurizeRecord, loadRDKit, openRecordWriter, readRecords } from '@hitscreen/chem';
import { listModels, loadModel, scoreFeatures, type MoleculeScore } from '@hitscreen/models';
import { Progress } from '../progress';
import { UsageError } from '../usage-error';
import { parsePositiveInt, readOptions, type ReadCliOptions } from './shared-options';

interface PredictOptions extends ReadCliOptions {
  output: string;
  models?: string;
  batchSize: string;
}

/** Column names for one model: `<model>.<task>`, its ensemble spread, then the model's domain columns. */
function columnsFor(model: string, tasks: string[]): string[] {
  return [
    ...tasks.flatMap((t) => [`${model}.${t}`, `${model}.${t}.std`]),
    `${model}.max_similarity`,
    `${model}.in_domain`,
  ];
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
    .action(async (input: string, options: PredictOptions) => {
      const available = listModels();
      const wanted = options.models
        ? options.models.split(',').map((m) => m.trim())
        : available.map((m) => m.name);
      const unknown = wanted.filter((name) => !available.some((m) => m.name === name));
      if (unknown.length > 0) {
        throw new UsageError(
          `unknown model(s) ${unknown.join(', ')}; available: ${available.map((m) => m.name).join(', ')}`,
        );
      }
      const batchSize = parsePositiveInt('--batch-size', options.batchSize);
      await loadRDKit();
      const models = await Promise.all(
        available.filter((m) => wanted.includes(m.name)).map((m) => loadModel(m.dir)),
      );
      const columns = [
        'record',
        'id',
        'parent_smiles',
        ...models.flatMap((m) =>
          columnsFor(
            m.name,
            m.card.tasks.map((t) => t.name),
          ),
        ),
        'error',
      ];
      const writer = await openRecordWriter(options.output, columns);
      const progress = new Progress('predict');
      try {
        for await (const batch of batches(readRecords(input, readOptions(options)), 256)) {
          const features = batch.map(featurizeRecord);
          const scores: MoleculeScore[][] = [];
          for (const model of models) scores.push(await scoreFeatures(model, features, { batchSize }));
          for (let i = 0; i < batch.length; i++) {
            const row: Record<string, string | number | boolean> = {
              record: batch[i].record,
              id: batch[i].id,
              parent_smiles: features[i].parentSmiles ?? '',
              error: features[i].error ?? '',
            };
            models.forEach((model, m) => {
              const score = scores[m][i];
              for (const p of score.predictions ?? []) {
                row[`${model.name}.${p.task}`] = Number(p.value.toFixed(4));
                row[`${model.name}.${p.task}.std`] = Number(p.uncertainty.toFixed(4));
              }
              if (score.domain) {
                row[`${model.name}.max_similarity`] = Number(score.domain.maxSimilarity.toFixed(3));
                row[`${model.name}.in_domain`] = score.domain.inDomain;
              }
            });
            await writer.write(row);
          }
          progress.tick(batch.length);
        }
      } finally {
        progress.done();
        await writer.close();
      }
    });
}
