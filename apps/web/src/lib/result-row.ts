import { getJson } from './api';
import { resultsQuery } from './format';
import type { Page, ResultRow } from './types';

/**
 * One row of a screen without its explanation: the results page filtered on `row`, a single indexed read. The
 * compound endpoint (`/screens/:id/results/:row`) would run the model once per atom and draw the explanation under
 * the API's time budget, and answer 422 without the row when that drawing is refused.
 */
export async function getResultRow(screenId: string, row: number, signal?: AbortSignal): Promise<ResultRow> {
  const query = resultsQuery({ page: 1, pageSize: 1, sort: 'row', filters: [`row=${row}`] });
  const found = await getJson<Page<ResultRow>>(`/screens/${screenId}/results?${query}`, signal);
  if (!found.items[0]) throw new Error(`This screen has no row ${row}.`);
  return found.items[0];
}
