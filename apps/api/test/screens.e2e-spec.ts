/**
 * End to end through HTTP: the API app over the real screening back end (PostgreSQL, Redis, a worker started
 * here). Small libraries (a few dozen molecules, two models) so the whole file runs in well under a minute.
 */
import request from 'supertest';
import type { ResultRow, ScreenSummary } from '@hitscreen/screening';
import type { Caller } from './e2e-access';
import { DRUGS, drugsSdfGz, startStack, type E2eStack } from './e2e-backend';

const MODELS = ['esol', 'bbbp'];
const MAX_UPLOAD_BYTES = 64 * 1024;
const MAX_MOLECULES = 100;

let stack: E2eStack;
/** Every request is a signed-in chemist's (e2e-access.ts). */
let chemist: Caller;

beforeAll(async () => {
  stack = await startStack({ maxUploadBytes: MAX_UPLOAD_BYTES }, { maxMolecules: MAX_MOLECULES });
  chemist = stack.people.as.chemist;
});
afterAll(async () => {
  await stack?.close();
});

async function completed(id: string, timeoutMs = 45_000): Promise<ScreenSummary> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const res = await chemist.get(`/screens/${id}`).expect(200);
    const screen = res.body as ScreenSummary;
    if (!['queued', 'running'].includes(screen.status)) return screen;
    if (Date.now() > deadline) throw new Error(`screen ${id} still ${screen.status} after ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

/** The raw text of a streamed answer (export, events), collected until the server ends it. */
function text(res: request.Test): request.Test {
  return res.buffer(true).parse((response, callback) => {
    let body = '';
    response.setEncoding('utf8');
    response.on('data', (chunk: string) => (body += chunk));
    response.on('end', () => callback(null, body));
  });
}

describe('a JSON submission, through to results, explanation, export and report', () => {
  const molecules = [
    ...DRUGS.map(([id, smiles]) => ({ id, smiles })),
    { id: 'unclosed-ring', smiles: 'C1CC(' },
    { id: 'bad-valence', smiles: 'c1ccccc1N(=O)=O=O' },
  ];
  let screen: ScreenSummary;
  let events: Promise<string>;

  it('answers 202 with the screen and its URL', async () => {
    const res = await chemist
      .post('/screens')
      .send({ molecules, options: { name: 'e2e drugs', models: MODELS } })
      .expect(202);
    screen = res.body as ScreenSummary;
    expect(res.headers.location).toBe(`/screens/${screen.id}`);
    expect(res.body.url).toBe(`/screens/${screen.id}`);
    expect(screen).toMatchObject({ name: 'e2e drugs', status: 'queued', counts: { total: 18, done: 0 } });
    expect(screen.models.map((m) => m.name)).toEqual(MODELS);
    // subscribe at once, so the stream sees the screen run
    events = text(chemist.get(`/screens/${screen.id}/events`).expect(200)).then((r) => r.body as string);
  });

  it('streams progress as server-sent events until the screen is final', async () => {
    const body = await events;
    const parsed = [...body.matchAll(/event: (\w+)\nid: (\d+)\ndata: (.*)\n\n/g)].map((m) => ({
      event: m[1],
      data: JSON.parse(m[3]) as { status: string; counts: { done: number }; progress: number },
    }));
    expect(parsed.length).toBeGreaterThanOrEqual(2);
    expect(parsed.at(-1)).toMatchObject({ event: 'end', data: { status: 'completed', progress: 1 } });
    const done = parsed.filter((e) => e.event === 'progress').map((e) => e.data.counts.done);
    expect(done).toEqual([...done].sort((a, b) => a - b));
  });

  it('completes with every record accounted for and the invalid ones counted', async () => {
    screen = await completed(screen.id);
    expect(screen).toMatchObject({
      status: 'completed',
      counts: { total: 18, done: 18, invalid: 2, failed: 0 },
    });
    const list = await chemist.get('/screens?page=1&pageSize=10').expect(200);
    expect(list.body.items.map((s: ScreenSummary) => s.id)).toContain(screen.id);
  });

  it('pages, sorts and filters the results', async () => {
    const page = await chemist.get(`/screens/${screen.id}/results?page=2&pageSize=5&sort=-score`).expect(200);
    expect(page.body).toMatchObject({ total: 18, page: 2, pageSize: 5 });
    expect(page.body.items.map((r: ResultRow) => r.rank)).toEqual([6, 7, 8, 9, 10]);
    const scores = page.body.items.map((r: ResultRow) => r.desirability);
    expect(scores).toEqual([...scores].sort((a, b) => b - a));

    const druglike = await chemist
      .get(`/screens/${screen.id}/results`)
      .query('filter=qed>=0.5&filter=alerts=none&pageSize=100')
      .expect(200);
    expect(druglike.body.total).toBeGreaterThan(0);
    for (const row of druglike.body.items as ResultRow[]) {
      expect(row.properties.qed).toBeGreaterThanOrEqual(0.5);
      expect(row.alerts).toEqual([]);
    }

    const invalid = await chemist.get(`/screens/${screen.id}/results?filter=status=invalid`).expect(200);
    expect(invalid.body.items.map((r: ResultRow) => [r.row, r.id])).toEqual([
      [17, 'unclosed-ring'],
      [18, 'bad-valence'],
    ]);
    expect(invalid.body.items[0].error).toMatch(/SMILES Parse Error/);
    expect(invalid.body.items[1].error).toMatch(/valence/i);
  });

  it('answers a bad results query with 400 and the reason', async () => {
    const filter = await chemist.get(`/screens/${screen.id}/results?filter=nonsense>>1`).expect(400);
    expect(filter.body).toMatchObject({ statusCode: 400, error: 'invalid_query' });
    expect(filter.body.message).toMatch(/nonsense/);
    expect(filter.body).not.toHaveProperty('stack');
    const sort = await chemist.get(`/screens/${screen.id}/results?sort=-no_such_key`).expect(400);
    expect(sort.body.message).toMatch(/no_such_key/);
    const size = await chemist.get(`/screens/${screen.id}/results?pageSize=-5`).expect(400);
    expect(size.body.message).toBe('pageSize must be an integer from 1 to 1000, got "-5"');
    await chemist.get('/screens/00000000-0000-4000-8000-000000000000/results').expect(404);
    await chemist.get('/screens/not-a-screen').expect(404);
  });

  it('explains a compound: attribution and alerts highlighted on the parent', async () => {
    const res = await chemist.get(`/screens/${screen.id}/results/15?model=esol`).expect(200);
    expect(res.body).toMatchObject({ row: 15, id: 'nitrobenzaldehyde', status: 'ok' });
    const explanation = res.body.explanation;
    expect(explanation).toMatchObject({ model: 'esol' });
    expect(explanation.atomWeights).toHaveLength(11);
    expect(explanation.drivingAtoms.length).toBeGreaterThan(0);
    expect(explanation.alerts.length).toBeGreaterThan(0);
    expect(explanation.svg).toContain('<svg');
    const bad = await chemist.get(`/screens/${screen.id}/results/17`).expect(200);
    expect(bad.body).toMatchObject({ status: 'invalid', explanation: null });
    await chemist.get(`/screens/${screen.id}/results/1?model=tox21`).expect(400);
    await chemist.get(`/screens/${screen.id}/results/99`).expect(404);
  });

  it('exports the whole screen as CSV and SDF, equal to the results', async () => {
    const csv = await text(chemist.get(`/screens/${screen.id}/export?format=csv`).expect(200));
    expect(csv.headers['content-type']).toMatch(/^text\/csv/);
    const lines = (csv.body as string).trimEnd().split('\n');
    const header = lines[0].split(',');
    expect(header.slice(0, 3)).toEqual(['row', 'id', 'input']);
    expect(header).toContain('esol.log_solubility_mol_per_l');
    expect(lines).toHaveLength(19);
    expect(lines.slice(1).map((l) => Number(l.split(',')[0]))).toEqual(
      Array.from({ length: 18 }, (_, i) => i + 1),
    );
    const results = await chemist.get(`/screens/${screen.id}/results?sort=row&pageSize=100`).expect(200);
    const rankColumn = header.indexOf('rank');
    const ranks = lines.slice(1).map((l) => l.split(',').at(rankColumn - header.length) ?? '');
    expect(ranks).toEqual(
      (results.body.items as ResultRow[]).map((r) => (r.rank === null ? '' : String(r.rank))),
    );

    const sdf = await text(chemist.get(`/screens/${screen.id}/export?format=sdf`).expect(200));
    expect((sdf.body as string).match(/^\$\$\$\$$/gm)).toHaveLength(18);
    expect(sdf.body).toContain('> <id>\nnitrobenzaldehyde');
    await chemist.get(`/screens/${screen.id}/export?format=xlsx`).expect(400);
  });

  it('serves the HTML report', async () => {
    const res = await chemist.get(`/screens/${screen.id}/report`).expect(200);
    expect(res.headers['content-type']).toMatch(/^text\/html/);
    expect(res.text).toContain('<h2>Top hits</h2>');
    expect(res.text).toContain('<h2>Models</h2>');
    expect(res.text).not.toContain('<script');
  });
});

describe('a gzip SDF upload', () => {
  it('is detected by content, screened, and keeps the SDF ids', async () => {
    const res = await chemist
      .post('/screens')
      .field('options', JSON.stringify({ models: ['esol'] }))
      .attach('file', await drugsSdfGz(), { filename: 'library', contentType: 'application/octet-stream' })
      .expect(202);
    const screen = await completed(res.body.id);
    expect(screen).toMatchObject({ status: 'completed', counts: { total: DRUGS.length, invalid: 0 } });
    const first = await chemist.get(`/screens/${screen.id}/results/1`).expect(200);
    expect(first.body.id).toBe('aspirin');
    expect(first.body.parentSmiles).toBe('CC(=O)Oc1ccccc1C(=O)O');
  });
});

describe('a CSV upload with a named column', () => {
  it('reads the SMILES and id columns named in the form', async () => {
    const csv = [
      'name,structure,batch',
      ...DRUGS.slice(0, 4).map(([name, smiles]) => `${name},${smiles},b1`),
      'broken,C1CC(,b1',
    ].join('\n');
    const res = await chemist
      .post('/screens')
      .field('models', 'esol')
      .field('smilesColumn', 'structure')
      .field('idColumn', 'name')
      .attach('file', Buffer.from(csv), 'library.csv')
      .expect(202);
    expect(res.body.options.models).toEqual(['esol']);
    const screen = await completed(res.body.id);
    expect(screen.counts).toEqual({ total: 5, done: 5, invalid: 1, failed: 0 });
    const rows = await chemist.get(`/screens/${screen.id}/results?sort=row`).expect(200);
    expect(rows.body.items.map((r: ResultRow) => r.id)).toEqual([
      'aspirin',
      'ibuprofen',
      'caffeine',
      'paracetamol',
      'broken',
    ]);
    expect(rows.body.items[4].error).toMatch(/SMILES Parse Error/);
  });
});

describe('cancel', () => {
  it('stops a running screen: it ends cancelled and no more rows arrive', async () => {
    const molecules = Array.from({ length: MAX_MOLECULES }, (_, i) => ({
      smiles: DRUGS[i % DRUGS.length][1],
    }));
    const res = await chemist
      .post('/screens')
      .send({ molecules, options: { models: MODELS } })
      .expect(202);
    const cancelled = await chemist.post(`/screens/${res.body.id}/cancel`).expect(200);
    expect(cancelled.body.status).toBe('cancelled');
    const final = await completed(res.body.id);
    expect(final.status).toBe('cancelled');
    await new Promise((resolve) => setTimeout(resolve, 1500));
    const later = await chemist.get(`/screens/${res.body.id}`).expect(200);
    expect(later.body.counts.done).toBe(final.counts.done);
    expect(final.counts.done).toBeLessThan(MAX_MOLECULES);
  });
});

describe('limits and bad requests: a 4xx with the reason, nothing created', () => {
  const screens = async () => (await chemist.get('/screens?pageSize=1000').expect(200)).body.total as number;

  it('refuses a file over MAX_UPLOAD_BYTES with 413, whether it says its size up front or not', async () => {
    const before = await screens();
    // 50 molecules with long ids: few records, many bytes
    const line = (i: number) => `CCO ${String(i).padStart(1500, 'x')}\n`;
    const streamedPastLimit = Buffer.from(Array.from({ length: 50 }, (_, i) => line(i)).join(''));
    const res = await chemist.post('/screens').attach('file', streamedPastLimit, 'big.smi').expect(413);
    expect(res.body.message).toBe(
      `the uploaded file exceeds ${MAX_UPLOAD_BYTES} bytes (limit MAX_UPLOAD_BYTES)`,
    );
    const declaredTooLarge = Buffer.concat(Array.from({ length: 3 }, () => streamedPastLimit));
    const early = await chemist.post('/screens').attach('file', declaredTooLarge, 'big.smi').expect(413);
    expect(early.body.message).toMatch(
      /^the request body of \d+ bytes exceeds 65536 bytes \(limit MAX_UPLOAD_BYTES\)$/,
    );
    expect(await screens()).toBe(before);
  });

  it('refuses more molecules than MAX_MOLECULES with 413', async () => {
    const before = await screens();
    const molecules = Array.from({ length: MAX_MOLECULES + 1 }, () => ({ smiles: 'CCO' }));
    const res = await chemist.post('/screens').send({ molecules }).expect(413);
    expect(res.body.error).toBe('payload_too_large');
    expect(await screens()).toBe(before);
  });

  it('refuses an unknown model with 422, other content types with 415, broken bodies with 400', async () => {
    const before = await screens();
    const model = await chemist
      .post('/screens')
      .send({ molecules: [{ smiles: 'CCO' }], options: { models: ['nope'] } })
      .expect(422);
    expect(model.body.message).toMatch(/unknown model "nope"; available: .*esol/);
    await chemist.post('/screens').set('Content-Type', 'text/plain').send('CCO').expect(415);
    const hugeJson = { molecules: [{ smiles: 'C'.repeat(MAX_UPLOAD_BYTES) }] };
    const tooLarge = await chemist.post('/screens').send(hugeJson).expect(413);
    expect(tooLarge.body).toMatchObject({ statusCode: 413, error: 'payload_too_large' });
    const json = await chemist
      .post('/screens')
      .set('Content-Type', 'application/json')
      .send('{"molecules": [')
      .expect(400);
    expect(json.body).not.toHaveProperty('stack');
    const shape = await chemist
      .post('/screens')
      .send({ molecules: [{ id: 'x' }] })
      .expect(400);
    expect(shape.body.message).toBe('molecules[0].smiles must be a string');
    await chemist
      .post('/screens')
      .set('Content-Type', 'multipart/form-data; boundary=XYZ')
      .send('--XYZ\r\nContent-Disposition: form-data; name="file"; filename="a.smi"\r\n\r\nCCO')
      .expect(400);
    const empty = await chemist.post('/screens').attach('file', Buffer.from(''), 'empty.smi').expect(422);
    expect(empty.body.message).toMatch(/no records/);
    expect(await screens()).toBe(before);
  });
});

describe('operations', () => {
  it('reports liveness and readiness of the database and Redis', async () => {
    const res = await chemist.get('/health').expect(200);
    expect(res.body).toMatchObject({ status: 'ok', live: true, ready: true, database: true, redis: true });
    await chemist.get('/health/live').expect(200);
  });

  it('exposes Prometheus metrics', async () => {
    const res = await chemist.get('/metrics').expect(200);
    expect(res.headers['content-type']).toMatch(/^text\/plain/);
    expect(res.text).toMatch(/^hitscreen_queue_jobs\{state="waiting"\} \d+$/m);
    expect(res.text).toMatch(
      /^hitscreen_http_request_duration_seconds_count\{method="GET",route="\/screens\/:id",status="200"\} [1-9]\d*$/m,
    );
    expect(res.text).toMatch(/^hitscreen_screens_submitted_total\{source="json"\} [1-9]/m);
  });

  it('serves the OpenAPI document and Swagger UI from local assets', async () => {
    const json = await chemist.get('/docs-json').expect(200);
    expect(Object.keys(json.body.paths)).toEqual(
      expect.arrayContaining([
        '/screens',
        '/screens/{id}/results',
        '/screens/{id}/events',
        '/health',
        '/metrics',
      ]),
    );
    expect(json.body.paths['/screens'].post.requestBody.content).toEqual({
      'application/json': { schema: { $ref: '#/components/schemas/SubmitJsonDto' } },
      'multipart/form-data': { schema: { $ref: '#/components/schemas/SubmitUploadDto' } },
    });
    expect(json.body.components.schemas.ScreenDto.properties.status.enum).toEqual([
      'queued',
      'running',
      'completed',
      'completed_with_errors',
      'failed',
      'cancelled',
    ]);
    const ui = await chemist.get('/docs').expect(200);
    expect(ui.text).toContain('swagger-ui');
    expect(ui.text).not.toMatch(/https?:\/\/(unpkg|cdn)/);
  });
});
