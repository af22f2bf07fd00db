import type { Command } from 'commander';
import { resolve } from 'node:path';
import { ModelRegistry, PromotionRefusedError } from '@hitscreen/model-registry';
import { DEFAULT_DATABASE_URL } from '@hitscreen/screening';
import { UsageError } from '../usage-error';

/**
 * The model registry on the platform database (`DATABASE_URL`, `DATABASE_SCHEMA`: the ones the API and workers
 * use): register a model directory, list versions, promote through the gate, retire, shadow. Every command prints
 * JSON on stdout; changes are audited with the actor `cli`.
 */
export function registerModelsRegistryCommands(models: Command): void {
  models
    .command('register')
    .description("check a model directory, hash its files and register its card's version (JSON)")
    .argument('<dir>', 'a model directory (card.json, members, parity.json, train-morgan.u8)')
    .action((dir: string) =>
      withRegistry(async (registry) => print(await registry.register(resolve(dir), 'cli'))),
    );
  models
    .command('versions')
    .description('the registered versions (JSON), of one model or all')
    .argument('[name]', 'a model name')
    .action((name: string | undefined) => withRegistry(async (registry) => print(await registry.list(name))));
  models
    .command('deploy')
    .description(
      "copy the production version's files to <models root>/<name>/ (the old one is kept under .previous/), for installations that want them in place: serving does not need it",
    )
    .argument('<name>')
    .action((name: string) => withRegistry(async (registry) => print(await registry.deploy(name, 'cli'))));
  models
    .command('verify')
    .description(
      'what new screens are served with, per model: the production version from its registered directory (files unchanged), or an unregistered models/<name> (JSON; exit 1 on a problem)',
    )
    .action(() =>
      withRegistry(async (registry) => {
        const served = await registry.verifyServed();
        print(served);
        const off = served.filter((m) => m.problems.length > 0);
        if (off.length > 0)
          throw new Error(
            `served models not matching the registry: ${off.map((m) => `${m.name} (${m.problems[0]})`).join(', ')}`,
          );
      }),
    );
  models
    .command('show')
    .description('one version: its card, files, promotion attempts and shadow reports (JSON)')
    .argument('<name>')
    .argument('<version>')
    .action((name: string, version: string) =>
      withRegistry(async (registry) => print(await registry.get(name, version))),
    );
  models
    .command('promote')
    .description(
      'promote a candidate if its headline metrics on the evaluation set are within the tolerance of production',
    )
    .argument('<name>')
    .argument('<version>')
    .action((name: string, version: string) =>
      withRegistry(async (registry) => {
        try {
          print(await registry.promote(name, version, 'cli'));
        } catch (error) {
          // The stored comparison goes to stdout as for an accepted promotion; the reason is the error line.
          if (error instanceof PromotionRefusedError) print(error.promotion);
          throw error;
        }
      }),
    );
  models
    .command('retire')
    .description('retire a version (production only once another version is production)')
    .argument('<name>')
    .argument('<version>')
    .action((name: string, version: string) =>
      withRegistry(async (registry) => print(await registry.retire(name, version, 'cli'))),
    );
  models
    .command('shadow')
    .description('run a candidate beside production on finished screens (on) or stop (off)')
    .argument('<name>')
    .argument('<version>')
    .argument('<on|off>')
    .action((name: string, version: string, state: string) => {
      if (state !== 'on' && state !== 'off') throw new UsageError(`shadow takes on or off (got "${state}")`);
      return withRegistry(async (registry) =>
        print(await registry.setShadow(name, version, state === 'on', 'cli')),
      );
    });
}

function print(value: unknown): void {
  process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
}

async function withRegistry(work: (registry: ModelRegistry) => Promise<void>): Promise<void> {
  const registry = await ModelRegistry.open({
    databaseUrl: process.env.DATABASE_URL || DEFAULT_DATABASE_URL,
    databaseSchema: process.env.DATABASE_SCHEMA || undefined,
  });
  try {
    await work(registry);
  } finally {
    await registry.close();
  }
}
