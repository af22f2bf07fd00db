import { Injectable } from '@nestjs/common';
import type { ResultRow, ScreenSummary } from '@hitscreen/screening';
import type { CompoundExplanation } from '@hitscreen/screen-report';
import { ApiError } from '../common/api-error';
import { DrawingOverBudget, DrawingPool } from '../drawing/drawing-pool';

/**
 * The explanation of one compound (`GET /screens/:id/results/:row`): which model and task, checked against the
 * screen, then `explainCompound` of @hitscreen/screen-report on the API's drawing pool (drawing/drawing-pool.ts),
 * under API_DRAWING_TIME_BUDGET_MS: a compound that takes longer is answered 422 with the reason, and the rest of
 * the API never waits for it. Models load once per thread; the attribution costs numAtoms + 1 ensemble runs, so
 * it is made on request only.
 */
@Injectable()
export class CompoundExplanationService {
  constructor(private readonly drawing: DrawingPool) {}

  async explain(
    screen: ScreenSummary,
    row: ResultRow,
    choice: { model?: string; task?: string },
  ): Promise<CompoundExplanation | null> {
    const used = screen.models.map((m) => m.name);
    if (choice.model !== undefined && !used.includes(choice.model))
      throw ApiError.badRequest(
        `model "${choice.model}" did not score this screen; its models: ${used.join(', ')}`,
      );
    const name = choice.model ?? used[0];
    if (row.status !== 'ok' || !row.parentSmiles || name === undefined) return null;
    try {
      const outcome = await this.drawing.explain(row.parentSmiles, name, choice.task);
      if ('explanationError' in outcome) throw ApiError.badRequest(outcome.explanationError);
      return outcome.explanation;
    } catch (error) {
      if (error instanceof DrawingOverBudget)
        throw ApiError.unprocessable(
          `row ${row.row} (${row.id}) could not be explained and drawn in time: ${error.message}`,
        );
      throw error;
    }
  }
}
