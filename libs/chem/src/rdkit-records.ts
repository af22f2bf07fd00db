import type { InputRecord } from './records';
import { loadRDKit, rdkitNeedsReload } from './rdkit';

/**
 * `compute` over records in order, with RDKit loaded, and a fresh RDKit instance after any record whose
 * processing trapped the current one: the poisonous record fails alone and the next ones are computed as usual.
 */
export async function mapRecordsWithRDKit<R>(
  records: readonly InputRecord[],
  compute: (record: InputRecord) => R,
): Promise<R[]> {
  await loadRDKit();
  const results: R[] = [];
  for (const record of records) {
    if (rdkitNeedsReload()) await loadRDKit();
    results.push(compute(record));
  }
  return results;
}
