import type { Job } from 'bullmq';
import { compileTrial, type PatientEvaluation } from '../criteria/evaluate-patient';
import { fromStoredPatient, type StoredPatient } from '../minimize/stored-patient';
import type { PatientRecord } from '../patient.types';
import type { PatientResultRecord } from '../persistence';
import type { TrialJobPayloads } from '../queue/queue-contract';
import { SYSTEM_TRIAL_VIEWER } from '../service/trial-store';
import { rankTrial } from '../rank/rank-trial';
import type { Trial } from '../trial.types';
import type { TrialWorkerContext } from './worker-context';

/** Stored patients read per query (keyset paging on seq). */
const PAGE = 1000;

/**
 * Evaluates a trial over a stored patient set with the same `rankTrial` the CLI runs, so the cohorts are exactly
 * the CLI's for the same input; patient-level results are stored page by page as the patients stream through.
 * Idempotent: a rerun clears the results of an earlier attempt first.
 */
export function evaluateProcessor(ctx: TrialWorkerContext) {
  return async (job: Job<TrialJobPayloads['trial-evaluate']>): Promise<{ status: string }> => {
    const { evaluationId } = job.data;
    const evaluation = await ctx.store.getEvaluation(evaluationId);
    if (!evaluation) return { status: 'deleted' };
    if (evaluation.status === 'completed' || evaluation.status === 'failed')
      return { status: evaluation.status };
    const trialRow = await ctx.store.getTrial(evaluation.trialId, SYSTEM_TRIAL_VIEWER);
    if (!trialRow) return { status: 'deleted' };
    const started = Date.now();
    await ctx.store.updateEvaluation(evaluationId, {
      status: 'running',
      startedAt: new Date().toISOString(),
    });
    await ctx.store.clearEvaluationResults(evaluationId);

    const trial = JSON.parse(trialRow.definition) as Trial;
    const compiled = compileTrial(trial);
    const store = ctx.store;
    // rankTrial reports each patient's evaluation synchronously, in the order the patients come: the seq of
    // each patient waits in `order` until its evaluation arrives; results are written between pages.
    const order: number[] = [];
    let pending: PatientResultRecord[] = [];
    let evaluated = 0;
    async function* patients(): AsyncGenerator<PatientRecord> {
      let after = 0;
      for (;;) {
        const rows = await store.patientsAfter(evaluation!.patientSetId, after, PAGE);
        await store.insertPatientResults(pending);
        pending = [];
        if (rows.length === 0) return;
        await job.updateProgress({ evaluated });
        for (const row of rows) {
          order.push(row.seq);
          yield fromStoredPatient(compiled, JSON.parse(row.facts) as StoredPatient);
        }
        after = rows[rows.length - 1].seq;
      }
    }
    const onEvaluation = (e: PatientEvaluation, cohortId: string) => {
      evaluated++;
      pending.push({
        evaluationId,
        seq: order.shift()!,
        pid: e.pid,
        cohortId,
        status: e.status,
        firstFailing: e.firstFailing ?? null,
        results: JSON.stringify(e.results),
      });
    };
    const ranking = await rankTrial(trial, patients(), { onEvaluation });
    await store.insertPatientResults(pending);
    await store.completeEvaluation(
      evaluationId,
      JSON.stringify(ranking),
      ranking.cohorts.map((c) => ({
        evaluationId,
        cohortId: c.id,
        rank: c.rank,
        name: c.name,
        result: JSON.stringify(c),
      })),
      new Date().toISOString(),
    );
    ctx.log(`evaluation ${evaluationId}: ${evaluated} patients in ${Date.now() - started} ms`);
    return { status: 'completed' };
  };
}
