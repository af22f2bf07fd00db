import { startStack, type E2eStack } from './e2e-backend';

// Browser-facing defences on the real application (PostgreSQL, Redis, a worker behind it).
describe('HTTP hardening', () => {
  let stack: E2eStack;
  beforeAll(async () => {
    // Behind one proxy: the client address comes from X-Forwarded-For.
    stack = await startStack({ maxUploadBytes: 4096 }, undefined, 'postgres', { api: { trustProxyHops: 1 } });
  });
  afterAll(() => stack.close());

  it('sends security headers and no framework banner', async () => {
    const response = await stack.people.as.chemist.get('/health').expect(200);
    expect(response.headers['x-content-type-options']).toBe('nosniff');
    expect(response.headers['x-frame-options']).toBe('SAMEORIGIN');
    expect(response.headers['content-security-policy']).toContain("script-src 'self'");
    expect(response.headers['content-security-policy']).toContain("frame-ancestors 'none'");
    expect(response.headers['strict-transport-security']).toMatch(/max-age=\d+/);
    expect(response.headers['x-powered-by']).toBeUndefined();
  });

  it('asks every route but /health, /metrics and sign-in for a credential', async () => {
    const anonymous = stack.people.anonymous;
    const refused = await anonymous.get('/screens').expect(401);
    expect(refused.body).toEqual({
      statusCode: 401,
      error: 'unauthorized',
      message: 'a valid bearer token or API key is required',
    });
    await anonymous
      .post('/screens')
      .send({ molecules: [{ smiles: 'CCO' }] })
      .expect(401);
    await anonymous.get('/trials').expect(401);
    await anonymous.get('/health').expect(200);
    await anonymous.get('/metrics').expect(200);
    await anonymous.post('/auth/token').send({ email: 'chemist@example.org', password: 'wrong' }).expect(401);
    const signedIn = await anonymous
      .post('/auth/token')
      .send({ email: 'chemist@example.org', password: 'chemist password, long enough' })
      .expect(200);
    await anonymous.get('/screens').set('Authorization', `Bearer ${signedIn.body.token}`).expect(200);
    // The OpenAPI document says so: both schemes, and 401/403 on the guarded routes.
    const doc = (await anonymous.get('/docs-json').expect(200)).body;
    expect(Object.keys(doc.components.securitySchemes).sort()).toEqual(['api-key', 'bearer']);
    expect(Object.keys(doc.paths['/screens/{id}/results'].get.responses)).toEqual(
      expect.arrayContaining(['401', '403', '404']),
    );
  });

  it('answers no CORS grant to a foreign origin (closed by default)', async () => {
    const preflight = await stack.people.as.chemist
      .options('/screens')
      .set('Origin', 'https://evil.example')
      .set('Access-Control-Request-Method', 'POST');
    expect(preflight.headers['access-control-allow-origin']).toBeUndefined();
    const read = await stack.people.as.chemist.get('/screens').set('Origin', 'https://evil.example');
    expect(read.headers['access-control-allow-origin']).toBeUndefined();
  });

  it('refuses a body over the limit with 413 and an error body without a stack trace', async () => {
    const molecules = Array.from({ length: 400 }, (_, i) => ({ id: `m${i}`, smiles: 'CCO' }));
    const response = await stack.people.as.chemist.post('/screens').send({ molecules }).expect(413);
    expect(JSON.stringify(response.body)).not.toMatch(/\bat .+\.(js|ts):\d+/);
    expect(response.body).toMatchObject({ statusCode: 413 });
  });

  it('answers malformed JSON with a 400 that names the problem, not a stack', async () => {
    const response = await stack.people.as.chemist
      .post('/screens')
      .set('Content-Type', 'application/json')
      .send('{"molecules": [')
      .expect(400);
    expect(JSON.stringify(response.body)).not.toMatch(/\bat .+\.(js|ts):\d+/);
  });

  it('loads its scripts from this origin only (no inline script the policy would block)', async () => {
    const page = await stack.people.as.chemist.get('/docs').redirects(1).expect(200);
    const scripts = [...page.text.matchAll(/<script([^>]*)>([\s\S]*?)<\/script>/g)];
    expect(scripts.length).toBeGreaterThan(0);
    for (const [, attributes, body] of scripts) {
      expect(attributes).toMatch(/src="\.?\/?[^":]+"/);
      expect(body.trim()).toBe('');
    }
  });

  it('records the client address given by the proxy (TRUST_PROXY=1) in the audit log', async () => {
    await stack.people.as.clinical.get('/screens').set('X-Forwarded-For', '203.0.113.7').expect(403);
    const rows = await stack.access.audit.forResource('screens');
    expect(rows.map((r) => [r.action, r.source])).toContainEqual(['access.denied', '203.0.113.7']);
  });
});
