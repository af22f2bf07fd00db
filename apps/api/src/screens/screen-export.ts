import type { Response } from 'express';
import { CsvWriter, SdfWriter } from '@hitscreen/chem';
import type { ScreeningService, ScreenSummary, ScreenViewer } from '@hitscreen/screening';
import { exportColumns, toExportRow, toSdfEntry } from '@hitscreen/screen-report';
import { ApiError } from '../common/api-error';
import type { ModelCatalog } from '../models/model-catalog';

export type ExportFormat = 'csv' | 'sdf';

export function parseExportFormat(value: unknown): ExportFormat {
  if (value === undefined || value === 'csv') return 'csv';
  if (value === 'sdf') return 'sdf';
  throw ApiError.badRequest(`format must be csv or sdf, got "${String(value)}"`);
}

/**
 * Streams a whole screen in row order through the chem writers, awaiting each write (backpressure), so memory
 * stays constant whatever the screen's size. Columns come from the screen's model cards, before the first row.
 * The rows are read as `viewer` (the caller), like every other read of the screen.
 */
export async function streamExport(
  screening: ScreeningService,
  screen: ScreenSummary,
  models: ModelCatalog,
  format: ExportFormat,
  res: Response,
  viewer: ScreenViewer,
): Promise<void> {
  res.status(200);
  res.setHeader('Content-Type', format === 'csv' ? 'text/csv; charset=utf-8' : 'chemical/x-mdl-sdfile');
  res.setHeader('Content-Disposition', `attachment; filename="screen-${screen.id}.${format}"`);
  if (format === 'csv') {
    const cards = models.cardsOf(screen.models.map((m) => m.name));
    const writer = new CsvWriter(
      res,
      exportColumns(cards.map((c) => ({ name: c.name, tasks: c.tasks.map((t) => t.name) }))),
    );
    for await (const row of screening.exportRows(screen.id, viewer)) await writer.write(toExportRow(row));
    await writer.close();
    return;
  }
  const writer = new SdfWriter(res);
  for await (const row of screening.exportRows(screen.id, viewer)) await writer.write(await toSdfEntry(row));
  await writer.close();
}
