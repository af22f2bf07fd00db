import { Injectable } from '@nestjs/common';
import { loadModel, modelDir } from '@hitscreen/models';
import type { ResultRow, ScreenSummary } from '@hitscreen/screening';
import { explainCompound, ExplanationError, type CompoundExplanation } from '@hitscreen/screen-report';
import { ApiError } from '../common/api-error';

/**
 * The explanation of one compound (`GET /screens/:id/results/:row`): which model and task, checked against the
 * screen, then `explainCompound` of @hitscreen/screen-report. Models load once per process (loadModel caches
 * their sessions); the attribution costs numAtoms + 1 ensemble runs, so it is made on request only.
 */
@Injectable()
export class CompoundExplanationService {
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
    const model = await loadModel(modelDir(name));
    try {
      return await explainCompound(row.parentSmiles, model, { task: choice.task });
    } catch (error) {
      if (error instanceof ExplanationError) throw ApiError.badRequest(error.message);
      throw error;
    }
  }
}
