import { UnrecoverableError, type Job } from 'bullmq';
import { compileTrial } from '../criteria/evaluate-patient';
import { readPatientStream } from '../ingest/read-patients';
import { patientMinimizer } from '../minimize/stored-patient';
import type { IngestIssue } from '../patient.types';
import type { StoredPatientRecord } from '../persistence';
import type { TrialJobPayloads } from '../queue/queue-contract';
import { SYSTEM_TRIAL_VIEWER } from '../service/trial-store';
import type { Trial } from '../trial.types';
import type { TrialWorkerContext } from './worker-context';

/** Patients written per batch while ingesting. */
const BATCH = 500;

/**
 * Reads a patient set's staged upload (chunk by chunk from the database, one patient in memory at a time),
 * pseudonymizes and minimizes every patient for the set's trial, and stores them; malformed resources are
 * counted and the first ones kept with file, line and reason, while the rest goes on. Idempotent: a rerun
 * deletes the rows of an earlier attempt first. The staged chunks are deleted once the set is ready.
 */
export function ingestProcessor(ctx: TrialWorkerContext) {
  return async (
    job: Job<TrialJobPayloads['trial-ingest']>,
  ): Promise<{ status: string; patients?: number }> => {
    const { patientSetId } = job.data;
    const set = await ctx.store.getPatientSet(patientSetId);
    if (!set) return { status: 'deleted' };
    if (set.status === 'ready' || set.status === 'failed') return { status: set.status };
    const trialRow = await ctx.store.getTrial(set.trialId, SYSTEM_TRIAL_VIEWER);
    if (!trialRow) return { status: 'deleted' };
    const started = Date.now();
    await ctx.store.updatePatientSet(patientSetId, {
      status: 'ingesting',
      startedAt: new Date().toISOString(),
    });
    await ctx.store.deletePatients(patientSetId);

    const compiled = compileTrial(JSON.parse(trialRow.definition) as Trial);
    const minimize = patientMinimizer(compiled);
    const issues: IngestIssue[] = [];
    let skipped = 0;
    const store = ctx.store;
    async function* staged(): AsyncGenerator<Buffer> {
      for (let i = 0; i < set!.chunkCount; i++) {
        const sealed = await store.getUploadChunk(patientSetId, i);
        if (sealed === null)
          throw new UnrecoverableError(`staged chunk ${i} of patient set ${patientSetId} is missing`);
        yield ctx.cipher.open(sealed);
      }
    }
    const patients = readPatientStream(staged(), {
      format: set.format,
      name: set.name,
      pseudonymizer: ctx.pseudonymizer,
      maxBundleBytes: ctx.limits.maxBundleBytes,
      onIssue: (issue) => {
        skipped++;
        if (issues.length < ctx.limits.maxIssuesKept) issues.push(issue);
      },
    });

    let seq = 0;
    let batch: StoredPatientRecord[] = [];
    try {
      for await (const patient of patients) {
        if (++seq > ctx.limits.maxPatients)
          throw new UnrecoverableError(
            `the upload holds more than ${ctx.limits.maxPatients} patients (limit TRIAL_MAX_PATIENTS)`,
          );
        const stored = minimize(patient);
        batch.push({ patientSetId, seq, pid: stored.pid, facts: JSON.stringify(stored) });
        if (batch.length >= BATCH) {
          await ctx.store.insertPatients(batch);
          batch = [];
          await job.updateProgress({ patients: seq });
        }
      }
      await ctx.store.insertPatients(batch);
      if (seq === 0) throw new UnrecoverableError('the upload holds no readable patient');
    } catch (error) {
      if (error instanceof UnrecoverableError) {
        const failed = { status: 'failed' as const, error: error.message, skipped };
        const at = new Date().toISOString();
        await ctx.store.finishIngest(
          patientSetId,
          { ...failed, issues: JSON.stringify(issues), finishedAt: at },
          true,
        );
      }
      throw error;
    }
    const ready = { status: 'ready' as const, patients: seq, skipped, error: null };
    const at = new Date().toISOString();
    await ctx.store.finishIngest(
      patientSetId,
      { ...ready, issues: JSON.stringify(issues), finishedAt: at },
      false,
    );
    ctx.log(
      `patient set ${patientSetId}: ${seq} patients, ${skipped} skipped, in ${Date.now() - started} ms`,
    );
    return { status: 'ready', patients: seq };
  };
}
