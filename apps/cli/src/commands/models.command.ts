import type { Command } from 'commander';
import { listModels } from '@hitscreen/models';
import { registerModelsDriftCommand } from './drift.command';
import { registerModelsEvalCommand } from './models-eval.command';
import { registerModelsRegistryCommands } from './models-registry.command';

export function registerModelsCommand(program: Command): void {
  const models = program.command('models').description('the trained models and their cards');
  models
    .command('list')
    .description("each model with its tasks and its card's headline test metric next to the baseline")
    .option('--json', 'print JSON')
    .action((options: { json?: boolean }) => {
      const entries = listModels().map((entry) => ({
        name: entry.name,
        version: entry.card?.version,
        tasks: entry.card?.tasks.map((t) => t.name),
        headline: entry.card?.metrics.headline,
        baseline: entry.card?.baseline?.headline,
        ensemble: entry.card?.ensemble.size,
        error: entry.error,
      }));
      if (options.json) {
        process.stdout.write(`${JSON.stringify(entries, null, 2)}\n`);
        return;
      }
      process.stdout.write('model\tversion\tmembers\theadline (test)\tbaseline\ttasks\n');
      for (const e of entries) {
        const metric = (m?: { name: string; value: number }) => (m ? `${m.name} ${m.value.toFixed(3)}` : '-');
        process.stdout.write(
          e.error
            ? `${e.name}\tBROKEN: ${e.error}\n`
            : `${e.name}\t${e.version}\t${e.ensemble}\t${metric(e.headline)}\t${metric(e.baseline)}\t${e.tasks?.join(',')}\n`,
        );
      }
    });
  registerModelsEvalCommand(models);
  registerModelsRegistryCommands(models);
  registerModelsDriftCommand(models);
}
