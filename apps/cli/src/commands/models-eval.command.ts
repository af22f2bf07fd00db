import type { Command } from 'commander';
import { readRecords } from '@hitscreen/chem';
import { evaluate, readLabel, ScoringPool, type EvaluationRow } from '@hitscreen/models';
import { Progress } from '../progress';
import { UsageError } from '../usage-error';
import { selectModels } from './models-selection';
import { parsePositiveInt, parseThreads, readOptions, type ReadCliOptions } from './shared-options';

interface EvalOptions extends ReadCliOptions {
  batchSize: string;
  threads?: string;
}

/**
 * `models eval <model> <labelled.csv>`: scores a labelled file and prints the card's metrics on it as JSON. The
 * label columns carry the model's task names (the training file's columns); a task whose column is absent is
 * left out, and a file with none of them is a usage error.
 */
export function registerModelsEvalCommand(models: Command): void {
  models
    .command('eval')
    .description('predicts a labelled file and prints per-task metrics (as on the card) as JSON')
    .argument('<model>', 'model name (see `models list`)')
    .argument('<labelled>', "CSV/TSV/SDF with a structure and label columns named as the model's tasks")
    .option('--smiles-column <name>', 'CSV/TSV column holding the SMILES')
    .option('--id-column <name>', 'CSV/TSV column holding the identifier')
    .option('--batch-size <n>', 'molecules per ONNX run', '32')
    .option('-t, --threads <n>', 'worker threads (default: all cores)')
    .action(async (name: string, input: string, options: EvalOptions) => {
      const [model] = selectModels([name]);
      const pool = new ScoringPool({
        modelDirs: [model.dir],
        threads: parseThreads(options.threads),
        batchSize: parsePositiveInt('--batch-size', options.batchSize),
      });
      const tasks = model.card.tasks;
      const rows: EvaluationRow[] = [];
      let present: typeof tasks | undefined;
      const progress = new Progress(`eval ${model.name}`);
      try {
        for await (const scored of pool.score(readRecords(input, readOptions(options)))) {
          if (!present) {
            present = tasks.filter((t) => t.name in scored.input.fields);
            if (present.length === 0)
              throw new UsageError(
                `${input} has none of model ${model.name}'s label columns (${tasks.map((t) => t.name).join(', ')})`,
              );
          }
          const prediction = scored.scores[0].predictions;
          rows.push({
            labels: present.map((t) => readLabel(scored.input.fields[t.name], t.type)),
            // predictions come in card task order (taskPredictions)
            prediction: prediction && present.map((t) => prediction[tasks.indexOf(t)].value),
          });
          progress.tick();
        }
      } finally {
        progress.done();
        await pool.close();
      }
      const labelled = present;
      if (!labelled) throw new UsageError(`${input} holds no records`);
      const summary = evaluate(labelled, rows);
      const absent = tasks.filter((t) => !labelled.includes(t)).map((t) => t.name);
      const report = {
        model: model.name,
        version: model.card.version,
        input,
        ...summary,
        ...(absent.length > 0 ? { tasksWithoutLabelColumn: absent } : {}),
      };
      process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
    });
}
