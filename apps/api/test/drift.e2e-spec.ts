/**
 * Drift end to end, on PostgreSQL and on SQLite: screens through the API and a real worker, drift stored when each
 * screen finishes, read back per screen and as the day's roll-up, in the report and on /metrics. The expected values
 * are not hard-coded: they are what libs/drift computes from the same fixture files (the CLI's path), so the
 * per-screen path (stored properties and domain scores → bin counts in the database → sums) must agree with it.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { readRecords } from '@hitscreen/chem';
import {
  addCounts,
  assessDrift,
  domainOf,
  emptyCounts,
  measureLibrary,
  modelDrift,
  type DriftCounts,
  type DriftReport,
} from '@hitscreen/drift';
import type { Caller } from './e2e-access';
import { finalScreen, startStack, type E2eStack } from './e2e-backend';

const FIXTURES = join(__dirname, '../../../libs/drift/test-fixtures');
/** The BBBP model's held-out molecules (no drift) and 30 peptides (drift): libs/drift/test-fixtures/SOURCE.md. */
const HELD_OUT = 'bbbp-held-out.csv';
const PEPTIDES = 'shifted-peptides.smi';

async function countsOf(file: string): Promise<DriftCounts> {
  const model = modelDrift('bbbp');
  return (
    await measureLibrary(readRecords(join(FIXTURES, file)), model.reference, domainOf(model.dir, model.card))
  ).counts;
}

function parseMetrics(text: string): Map<string, number> {
  const samples = new Map<string, number>();
  for (const line of text.split('\n')) {
    if (line === '' || line.startsWith('#')) continue;
    const space = line.lastIndexOf(' ');
    samples.set(line.slice(0, space), Number(line.slice(space + 1)));
  }
  return samples;
}

const essentials = (r: DriftReport) => ({
  molecules: r.molecules,
  outOfDomainRate: r.outOfDomainRate,
  properties: r.properties,
  drift: r.drift,
  reasons: r.reasons,
});

describe.each(['postgres', 'sqlite'] as const)('drift on %s', (dialect) => {
  let stack: E2eStack;
  let chemist: Caller;
  const expected: Record<string, DriftCounts> = {};
  const screens: Record<string, string> = {};

  beforeAll(async () => {
    stack = await startStack({ maxUploadBytes: 4 * 1024 * 1024 }, { maxMolecules: 1000 }, dialect);
    chemist = stack.people.as.chemist;
    expected[HELD_OUT] = await countsOf(HELD_OUT);
    expected[PEPTIDES] = await countsOf(PEPTIDES);
    for (const file of [HELD_OUT, PEPTIDES]) {
      const res = await chemist
        .post('/screens')
        .field('models', 'bbbp')
        .attach('file', readFileSync(join(FIXTURES, file)), file)
        .expect(202);
      screens[file] = res.body.id as string;
    }
    for (const id of Object.values(screens)) await finalScreen(chemist, id, 240_000);
  }, 300_000);
  afterAll(async () => {
    await stack?.close();
  });

  const reference = () => modelDrift('bbbp').reference;

  it('stores each screen’s drift when it finishes, equal to the CLI’s computation on the same file', async () => {
    for (const file of [HELD_OUT, PEPTIDES]) {
      const res = await chemist.get(`/screens/${screens[file]}/drift`).expect(200);
      const want = assessDrift(reference(), expected[file]);
      expect(res.body).toMatchObject({ screenId: screens[file], status: 'completed', drift: want.drift });
      expect(res.body.models).toHaveLength(1);
      expect(essentials(res.body.models[0])).toEqual(essentials(want));
      expect(res.body.models[0]).toMatchObject({ model: 'bbbp', currentReference: true });
    }
    const peptides = (await chemist.get(`/screens/${screens[PEPTIDES]}/drift`)).body.models[0] as DriftReport;
    expect(peptides.drift).toBe(true);
    expect(peptides.reasons.map((r) => r.split(':')[0])).toEqual(
      expect.arrayContaining(['MW', 'TPSA', 'HBD']),
    );
    const heldOut = (await chemist.get(`/screens/${screens[HELD_OUT]}/drift`)).body.models[0] as DriftReport;
    expect(heldOut).toMatchObject({ molecules: 408, drift: false, reasons: [] });
    // the screen scored its molecules: the predictions' distribution against the held-out molecules' own. The
    // reference's bins were made from these very 408 predictions, so the PSI is ~0 (ONNX batch order aside).
    expect(heldOut.predictions).toHaveLength(1);
    expect(heldOut.predictions[0].name).toBe('bbbp.p_np');
    expect(heldOut.predictions[0].psi).toBeLessThan(0.01);
    expect(peptides.predictions[0].name).toBe('bbbp.p_np');
  });

  it('rolls the day up as the sum of its screens’ counts', async () => {
    const today = new Date().toISOString().slice(0, 10);
    const res = await chemist.get(`/drift?model=bbbp&from=${today}&to=${today}`).expect(200);
    const sum = addCounts(addCounts(emptyCounts(reference()), expected[HELD_OUT]), expected[PEPTIDES]);
    expect(res.body).toMatchObject({ model: 'bbbp', from: today, to: today });
    expect(res.body.days).toHaveLength(1);
    expect(res.body.days[0]).toMatchObject({ day: today, screens: 2, molecules: 438 });
    expect(essentials(res.body.days[0])).toEqual(essentials(assessDrift(reference(), sum)));
    await chemist.get('/drift?model=nope').expect(400);
    await chemist.get(`/drift?model=bbbp&from=${today}&to=2020-01-01`).expect(400);
    await chemist.get('/drift?model=bbbp&from=2020-01-01&to=2026-01-01').expect(400);
  });

  it('warns in the report of the drifted library only, with the reasons', async () => {
    const drifted = await chemist.get(`/screens/${screens[PEPTIDES]}/report`).expect(200);
    expect(drifted.text).toContain('Warning: this library drifted from the training data');
    const peptides = (await chemist.get(`/screens/${screens[PEPTIDES]}/drift`)).body.models[0] as DriftReport;
    // the report escapes < > & " ' as numeric entities (svg-charts escapeXml)
    const escape = (t: string) => t.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
    for (const reason of peptides.reasons) expect(drifted.text).toContain(escape(reason));
    const fine = await chemist.get(`/screens/${screens[HELD_OUT]}/report`).expect(200);
    expect(fine.text).not.toContain('drifted from the training data');
  });

  it('exports the last 24 hours as Prometheus gauges', async () => {
    const today = new Date().toISOString().slice(0, 10);
    const day = (await chemist.get(`/drift?model=bbbp&from=${today}&to=${today}`)).body
      .days[0] as DriftReport;
    const m = parseMetrics((await chemist.get('/metrics').expect(200)).text);
    for (const p of day.properties)
      expect(m.get(`hitscreen_drift_psi{model="bbbp",property="${p.name}"}`)).toBe(p.psi);
    expect(m.get('hitscreen_drift_out_of_domain_rate{model="bbbp"}')).toBe(day.outOfDomainRate);
    expect(m.get('hitscreen_drift{model="bbbp"}')).toBe(day.drift ? 1 : 0);
    expect(m.get('hitscreen_drift_molecules{model="bbbp"}')).toBe(438);
    expect(m.get('hitscreen_drift_prediction_psi{model="bbbp",prediction="bbbp.p_np"}')).toBe(
      (day as DriftReport).predictions[0].psi,
    );
  });
});
