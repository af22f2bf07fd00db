import type { InputRecord } from '../records';
import { describeRDKitFailure, rdkit, using, type Mol } from '../rdkit';
import { parseStructure, standardizeToParent, type ParseOptions } from '../standardize';

export type RecordOutcome<T> = { record: number; id: string; error?: string } & Partial<T>;

/**
 * Parse one record, standardize it to its parent and run `compute` on the parent, freeing every WASM object.
 * Never throws: a reader error, a parse failure or an exception inside RDKit comes back as `error`
 * (prefixed with `what` for the latter). RDKit must be loaded.
 */
export function withParent<T extends object>(
  input: InputRecord,
  what: string,
  compute: (parent: Mol, parentSmiles: string) => T,
  limits: ParseOptions = {},
): RecordOutcome<T> {
  const base = { record: input.record, id: input.id };
  // Partial<T> of a generic T does not admit a literal; an outcome with only `error` is a valid one.
  const failed = (error: string) => ({ ...base, error }) as RecordOutcome<T>;
  if (input.error) return failed(input.error);
  const parsed = parseStructure(rdkit(), input.structure, limits);
  if ('error' in parsed) return failed(parsed.error);
  try {
    return using(parsed.mol, (mol) => {
      const standardized = standardizeToParent(rdkit(), mol);
      return using(standardized.parent, (parent) => ({
        ...base,
        ...compute(parent, standardized.parentSmiles),
      }));
    });
  } catch (error) {
    return failed(`${what} failed: ${describeRDKitFailure(error)}`);
  }
}
