import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import request from 'supertest';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { dropSchema, type DataSource } from '@hitscreen/db';
import { createScreeningService, type ScreeningService } from '@hitscreen/screening';
import { deleteRedisKeys } from '@hitscreen/screening/testing';
import {
  generatePatientBundles,
  Pseudonymizer,
  rankTrial,
  readPatients,
  startTrialWorker,
  trialConfigFromEnv,
  TrialService,
  type PatientStatus,
  type Trial,
  type TrialRanking,
  type TrialWorker,
} from '@hitscreen/trial';
import { DEVELOPMENT_JWT_SECRET } from '@hitscreen/auth';
import { createPeople, type Caller, type People } from '../../test/e2e-access';
import { openAccessControl, type AccessControl } from '../auth/access-control';
import type { ApiConfig } from '../config/api-config';
import { createApp } from '../create-app';
import { ModelCatalog } from '../models/model-catalog';

const POSTGRES_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
const KEY = 'trial-e2e-pseudonym-key-0123456789';
const T2D: Trial = JSON.parse(
  readFileSync(join(__dirname, '../../../../examples/trial/t2d-001.json'), 'utf8'),
) as Trial;
/** The example trial with broader inclusion (any glucose ≥ 100 mg/dL), so that 300 patients give real cohorts. */
const BROAD: Trial = {
  ...T2D,
  id: 'T2D-BROAD',
  inclusion: [
    { id: 'I1', type: 'age', min: 18, max: 80 },
    {
      id: 'I5',
      type: 'observation',
      codes: [
        { system: 'http://loinc.org', code: '2345-7' },
        { system: 'http://loinc.org', code: '14749-6' },
      ],
      op: '>=',
      value: 100,
      unit: 'mg/dL',
      within: { months: 24 },
      use: 'any',
    },
  ],
};

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/** The generated population as NDJSON (one Bundle per line), and what identifies its patients. */
function population(count: number, seed: number) {
  const lines: string[] = [];
  const identifying = new Set<string>();
  const birthDates = new Set<string>();
  for (const bundle of generatePatientBundles({ count, seed })) {
    lines.push(JSON.stringify(bundle));
    for (const entry of bundle.entry as Json[]) {
      const r = entry.resource as Json;
      if (r.resourceType !== 'Patient') continue;
      identifying.add(r.id);
      birthDates.add(r.birthDate);
      for (const name of r.name ?? []) {
        identifying.add(name.family);
        for (const given of name.given ?? []) identifying.add(given);
      }
      for (const address of r.address ?? []) for (const line of address.line ?? []) identifying.add(line);
      for (const identifier of r.identifier ?? []) identifying.add(identifier.value);
    }
  }
  const keep = (values: Set<string>) => [...values].filter((s) => typeof s === 'string' && s.length >= 4);
  return { lines, identifying: keep(identifying), birthDates: keep(birthDates) };
}

interface Stack {
  /** The API with the default trial limits. */
  open: NestExpressApplication;
  /** The same API with a 1 MiB upload limit, to see the 413. */
  closed: NestExpressApplication;
  /** Signed-in callers of `open` (coordinator, clinical, ...); `closedAs` the coordinator on `closed`. */
  people: People;
  closedAs: Caller;
  access: AccessControl;
  worker: TrialWorker;
  screening: ScreeningService;
  dataSource: DataSource;
  close(): Promise<void>;
}

