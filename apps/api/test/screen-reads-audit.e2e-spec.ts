import { startStack, type E2eStack } from './e2e-backend';

type Json = Record<string, unknown>;

// Reading a screen's summary and watching its progress leave audit rows like every other read; summaries say whose
// screen it is (owner and team) to those who may see it. On SQLite, with a worker in process.
describe('screen summary and progress-stream reads: audited; owner and team shown', () => {
  let stack: E2eStack;
  let screenId = '';
  beforeAll(async () => {
    stack = await startStack({}, undefined, 'sqlite');
    const submitted = await stack.people.as.chemist
      .post('/screens')
      .send({ molecules: [{ id: 'aspirin', smiles: 'CC(=O)Oc1ccccc1C(=O)O' }], options: { models: [] } })
      .expect(202);
    screenId = submitted.body.id;
  });
  afterAll(() => stack.close());

  const auditRows = async (resource: string) =>
    (await stack.people.as.admin.get(`/audit?resource=${resource}&pageSize=1000`).expect(200)).body
      .items as Json[];

  it('GET /screens/:id: the teammate sees owner and team; the outsider gets a 404; both are audited', async () => {
    const { users } = stack.people;
    const seen = await stack.people.as.teammate.get(`/screens/${screenId}`).expect(200);
    expect(seen.body).toMatchObject({ id: screenId, owner: `user:${users.chemist.id}`, team: 'med-chem' });
    const listed = await stack.people.as.chemist.get('/screens').expect(200);
    expect(listed.body.items[0]).toMatchObject({ owner: `user:${users.chemist.id}`, team: 'med-chem' });
    await stack.people.as.outsider.get(`/screens/${screenId}`).expect(404);

    const rows = (await auditRows(`screens/${screenId}`)).filter((r) => r.action === 'screen.read');
    const byActor = (id: string) => rows.filter((r) => r.actor === `user:${id}`).map((r) => r.outcome);
    expect(byActor(users.teammate.id)).toEqual(['allowed']);
    expect(byActor(users.outsider.id)).toEqual(['failed']);
    const refused = rows.find((r) => r.actor === `user:${users.outsider.id}`);
    expect(JSON.parse(String(refused?.details))).toMatchObject({ status: 404 });
  });

  it('GET /screens/:id/events: the opened stream and the refused one are audited', async () => {
    const { users } = stack.people;
    // The screen finishes; its stream then sends the final state and closes.
    const stream = await stack.people.as.chemist
      .get(`/screens/${screenId}/events`)
      .buffer(true)
      .parse((res, done) => {
        let text = '';
        res.on('data', (chunk: Buffer) => (text += chunk.toString()));
        res.on('end', () => done(null, text));
      })
      .expect(200);
    expect(String(stream.body)).toContain('event: end');
    await stack.people.as.outsider.get(`/screens/${screenId}/events`).expect(404);

    const rows = (await auditRows(`screens/${screenId}/events`)).filter((r) => r.action === 'screen.events');
    expect(rows.map((r) => [r.actor, r.outcome]).sort()).toEqual(
      [
        [`user:${users.chemist.id}`, 'allowed'],
        [`user:${users.outsider.id}`, 'failed'],
      ].sort(),
    );
  });
});
