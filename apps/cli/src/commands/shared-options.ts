import type { ReadOptions } from '@hitscreen/chem';
import { UsageError } from '../usage-error';

export interface ReadCliOptions {
  smilesColumn?: string;
  idColumn?: string;
}

export function readOptions(options: ReadCliOptions): ReadOptions {
  return { smilesColumn: options.smilesColumn, idColumn: options.idColumn };
}

export function parseThreads(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const threads = Number(value);
  if (!Number.isInteger(threads) || threads < 1)
    throw new UsageError(`--threads must be a positive integer, got "${value}"`);
  return threads;
}

export function parsePositiveInt(name: string, value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1)
    throw new UsageError(`${name} must be a positive integer, got "${value}"`);
  return n;
}
