#!/usr/bin/env node
import { Command, CommanderError } from 'commander';
import { registerDepictCommand } from './commands/depict.command';
import { registerModelsCommand } from './commands/models.command';
import { registerPredictCommand } from './commands/predict.command';
import { registerPropsCommand } from './commands/props.command';
import { registerScreenCommand } from './commands/screen.command';
import { registerSimilarCommand } from './commands/similar.command';
import { registerTrialCommand } from './commands/trial.command';
import { registerUsersCommand } from './commands/users.command';
import { describeFailure } from './describe-failure';

async function main(argv: string[]): Promise<number> {
  const program = new Command('hitscreen')
    .description('Screening platform command line: chemistry on compound libraries')
    .exitOverride()
    .showHelpAfterError(false);
  registerScreenCommand(program);
  registerPropsCommand(program);
  registerSimilarCommand(program);
  registerDepictCommand(program);
  registerModelsCommand(program);
  registerPredictCommand(program);
  registerTrialCommand(program);
  registerUsersCommand(program);
  try {
    await program.parseAsync(argv);
    return 0;
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode === 0 ? 0 : 2; // commander already printed it
    const { message, exitCode } = describeFailure(error);
    process.stderr.write(`hitscreen: ${message}\n`);
    return exitCode;
  }
}

void main(process.argv).then((code) => {
  process.exitCode = code;
});