async function startStack(
  databaseUrl: string,
  databaseSchema: string | undefined,
  prefix: string,
): Promise<Stack> {
  const screeningConfig = { databaseUrl, databaseSchema, redisUrl: REDIS_URL, queuePrefix: prefix };
  const config: ApiConfig = {
    port: 0,
    limits: { maxUploadBytes: 64 * 1024 * 1024, maxPageSize: 1000 },
    screening: screeningConfig,
    auth: { jwtSecret: DEVELOPMENT_JWT_SECRET, tokenTtlSeconds: 900 },
    rateLimitPerMinute: 100_000,
  };
  const screening = await createScreeningService(screeningConfig);
  const access = await openAccessControl(screeningConfig, config.auth);
  const models = ModelCatalog.fromDisk();
  const logger = process.env.E2E_LOG ? undefined : (false as const);
  process.env.TRIAL_PSEUDONYM_KEY = KEY;
  delete process.env.TRIAL_MAX_UPLOAD_BYTES;
  const open = await createApp({ config, screening, models, access }, { logger });
  process.env.TRIAL_MAX_UPLOAD_BYTES = String(1024 * 1024);
  const closed = await createApp({ config, screening, models, access }, { logger });
  delete process.env.TRIAL_MAX_UPLOAD_BYTES;
  const worker = await startTrialWorker({
    ...trialConfigFromEnv(process.env, screeningConfig),
    lockMs: 10_000,
  });
  // A service of the test's own to read the database directly (privacy scan, audit rows).
  const reader = await TrialService.open(trialConfigFromEnv(process.env, screeningConfig));
  const people = await createPeople(open.getHttpServer(), access);
  return {
    open,
    closed,
    people,
    closedAs: request.agent(closed.getHttpServer()).set('Authorization', people.bearer.coordinator),
    access,
    worker,
    screening,
    dataSource: reader.dataSource,
    async close() {
      await open.close();
      await closed.close();
      await worker.close();
      await reader.close();
      await screening.close();
      await access.close();
      await deleteRedisKeys(`${prefix}:*`);
    },
  };
}

