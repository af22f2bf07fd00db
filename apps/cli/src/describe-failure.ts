import { InputError } from '@hitscreen/chem';
import { LocalScreenCancelled, SubmissionError } from '@hitscreen/screening';
import { UsageError } from './usage-error';

/**
 * One line and an exit code for anything that stops a command: 2 usage, 3 input file, 130 interrupted (Ctrl-C),
 * 1 otherwise.
 */
export function describeFailure(error: unknown): { message: string; exitCode: number } {
  if (error instanceof UsageError) return { message: error.message, exitCode: 2 };
  if (error instanceof InputError) return { message: error.message, exitCode: 3 };
  // A screen refused before scoring: a bad option (unknown model, weight) or a library over the limits.
  if (error instanceof SubmissionError)
    return { message: error.message, exitCode: error.code === 'invalid' ? 2 : 3 };
  if (error instanceof LocalScreenCancelled) return { message: error.message, exitCode: 130 };
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  if (code === 'ENOENT' || code === 'EACCES' || code === 'EISDIR') {
    return { message: (error as Error).message, exitCode: 3 };
  }
  return { message: error instanceof Error ? error.message : String(error), exitCode: 1 };
}
