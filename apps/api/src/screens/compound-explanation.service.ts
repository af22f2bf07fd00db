import { Injectable } from '@nestjs/common';
import { loadModel, modelDir } from '@hitscreen/models';
import type { ResultRow, ScreenSummary } from '@hitscreen/screening';
import { explanationTask, ExplanationError, type CompoundExplanation } from '@hitscreen/screen-report';
import { ApiError } from '../common/api-error';
import { DrawingOverBudget, DrawingPool } from '../drawing/drawing-pool';

/**
 * The explanation of one compound (`GET /screens/:id/results/:row`): which model and task, checked against the
 * screen, then what `explainCompound` of @hitscreen/screen-report computes, in steps on the drawing pool: the
 * parent's graph, a first drawing with its alerts (no highlights), the attribution (numAtoms + 1 ensemble runs,
 * linear in the atoms, so bounded by the heavy-atom limit; never stopped, drawing.worker.ts says why), and the
 * alerts and highlighted drawing. Each RDKit step computes under API_DRAWING_TIME_BUDGET_MS, and the first drawing
 * comes before the models, so a compound RDKit cannot draw in time is answered 422 with the reason within about
 * the budget, and the rest of the API never waits for it. Models load once per pool thread (their cards here, once
 * per process); the explanation is made on request only.
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
    const parent = row.parentSmiles;
    const model = await loadModel(modelDir(name));
    try {
      const { task, taskIndex } = explanationTask(model, choice.task);
      const features = await this.drawing.featurize(parent);
      if (!features.graph)
        throw new ExplanationError(`cannot featurize ${parent}: ${features.error ?? 'unknown error'}`);
      // Drawn once without the attribution first: a compound that cannot be drawn in time is refused within the
      // budget, before the model runs that cannot be stopped (numAtoms + 1 of them: seconds for a 100-atom cage).
      const gate = await this.drawing.drawExplanation(parent, {
        model: model.name,
        task,
        prediction: 0,
        atomWeights: new Array<number>(features.graph.numAtoms).fill(0),
      });
      if ('explanationError' in gate) throw new ExplanationError(gate.explanationError);
      const attribution = await this.drawing.attribute(name, features.graph);
      const outcome = await this.drawing.drawExplanation(parent, {
        model: model.name,
        task,
        prediction: attribution.prediction[taskIndex],
        atomWeights: attribution.atoms.map((atom) => atom[taskIndex]),
      });
      if ('explanationError' in outcome) throw new ExplanationError(outcome.explanationError);
      return outcome.explanation;
    } catch (error) {
      if (error instanceof ExplanationError) throw ApiError.badRequest(error.message);
      if (error instanceof DrawingOverBudget)
        throw ApiError.unprocessable(
          `row ${row.row} (${row.id}) could not be explained and drawn in time: ${error.message}`,
        );
      throw error;
    }
  }
}
