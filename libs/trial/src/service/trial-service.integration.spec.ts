import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Job } from 'bullmq';
import { Redis } from 'ioredis';
import { StagingCipher } from '../persistence';
import { Pseudonymizer } from '../pseudonym';
import type { TrialJobPayloads } from '../queue/queue-contract';
import { generatePatientBundles } from '../synthetic/generate-patients';
import { evaluateProcessor } from '../worker/evaluate.processor';
import { ingestProcessor } from '../worker/ingest.processor';
import { startTrialWorker, type TrialWorker } from '../worker/trial-worker';
import type { TrialWorkerContext } from '../worker/worker-context';
import { DEFAULT_TRIAL_LIMITS, type TrialServiceConfig } from './trial-config';
import { TrialService } from './trial.service';
import { SYSTEM_TRIAL_VIEWER, TrialStore } from './trial-store';

const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
const KEY = 'integration-spec-key-0123456789';
const trialJson = JSON.parse(
  readFileSync(join(__dirname, '../../../../examples/trial/t2d-001.json'), 'utf8'),
) as Record<string, unknown>;

async function* bytes(text: string): AsyncGenerator<Buffer> {
  yield Buffer.from(text);
}

/** A job as a processor sees it (the processors read `data` and report progress). */
function job<N extends keyof TrialJobPayloads>(data: TrialJobPayloads[N]): Job<TrialJobPayloads[N]> {
  return { data, updateProgress: async () => undefined } as unknown as Job<TrialJobPayloads[N]>;
}

