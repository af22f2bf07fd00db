import { depictStructure } from '@hitscreen/chem';
import type { ResultRow, ScreenSummary } from '@hitscreen/screening';
import { ReportAccumulator, type AccumulatorOptions } from './report-accumulator';
import type { ReportDrift } from './drift-warning';
import { renderReportHtml, type ReportModelCard } from './render-report';

export interface BuildReportOptions extends AccumulatorOptions {
  /** ISO time printed on the report; default now. */
  generatedAt?: string;
  /** The library's drift per model (GET /screens/:id/drift): a warning at the top when any drifted. */
  drift?: readonly ReportDrift[];
  /**
   * Draws a top hit; default depictStructure on the calling thread. The API passes its drawing pool's, so that a
   * hit RDKit takes seconds to draw is left without a drawing instead of holding the event loop.
   */
  depict?: (
    smiles: string,
    size: { width: number; height: number },
  ) => Promise<{ svg: string } | { error: string }>;
}

/**
 * A screen's HTML report from its rows, read once as a stream (memory: the top hits and the chart sample, not
 * the screen), with the top hits depicted.
 */
export async function buildScreenReport(
  summary: ScreenSummary,
  rows: AsyncIterable<ResultRow>,
  models: ReportModelCard[],
  options: BuildReportOptions = {},
): Promise<string> {
  const accumulator = new ReportAccumulator(options);
  for await (const row of rows) accumulator.add(row);
  const data = accumulator.result();
  const hitDepictions = new Map<number, string | null>();
  const depict = options.depict ?? depictStructure;
  for (const hit of data.topHits) {
    if (!hit.parentSmiles) continue;
    const depicted = await depict(hit.parentSmiles, { width: 220, height: 170 });
    hitDepictions.set(hit.row, 'svg' in depicted ? depicted.svg : null);
  }
  return renderReportHtml({
    summary,
    data,
    models,
    hitDepictions,
    generatedAt: options.generatedAt ?? new Date().toISOString(),
    drift: options.drift,
  });
}