/** GETs `url` until `status` is final; returns the last body. */
async function poll(caller: Caller, url: string, final: string[]): Promise<Json> {
  const deadline = Date.now() + 90_000;
  for (;;) {
    const res = await caller.get(url).expect(200);
    if (final.includes(res.body.status)) return res.body as Json;
    if (Date.now() > deadline) throw new Error(`${url} still ${res.body.status}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** The in-process result for the same bytes: what `npm run cli -- trial rank` computes. */
async function inProcess(trial: Trial, text: string, name: string) {
  const dir = mkdtempSync(join(tmpdir(), 'trial-e2e-'));
  try {
    const file = join(dir, name);
    writeFileSync(file, text);
    const statuses = new Map<string, PatientStatus>();
    const patients = readPatients(file, { pseudonymizer: new Pseudonymizer(KEY) });
    const ranking = await rankTrial(trial, patients, {
      onEvaluation: (e) => statuses.set(e.pid, e.status),
    });
    return { ranking: JSON.parse(JSON.stringify(ranking)) as TrialRanking, statuses };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Every count of an aggregate result (cohorts and totals), wherever it sits. */
function aggregateCounts(ranking: Json): unknown[] {
  const counts: unknown[] = [];
  const parts = [...(ranking.cohorts as Json[]), ranking.totals as Json];
  for (const c of parts) {
    counts.push(c.patients, c.eligible, c.possiblyEligible, c.ineligible, c.deceased);
    for (const step of c.funnel as Json[]) counts.push(step.remaining);
    for (const mix of [c.demographics, c.population].filter(Boolean))
      for (const dimension of Object.values(mix as Json)) counts.push(...Object.values(dimension as Json));
  }
  for (const c of ranking.totals.criteria as Json[]) counts.push(c.met, c.notMet, c.unknown);
  return counts.filter((c) => c !== undefined);
}

async function allRows(dataSource: DataSource): Promise<string> {
  const tables = ['trial', 'trial_patient_set', 'trial_upload_chunk', 'trial_patient', 'trial_evaluation'];
  tables.push('trial_cohort_result', 'trial_patient_result', 'audit_log');
  const dump: unknown[] = [];
  for (const table of tables) dump.push(await dataSource.query(`SELECT * FROM ${table}`));
  return JSON.stringify(dump);
}

describe('trial API end to end (PostgreSQL, Redis, a trial worker)', () => {
  const tag = randomBytes(4).toString('hex');
  const schema = `trial_e2e_${tag}`;
  let stack: Stack;
  const responses: string[] = [];
  const { lines, identifying, birthDates } = population(300, 21);
  /** Patient-level answers: event dates are their evidence, so only names and identifiers are looked for. */
  const patientLevel: string[] = [];
  // Line 5 is cut short (a truncated write); line 9 is a loose Observation that follows no Patient.
  lines.splice(4, 0, lines[4].slice(0, 500));
  lines.splice(
    8,
    0,
    JSON.stringify({ resourceType: 'Observation', id: 'o1', subject: { reference: 'Patient/x' } }),
  );
  const ndjson = `${lines.join('\n')}\n`;
  let trialId: string;
  let evaluationUrl: string;
  let expected: Awaited<ReturnType<typeof inProcess>>;

  // The coordinator works the trial; the clinical user reads patient-level results.
  const coordinator = () => stack.people.as.coordinator;
  const clinical = () => stack.people.as.clinical;
  const keep = (res: request.Response) => {
    responses.push(res.text);
    return res;
  };

  beforeAll(async () => {
    stack = await startStack(POSTGRES_URL, schema, `trial-e2e-${tag}`);
    expected = await inProcess(BROAD, ndjson, 'patients.ndjson');
  });
  afterAll(async () => {
    await stack?.close();
    await dropSchema(POSTGRES_URL, schema);
  });

  it('refuses an invalid trial with 422 and every problem with its path', async () => {
    const bad = {
      ...T2D,
      inclusion: [
        { id: 'I1', type: 'age', min: 'eighteen' },
        { id: 'I2', type: 'smell' },
      ],
    };
    const res = keep(await coordinator().post('/trials').send(bad).expect(422));
    expect(res.body.error).toBe('unprocessable');
    expect(res.body.message).toMatch(/inclusion\[0\]\.min: /);
    expect(res.body.message).toMatch(/inclusion\[1\]/);
  });

  it('creates a trial; an evaluation before any patients is a 409 that says why', async () => {
    const res = keep(await coordinator().post('/trials').send(BROAD).expect(201));
    expect(res.body).toMatchObject({ trialId: 'T2D-BROAD', title: T2D.title, asOf: T2D.asOf });
    expect(res.headers.location).toBe(`/trials/${res.body.id}`);
    trialId = res.body.id;
    const got = keep(await coordinator().get(`/trials/${trialId}`).expect(200));
    expect(got.body.definition).toEqual(BROAD);
    const early = keep(await coordinator().post(`/trials/${trialId}/evaluations`).send({}).expect(409));
    expect(early.body.message).toMatch(/no ingested patient set/);
    await coordinator().get('/trials/00000000-0000-4000-8000-000000000000').expect(404);
  });

  it('refuses an upload beyond TRIAL_MAX_UPLOAD_BYTES (decompressed) with 413, keeping nothing', async () => {
    const res = keep(
      await stack.closedAs
        .post(`/trials/${trialId}/patients?filename=big.ndjson.gz`)
        .set('content-type', 'application/gzip')
        .send(gzipSync(ndjson))
        .expect(413),
    );
    expect(res.body.message).toMatch(/exceeds 1048576 bytes after decompression/);
    const sets = await coordinator().get(`/trials/${trialId}/patient-sets`).expect(200);
    expect(sets.body).toEqual({ items: [], total: 0, page: 1, pageSize: 100 });
  });

  it('ingests a gzipped NDJSON upload through a worker: bad lines reported with line and reason, the rest kept', async () => {
    const res = keep(
      await coordinator()
        .post(`/trials/${trialId}/patients?filename=patients.ndjson.gz`)
        .set('content-type', 'application/gzip')
        .send(gzipSync(ndjson))
        .expect(202),
    );
    expect(res.body).toMatchObject({ status: 'queued', format: 'ndjson', bytes: Buffer.byteLength(ndjson) });
    expect(res.headers.location).toBe(res.body.url);
    expect(res.headers['retry-after']).toBe('1');
    const set = await poll(coordinator(), res.body.url, ['ready', 'failed']);
    responses.push(JSON.stringify(set));
    expect(set).toMatchObject({ status: 'ready', patients: 300, skipped: 2, error: null });
    expect(set.issues).toEqual([
      { file: 'patients.ndjson.gz', line: 5, reason: expect.stringMatching(/^not valid JSON: /) },
      { file: 'patients.ndjson.gz', line: 9, reason: expect.stringMatching(/does not follow its Patient/) },
    ]);
    // The staged upload is gone once ingested.
    expect(await stack.dataSource.query('SELECT * FROM trial_upload_chunk')).toEqual([]);
  });

  it('evaluates through the queue: cohorts exactly as rankTrial gives in-process for the same input', async () => {
    const res = keep(await coordinator().post(`/trials/${trialId}/evaluations`).send({}).expect(202));
    expect(res.body.status).toBe('queued');
    evaluationUrl = res.body.url;
    const evaluation = await poll(coordinator(), evaluationUrl, ['completed', 'failed']);
    responses.push(JSON.stringify(evaluation));
    expect(evaluation.status).toBe('completed');
    expect(evaluation.result).toEqual(expected.ranking);
    expect(evaluation.result.totals.patients).toBe(300);
    expect(typeof evaluation.result.totals.eligible).toBe('number');
  });

  it("lists the trial's evaluations and patient sets, newest first, paged, to those who see the trial, audited", async () => {
    const sets = keep(await coordinator().get(`/trials/${trialId}/patient-sets`).expect(200)).body as Json;
    expect(sets).toMatchObject({ total: 1, page: 1, pageSize: 100 });
    expect(sets.items).toEqual([
      expect.objectContaining({ status: 'ready', patients: 300, name: 'patients.ndjson.gz' }),
    ]);
    const setId = sets.items[0].id as string;
    expect(sets.items[0].url).toBe(`/trials/${trialId}/patient-sets/${setId}`);
    // A second evaluation of the same set: the list has both, the newer first, one per page.
    const second = (await coordinator().post(`/trials/${trialId}/evaluations`).send({ patientSetId: setId }))
      .body as Json;
    await poll(coordinator(), second.url, ['completed', 'failed']);
    const page1 = keep(await clinical().get(`/trials/${trialId}/evaluations?pageSize=1`).expect(200)).body;
    expect(page1).toMatchObject({ total: 2, page: 1, pageSize: 1 });
    expect(page1.items).toEqual([
      expect.objectContaining({ id: second.id, url: second.url, patientSetId: setId, status: 'completed' }),
    ]);
    const page2 = (await coordinator().get(`/trials/${trialId}/evaluations?page=2&pageSize=1`).expect(200))
      .body;
    expect(page2.items.map((e: Json) => [e.url, e.status])).toEqual([[evaluationUrl, 'completed']]);
    // Status and times only: the cohorts are read (and audited) one evaluation at a time.
    expect(page2.items[0]).not.toHaveProperty('result');
    expect(
      (await coordinator().get(`/trials/${trialId}/evaluations?page=3&pageSize=1`).expect(200)).body.items,
    ).toEqual([]);
    await coordinator().get(`/trials/${trialId}/evaluations?pageSize=1001`).expect(400);
    // Another team's coordinator does not see the trial: 404, as for the trial itself.
    const other = stack.people.as.otherCoordinator;
    await other.get(`/trials/${trialId}/evaluations`).expect(404);
    await other.get(`/trials/${trialId}/patient-sets`).expect(404);
    const audit: Json[] = await stack.dataSource.query(
      `SELECT action, outcome, actor, details FROM audit_log WHERE resource IN ($1, $2) AND action LIKE '%.list'
       ORDER BY at, id`,
      [`trials/${trialId}/evaluations`, `trials/${trialId}/patient-sets`],
    );
    const { coordinator: c, clinical: k, otherCoordinator: o } = stack.people.users;
    expect(audit.map((a) => [a.action, a.outcome, a.actor])).toEqual([
      ['trial.patient-sets.list', 'allowed', `user:${c.id}`], // the empty list before the upload
      ['trial.patient-sets.list', 'allowed', `user:${c.id}`],
      ['trial.evaluations.list', 'allowed', `user:${k.id}`],
      ['trial.evaluations.list', 'allowed', `user:${c.id}`],
      ['trial.evaluations.list', 'allowed', `user:${c.id}`],
      ['trial.evaluations.list', 'failed', `user:${o.id}`],
      ['trial.patient-sets.list', 'failed', `user:${o.id}`],
    ]);
    expect(JSON.parse(audit[2].details)).toEqual({ page: 1, pageSize: 1, total: 2, returned: 1 });
    expect(JSON.parse(audit[5].details)).toMatchObject({ page: 1, pageSize: 100, status: 404 });
  });

  it('serves the coordinator report as HTML', async () => {
    const res = keep(await coordinator().get(`${evaluationUrl}/report`).expect(200));
    expect(res.headers['content-type']).toMatch(/^text\/html/);
    expect(res.text).toMatch(/^<!doctype html>/i);
    expect(res.text).toContain(T2D.title);
    expect(res.text).toContain('<svg');
  });

  it('documents every trial endpoint in the OpenAPI document', async () => {
    const doc = (await coordinator().get('/docs-json').expect(200)).body as Json;
    const paths = Object.keys(doc.paths).filter((p) => p.startsWith('/trials'));
    expect(paths.sort()).toEqual([
      '/trials',
      '/trials/{id}',
      '/trials/{id}/evaluations',
      '/trials/{id}/evaluations/{eid}',
      '/trials/{id}/evaluations/{eid}/patients',
      '/trials/{id}/evaluations/{eid}/report',
      '/trials/{id}/patient-sets',
      '/trials/{id}/patient-sets/{setId}',
      '/trials/{id}/patients',
    ]);
    expect(Object.keys(doc.paths['/trials/{id}/evaluations/{eid}/patients'].get.responses)).toContain('403');
  });

  it('keeps patient-level results from the coordinator (403 with the reason) and audits the refusal', async () => {
    const res = keep(await coordinator().get(`${evaluationUrl}/patients?status=eligible`).expect(403));
    expect(res.body.message).toBe('role coordinator may not do this (needs clinical or admin)');
    const key = await stack.people.key('coordinator', ['trials:read', 'trials:write']);
    await key.caller.get(`${evaluationUrl}/patients`).expect(403);
  });

  it('pages patient-level results, filtered by status, and audits every read', async () => {
    const eligible = [...expected.statuses].filter(([, s]) => s === 'eligible').map(([pid]) => pid);
    const first = await clinical().get(`${evaluationUrl}/patients?status=eligible&pageSize=10`).expect(200);
    patientLevel.push(first.text);
    expect(first.body.total).toBe(eligible.length);
    expect(first.body.items).toHaveLength(Math.min(10, eligible.length));
    const all: Json[] = [];
    for (let page = 1; page <= Math.ceil(eligible.length / 10); page++) {
      const res = await clinical()
        .get(`${evaluationUrl}/patients?status=eligible&pageSize=10&page=${page}`)
        .expect(200);
      patientLevel.push(res.text);
      all.push(...(res.body.items as Json[]));
    }
    expect(all.map((p) => p.pid).sort()).toEqual(eligible.sort());
    expect(all.every((p) => p.status === 'eligible' && p.results.length === 7)).toBe(true);
    const everyone = await clinical().get(`${evaluationUrl}/patients?pageSize=1000`).expect(200);
    patientLevel.push(everyone.text);
    expect(everyone.body.total).toBe(300);
    const byStatus = new Map((everyone.body.items as Json[]).map((p) => [p.pid, p.status]));
    expect(byStatus).toEqual(expected.statuses);
    await clinical().get(`${evaluationUrl}/patients?status=maybe`).expect(422);

    const audit: Json[] = await stack.dataSource.query(
      'SELECT * FROM audit_log WHERE resource = $1 ORDER BY at, id',
      [`trials/${trialId}/evaluations/${evaluationUrl.split('/').pop()}/patients`],
    );
    const { coordinator: coordinatorUser, clinical: clinicalUser } = stack.people.users;
    expect(audit.map((a) => [a.outcome, a.action, a.actor])).toEqual([
      ['denied', 'access.denied', `user:${coordinatorUser.id}`],
      ['denied', 'access.denied', expect.stringMatching(/^key:[0-9a-f]{12}$/)],
      ...Array(2 + Math.ceil(eligible.length / 10)).fill([
        'allowed',
        'trial.patients.read',
        `user:${clinicalUser.id}`,
      ]),
      // status=maybe: refused with the reason, and recorded too
      ['failed', 'trial.patients.read', `user:${clinicalUser.id}`],
    ]);
    expect(audit.every((a) => a.source)).toBe(true);
    expect(JSON.parse(audit[0].details)).toMatchObject({
      method: 'GET',
      reason: 'role coordinator may not do this (needs clinical or admin)',
    });
    expect(JSON.parse(audit[2].details)).toMatchObject({
      status: 'eligible',
      page: 1,
      pageSize: 10,
      returned: 10,
    });
    // Append-only: the database refuses to change or remove an audit row.
    await expect(stack.dataSource.query('DELETE FROM audit_log')).rejects.toThrow(/append-only/);
    await expect(stack.dataSource.query("UPDATE audit_log SET actor = 'x'")).rejects.toThrow(/append-only/);
  });

  it('privacy: no count from 1 to 10 in any aggregate; no name, birth date, address or source id in any answer or row', async () => {
    const evaluation = (await coordinator().get(evaluationUrl).expect(200)).body as Json;
    const counts = aggregateCounts(evaluation.result);
    expect(counts.length).toBeGreaterThan(100);
    expect(counts.filter((c) => typeof c === 'number' && c >= 1 && c <= 10)).toEqual([]);
    const report = (await coordinator().get(`${evaluationUrl}/report`).expect(200)).text;
    expect(report).toContain('&lt;11');
    const aggregates = [...responses, report, JSON.stringify(evaluation)].join('\n');
    expect(identifying.length).toBeGreaterThan(600);
    expect(birthDates.length).toBeGreaterThan(250);
    expect([...identifying, ...birthDates].filter((s) => aggregates.includes(s))).toEqual([]);
    // Patient-level answers and database rows: no name, address line, identifier or source id. Event dates are
    // kept there (criteria windows need them); the birth date is not (age at asOf instead), nor any address.
    const rows = await allRows(stack.dataSource);
    expect(identifying.filter((s) => rows.includes(s) || patientLevel.some((r) => r.includes(s)))).toEqual(
      [],
    );
    const stored: Json[] = await stack.dataSource.query('SELECT facts FROM trial_patient');
    const keys = new Set(stored.flatMap((r) => Object.keys(JSON.parse(r.facts) as Json)));
    expect([...keys].sort()).toEqual(
      [
        'age',
        'conditions',
        'deceased',
        'ethnicity',
        'medications',
        'observations',
        'pid',
        'race',
        'sex',
        'site',
      ].filter((k) => keys.has(k)),
    );
    expect(/birthDate|deceasedDateTime/.test(rows)).toBe(false);
  });
});

describe('trial API on SQLite (one JSON Bundle with several patients)', () => {
  const tag = randomBytes(4).toString('hex');
  const dir = mkdtempSync(join(tmpdir(), 'trial-e2e-sqlite-'));
  let stack: Stack;

  beforeAll(async () => {
    stack = await startStack(`sqlite:${join(dir, 'hitscreen.sqlite')}`, undefined, `trial-e2e-${tag}`);
  });
  afterAll(async () => {
    await stack?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('creates, uploads, ingests and evaluates: the same result as in-process', async () => {
    const trial: Trial = { ...T2D, segmentBy: 'sex' };
    const bundles = [...generatePatientBundles({ count: 120, seed: 3 })];
    const one = {
      resourceType: 'Bundle',
      type: 'collection',
      entry: bundles.flatMap((b) => b.entry as Json[]),
    };
    const text = JSON.stringify(one, null, 1);
    const expected = await inProcess(trial, text, 'cohort.json');
    const http = stack.people.as.coordinator;
    const created = await http.post('/trials').send(trial).expect(201);
    const upload = await http
      .post(`/trials/${created.body.id}/patients?filename=cohort.json`)
      .set('content-type', 'application/fhir+json')
      .send(text)
      .expect(202);
    expect(upload.body.format).toBe('json');
    const set = await poll(http, upload.body.url, ['ready', 'failed']);
    expect(set).toMatchObject({ status: 'ready', patients: 120, skipped: 0 });
    const evaluation = await http
      .post(`/trials/${created.body.id}/evaluations`)
      .send({ patientSetId: set.id })
      .expect(202);
    const done = await poll(http, evaluation.body.url, ['completed', 'failed']);
    expect(done.result).toEqual(expected.ranking);
    expect(done.result.cohorts.some((c: Json) => c.segment?.dimension === 'sex')).toBe(true);
  });
});