async function until<T>(read: () => Promise<T>, done: (value: T) => boolean): Promise<T> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    const value = await read();
    if (done(value) || Date.now() > deadline) return value;
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('trial service and worker on SQLite: limits, bad input, reruns', () => {
  const dir = mkdtempSync(join(tmpdir(), 'trial-service-'));
  const prefix = `trial-int-${randomBytes(4).toString('hex')}`;
  const config: TrialServiceConfig = {
    databaseUrl: `sqlite:${join(dir, 'db.sqlite')}`,
    redisUrl: REDIS_URL,
    queuePrefix: prefix,
    pseudonymKey: KEY,
    limits: { ...DEFAULT_TRIAL_LIMITS, maxPatients: 40, maxIssuesKept: 2, maxBundleBytes: 100_000 },
  };
  const ndjson = (count: number) =>
    [...generatePatientBundles({ count, seed: 9 })].map((b) => JSON.stringify(b)).join('\n');
  let service: TrialService;
  let worker: TrialWorker;
  let trialId: string;

  beforeAll(async () => {
    service = await TrialService.open(config);
    worker = await startTrialWorker({ ...config, lockMs: 5000 });
    trialId = (await service.createTrial(trialJson)).id;
  });
  afterAll(async () => {
    await worker?.close();
    await service?.close();
    const redis = new Redis(REDIS_URL);
    const keys = await redis.keys(`${prefix}:*`);
    if (keys.length > 0) await redis.del(...keys);
    redis.disconnect();
    rmSync(dir, { recursive: true, force: true });
  });

  const settle = (id: string) =>
    until(
      () => service.getPatientSet(trialId, id, SYSTEM_TRIAL_VIEWER),
      (s) => s !== null && ['ready', 'failed'].includes(s.status),
    );

  it('says whose a trial is, and shows it only to its owner, its team and the unrestricted viewer', async () => {
    const owned = await service.createTrial(trialJson, { owner: 'user:alice', team: 'trials-a' });
    expect(owned).toMatchObject({ owner: 'user:alice', team: 'trials-a' });
    const teammate = { owner: 'user:bob', team: 'trials-a' };
    const stranger = { owner: 'user:eve', team: 'trials-b' };
    expect(await service.getTrial(owned.id, teammate)).toMatchObject({
      owner: 'user:alice',
      team: 'trials-a',
    });
    expect(await service.getTrial(owned.id, stranger)).toBeNull();
    expect((await service.listTrials(1, 100, stranger)).items.map((t) => t.id)).not.toContain(owned.id);
    await expect(service.listPatientSets(owned.id, 1, 10, stranger)).rejects.toMatchObject({
      code: 'not_found',
    });
    await expect(service.listEvaluations(owned.id, 1, 10, stranger)).rejects.toMatchObject({
      code: 'not_found',
    });
    expect(await service.listEvaluations(owned.id, 1, 10, teammate)).toEqual({
      items: [],
      total: 0,
      page: 1,
      pageSize: 10,
    });
    expect((await service.listTrials(1, 100, SYSTEM_TRIAL_VIEWER)).items.map((t) => t.id)).toEqual(
      expect.arrayContaining([owned.id, trialId]),
    );
    // The trial created without an owner (the CLI's way) has none.
    expect(await service.getTrial(trialId, SYSTEM_TRIAL_VIEWER)).toMatchObject({ owner: null, team: null });
  });

  it('fails a set beyond TRIAL_MAX_PATIENTS with the reason, keeping no patient', async () => {
    const set = await service.uploadPatients(
      trialId,
      bytes(ndjson(41)),
      { name: 'big.ndjson' },
      SYSTEM_TRIAL_VIEWER,
    );
    const done = await settle(set.id);
    expect(done).toMatchObject({
      status: 'failed',
      error: 'the upload holds more than 40 patients (limit TRIAL_MAX_PATIENTS)',
    });
    expect(await service.dataSource.query('SELECT COUNT(*) AS n FROM trial_patient')).toEqual([{ n: 0 }]);
    expect(await service.dataSource.query('SELECT COUNT(*) AS n FROM trial_upload_chunk')).toEqual([
      { n: 0 },
    ]);
  });

  it('fails a set with no readable patient, counting every bad line and keeping the first ones', async () => {
    const set = await service.uploadPatients(
      trialId,
      bytes('{"resourceType":\nnot json\n{"a":1}\n[1,2'),
      {
        format: 'ndjson',
        name: 'junk.ndjson',
      },
      SYSTEM_TRIAL_VIEWER,
    );
    const done = await settle(set.id);
    expect(done).toMatchObject({
      status: 'failed',
      error: 'the upload holds no readable patient',
      skipped: 3,
    });
    expect(done!.issues).toEqual([
      { file: 'junk.ndjson', line: 1, reason: expect.stringMatching(/^not valid JSON/) },
      { file: 'junk.ndjson', line: 2, reason: expect.stringMatching(/^not valid JSON/) },
    ]);
  });

  it('refuses an empty upload and an unknown format, keeping nothing', async () => {
    await expect(service.uploadPatients(trialId, bytes(''), {}, SYSTEM_TRIAL_VIEWER)).rejects.toMatchObject({
      code: 'invalid',
    });
    await expect(
      service.uploadPatients(trialId, bytes('{}'), { format: 'csv' }, SYSTEM_TRIAL_VIEWER),
    ).rejects.toMatchObject({
      code: 'invalid',
    });
    const bundle = JSON.stringify({
      resourceType: 'Bundle',
      entry: [...generatePatientBundles({ count: 10, seed: 1 })].flatMap((b) => b.entry),
    });
    await expect(
      service.uploadPatients(trialId, bytes(bundle), { format: 'json' }, SYSTEM_TRIAL_VIEWER),
    ).rejects.toMatchObject({
      code: 'too_large',
      message: expect.stringMatching(/one JSON Bundle .* at most 100000 bytes: send NDJSON/),
    });
    await expect(
      service.uploadPatients('no-such-trial', bytes('{}'), {}, SYSTEM_TRIAL_VIEWER),
    ).rejects.toMatchObject({
      code: 'not_found',
    });
    const sets = await service.listPatientSets(trialId, 1, 10, SYSTEM_TRIAL_VIEWER);
    expect(sets.items.map((s) => s.name).sort()).toEqual(['big.ndjson', 'junk.ndjson']);
    expect(sets.total).toBe(2);
  });

  it('ingest and evaluation jobs that run again replace their rows instead of adding to them', async () => {
    const set = await service.uploadPatients(
      trialId,
      bytes(ndjson(30)),
      { name: 'ok.ndjson' },
      SYSTEM_TRIAL_VIEWER,
    );
    expect((await settle(set.id))!.status).toBe('ready');
    const evaluation = await service.createEvaluation(trialId, undefined, SYSTEM_TRIAL_VIEWER);
    const first = await until(
      () => service.getEvaluation(trialId, evaluation.id, SYSTEM_TRIAL_VIEWER),
      (e) => e?.status === 'completed',
    );
    const store = new TrialStore(service.dataSource);
    const ctx: TrialWorkerContext = {
      store,
      cipher: new StagingCipher(KEY),
      pseudonymizer: new Pseudonymizer(KEY),
      limits: config.limits,
      log: () => undefined,
    };
    // As if a worker died after storing and another took the job over. Ingest: the set is ready and its staged
    // chunks are gone (one transaction), so the rerun leaves it as it is. Evaluation: recomputed and replaced.
    expect(await ingestProcessor(ctx)(job<'trial-ingest'>({ patientSetId: set.id }))).toEqual({
      status: 'ready',
    });
    expect(await service.dataSource.query('SELECT COUNT(*) AS n FROM trial_patient')).toEqual([{ n: 30 }]);
    await store.updateEvaluation(evaluation.id, { status: 'running' });
    await evaluateProcessor(ctx)(job<'trial-evaluate'>({ evaluationId: evaluation.id }));
    const count = (table: string) =>
      service.dataSource.query(`SELECT COUNT(*) AS n FROM ${table} WHERE evaluation_id = ?`, [evaluation.id]);
    expect(await count('trial_patient_result')).toEqual([{ n: 30 }]);
    expect(await count('trial_cohort_result')).toEqual([{ n: first!.result!.cohorts.length }]);
    expect((await service.getEvaluation(trialId, evaluation.id, SYSTEM_TRIAL_VIEWER))!.result).toEqual(
      first!.result,
    );
    const page = await service.patientResults(
      trialId,
      evaluation.id,
      { page: 1, pageSize: 1000 },
      { actor: 'user:clinician', source: 'test', viewer: SYSTEM_TRIAL_VIEWER },
    );
    expect(page.total).toBe(30);

    // The trial's evaluations, newest first, one per page here, without their results.
    const second = await service.createEvaluation(trialId, set.id, SYSTEM_TRIAL_VIEWER);
    const newest = await service.listEvaluations(trialId, 1, 1, SYSTEM_TRIAL_VIEWER);
    expect(newest).toMatchObject({
      total: 2,
      page: 1,
      pageSize: 1,
      items: [{ id: second.id, patientSetId: set.id }],
    });
    const older = await service.listEvaluations(trialId, 2, 1, SYSTEM_TRIAL_VIEWER);
    expect(older.items).toEqual([
      {
        id: evaluation.id,
        trialId,
        patientSetId: set.id,
        status: 'completed',
        error: null,
        createdAt: first!.createdAt,
        startedAt: expect.any(String),
        finishedAt: expect.any(String),
      },
    ]);
    expect(older.items[0]).not.toHaveProperty('result');
  });
});
