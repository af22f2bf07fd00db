import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  generatePatientBundles,
  startTrialWorker,
  trialConfigFromEnv,
  type TrialWorker,
} from '@hitscreen/trial';
import {
  AUTHORIZATION_MATRIX,
  CALLERS,
  renderAuthorizationMatrix,
  type CallerKind,
} from '../src/auth/authorization-matrix';
import type { Caller } from './e2e-access';
import { startStack, type E2eStack } from './e2e-backend';

const ROOT = join(__dirname, '../../..');
const SECURITY_DOC = join(ROOT, 'docs/SECURITY.md');
const START =
  '<!-- authorization-matrix:start (generated from apps/api/src/auth/authorization-matrix.ts) -->';
const END = '<!-- authorization-matrix:end -->';
const TRIAL = readFileSync(join(ROOT, 'examples/trial/t2d-001.json'), 'utf8');
const PATIENTS = `${[...generatePatientBundles({ count: 12, seed: 5 })].map((b) => JSON.stringify(b)).join('\n')}\n`;

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

// Every endpoint as every kind of caller, on the real application (PostgreSQL, Redis, a screening worker and a
// trial worker): no credential 401, a wrong role or scope 403, another team's screen 404, the rest 2xx.
describe('authorization matrix (role × endpoint × ownership)', () => {
  let stack: E2eStack;
  let trialWorker: TrialWorker;
  const callers = {} as Record<CallerKind, Caller>;
  const ids: Record<string, string> = {};

  /** GETs `path` as `caller` until `done(body)`. */
  async function until(caller: Caller, path: string, done: (body: Json) => boolean): Promise<Json> {
    const deadline = Date.now() + 60_000;
    for (;;) {
      const res = await caller.get(path).expect(200);
      if (done(res.body)) return res.body;
      if (Date.now() > deadline) throw new Error(`${path} never got there: ${res.text}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  beforeAll(async () => {
    stack = await startStack({}, { maxMolecules: 100 });
    trialWorker = await startTrialWorker({
      ...trialConfigFromEnv(process.env, stack.config),
      lockMs: 10_000,
    });
    const { people } = stack;
    callers.none = people.anonymous;
    for (const persona of [
      'chemist',
      'teammate',
      'outsider',
      'coordinator',
      'otherCoordinator',
      'clinical',
      'admin',
    ] as const)
      callers[persona] = people.as[persona];
    callers.keyScreensRead = (await people.key('chemist', ['screens:read'])).caller;
    callers.keyScreensWrite = (await people.key('chemist', ['screens:write'])).caller;
    callers.keyTrials = (await people.key('coordinator', ['trials:read', 'trials:write'])).caller;

    // The chemist's screen, screened to the end; a trial with an ingested set and a completed evaluation.
    const screen = await callers.chemist
      .post('/screens')
      .send({ molecules: [{ id: 'aspirin', smiles: 'CC(=O)Oc1ccccc1C(=O)O' }, { smiles: 'CCO' }] })
      .expect(202);
    ids.screen = screen.body.id;
    await until(callers.chemist, `/screens/${ids.screen}`, (s) => s.status === 'completed');
    const coordinator = callers.coordinator;
    ids.trial = (
      await coordinator.post('/trials').set('content-type', 'application/json').send(TRIAL).expect(201)
    ).body.id;
    const set = await coordinator
      .post(`/trials/${ids.trial}/patients?filename=p.ndjson`)
      .set('content-type', 'application/fhir+ndjson')
      .send(PATIENTS)
      .expect(202);
    ids.set = set.body.id;
    await until(coordinator, set.body.url, (s) => s.status === 'ready');
    const evaluation = await coordinator.post(`/trials/${ids.trial}/evaluations`).send({}).expect(202);
    ids.evaluation = evaluation.body.id;
    await until(coordinator, evaluation.body.url, (e) => e.status === 'completed');
    // A user to disable and a key to revoke, so that the matrix does not disable one of its own callers.
    const spare = await stack.access.identity.createUser({
      email: 'spare@example.org',
      password: 'spare password, long enough',
      role: 'chemist',
    });
    ids.user = spare.id;
    ids.key = (await stack.access.identity.createApiKey(spare.id, 'spare', ['screens:read'])).id;
  }, 120_000);

  afterAll(async () => {
    await trialWorker?.close();
    await stack?.close();
  });

  let created = 0;
  function call(caller: Caller, method: 'GET' | 'POST', template: string) {
    const path = template.replace(
      /:(screen|trial|set|evaluation|user|key)\b/g,
      (_, name: string) => ids[name],
    );
    if (method === 'GET') return caller.get(path);
    if (path === '/screens') return caller.post(path).send({ molecules: [{ smiles: 'CCN' }] });
    if (path === '/trials') return caller.post(path).set('content-type', 'application/json').send(TRIAL);
    if (path === '/users')
      return caller.post(path).send({ email: `new-${(created += 1)}@example.org`, role: 'coordinator' });
    if (path === '/api-keys')
      return caller.post(path).send({ ownerId: stack.people.users.coordinator.id, scopes: ['trials:read'] });
    if (path === '/models/registry') return caller.post(path).send({ dir: 'esol' });
    if (path.endsWith('/shadow')) return caller.post(path).send({ on: false });
    if (path.endsWith('/patients'))
      return caller.post(path).set('content-type', 'application/fhir+ndjson').send(PATIENTS);
    return caller.post(path).send({});
  }

  it.each(AUTHORIZATION_MATRIX.map((r) => [`${r.method} ${r.path}`, r] as const))('%s', async (_, row) => {
    const got: Partial<Record<CallerKind, number>> = {};
    for (const caller of CALLERS) got[caller] = (await call(callers[caller], row.method, row.path)).status;
    expect(got).toEqual(row.expect);
  });

  it("answers another team's screen exactly like a screen that does not exist, and lists only visible ones", async () => {
    const other = await callers.outsider.get(`/screens/${ids.screen}/results`).expect(404);
    const missing = await callers.outsider
      .get('/screens/00000000-0000-4000-8000-000000000000/results')
      .expect(404);
    expect(other.body.message.replace(ids.screen, 'ID')).toBe(
      missing.body.message.replace('00000000-0000-4000-8000-000000000000', 'ID'),
    );
    const listed = async (caller: Caller) =>
      ((await caller.get('/screens?pageSize=1000').expect(200)).body.items as Json[]).map((s) => s.id);
    expect(await listed(callers.outsider)).not.toContain(ids.screen);
    expect(await listed(callers.teammate)).toContain(ids.screen);
    expect(await listed(callers.admin)).toContain(ids.screen);
    // The outsider's own submissions (from the matrix) are theirs alone.
    const outsiders = await listed(callers.outsider);
    expect(outsiders.length).toBeGreaterThan(0);
    for (const id of outsiders) await callers.chemist.get(`/screens/${id}`).expect(404);
  });

  it("keeps another team's trial, its patient sets and evaluations from a coordinator of another team", async () => {
    const trials = async (caller: Caller) =>
      ((await caller.get('/trials?pageSize=1000').expect(200)).body.items as Json[]).map((t) => t.id);
    expect(await trials(callers.otherCoordinator)).not.toContain(ids.trial);
    expect(await trials(callers.clinical)).toContain(ids.trial);
    expect(await trials(callers.keyTrials)).toContain(ids.trial);
    const hidden = await callers.otherCoordinator.get(`/trials/${ids.trial}/evaluations/${ids.evaluation}`);
    expect(hidden.status).toBe(404);
    expect(hidden.text).not.toContain('cohorts');
  });

  it('audits reads, exports, changes and refusals with the real actor; GET /audit filters them for admins', async () => {
    const { users } = stack.people;
    const audit = async (query: string) =>
      (await callers.admin.get(`/audit?${query}&pageSize=1000`).expect(200)).body as {
        items: Json[];
        total: number;
      };
    const resource = `screens/${ids.screen}`;
    const rows = (await audit(`resource=${resource}`)).items;
    const summary = (actor: string, action: string) =>
      rows.filter((r) => r.actor === actor && r.action === action).map((r) => r.outcome);
    expect(summary(`user:${users.chemist.id}`, 'screen.export')).toEqual(['allowed']);
    expect(summary(`user:${users.teammate.id}`, 'screen.report')).toEqual(['allowed']);
    // The outsider's guess: a 404 to them, a trace here.
    expect(summary(`user:${users.outsider.id}`, 'screen.results.read')).toEqual(['failed', 'failed']);
    const guess = rows.find(
      (r) => r.actor === `user:${users.outsider.id}` && r.action === 'screen.results.read',
    );
    expect(JSON.parse(guess?.details ?? '{}')).toMatchObject({ status: 404 });
    // A role refusal is recorded by the guard with the reason.
    const denied = (await audit(`actor=user:${users.coordinator.id}&action=access.denied`)).items;
    expect(denied.some((r) => r.resource === `${resource}/export`)).toBe(true);
    expect(JSON.parse(denied[0].details).reason).toMatch(/^role coordinator may not do this/);
    // Changes: submissions, cancels, trial creation, uploads, evaluations; patient-level reads by clinical.
    const actions = new Set((await audit('since=2000-01-01')).items.map((r) => r.action));
    for (const action of [
      'screen.submit',
      'screen.cancel',
      'trial.create',
      'trial.upload',
      'trial.evaluate',
      'trial.report',
      'trial.results.read',
      'trial.patients.read',
      'user.create',
      'api-key.create',
    ])
      expect(actions).toContain(action);
    // Sign-ins, refused (anonymous, with the e-mail given) and accepted (the user).
    await callers.none
      .post('/auth/token')
      .send({ email: 'chemist@example.org', password: 'guess guess' })
      .expect(401);
    const signIns = (await audit('action=auth.sign-in')).items;
    expect(signIns[0]).toMatchObject({ actor: 'anonymous', outcome: 'denied' });
    expect(JSON.parse(signIns[0].details)).toEqual({ email: 'chemist@example.org' });
    // Identity changes over HTTP carry the admin as the actor.
    for (const action of ['user.create', 'user.disable', 'api-key.create', 'api-key.revoke'])
      expect((await audit(`action=${action}&actor=user:${users.admin.id}`)).total).toBeGreaterThan(0);
    const future = await audit(`since=${new Date(Date.now() + 3_600_000).toISOString()}`);
    expect(future.total).toBe(0);
    await callers.admin.get('/audit?since=yesterday').expect(400);
    // Every row names who, where from and when.
    expect(rows.every((r) => /^(user|key):/.test(r.actor) && r.source && r.at)).toBe(true);
  });

  it('lets an admin create a user (password answered once) and a key over HTTP, refusing bad input with 422', async () => {
    const created = await callers.admin
      .post('/users')
      .send({ email: 'grace@example.org', role: 'clinical', team: 'trials-a' })
      .expect(201);
    expect(created.body.user).toMatchObject({
      email: 'grace@example.org',
      role: 'clinical',
      team: 'trials-a',
    });
    expect(created.body.user).not.toHaveProperty('passwordHash');
    const token = await callers.none
      .post('/auth/token')
      .send({ email: 'grace@example.org', password: created.body.password })
      .expect(200);
    await callers.none
      .get(`/trials/${ids.trial}/evaluations/${ids.evaluation}/patients`)
      .set('Authorization', `Bearer ${token.body.token}`)
      .expect(200);
    const listed = (await callers.admin.get('/users?pageSize=1000').expect(200)).body.items as Json[];
    expect(listed.map((u) => u.email)).toContain('grace@example.org');
    expect(JSON.stringify(listed)).not.toMatch(/argon2|passwordHash/);
    const taken = await callers.admin
      .post('/users')
      .send({ email: 'grace@example.org', role: 'chemist' })
      .expect(422);
    expect(taken.body.message).toMatch(/exists/);
    const service = await callers.admin
      .post('/users')
      .send({ email: 'x@example.org', role: 'service' })
      .expect(422);
    expect(service.body.message).toMatch(/service is for API keys/);
    await callers.admin.post('/users').send({ email: 'x@example.org', role: 'wizard' }).expect(400);
    const scope = await callers.admin
      .post('/api-keys')
      .send({ ownerId: created.body.user.id, scopes: ['patients:read'] })
      .expect(422);
    expect(scope.body.message).toMatch(/unknown scope/);
  });

  it('is printed in docs/SECURITY.md from the same table', () => {
    const rendered = `${START}\n${renderAuthorizationMatrix()}${END}`;
    const doc = readFileSync(SECURITY_DOC, 'utf8');
    if (process.env.UPDATE_SECURITY_DOC === '1') {
      const start = doc.indexOf(START);
      const end = doc.indexOf(END);
      if (start < 0 || end < 0) throw new Error(`docs/SECURITY.md lacks the markers ${START} … ${END}`);
      writeFileSync(SECURITY_DOC, doc.slice(0, start) + rendered + doc.slice(end + END.length));
      return;
    }
    expect(doc).toContain(rendered);
  });
});
