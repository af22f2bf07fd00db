import { join } from 'node:path';
import { readRecords } from '@hitscreen/chem';
import { assessDrift, type DriftReport } from './assess';
import { measureLibrary } from './measure-library';
import { domainOf, modelDrift } from './model-drift';

const fixtures = join(__dirname, '../test-fixtures');

/** The committed BBBP reference against a fixture library, as `models drift bbbp <file>` computes it. */
async function driftOf(file: string): Promise<DriftReport & { invalid: number }> {
  const model = modelDrift('bbbp');
  const measured = await measureLibrary(
    readRecords(join(fixtures, file)),
    model.reference,
    domainOf(model.dir, model.card),
  );
  return { ...assessDrift(model.reference, measured.counts), invalid: measured.invalid };
}

const reasonNames = (r: DriftReport) => r.reasons.map((reason) => reason.split(':')[0]);

describe('drift against the BBBP training set (test-fixtures/SOURCE.md)', () => {
  it('does not flag the held-out molecules of the training data', async () => {
    const report = await driftOf('bbbp-held-out.csv');
    expect(report.molecules).toBe(408);
    expect(report.invalid).toBe(0);
    expect(report.drift).toBe(false);
    expect(report.reasons).toEqual([]);
    for (const p of report.properties) expect(p.psi).toBeLessThan(0.25);
    // the reference's held-out rate is these very molecules'
    expect(report.outOfDomainRate).toBeCloseTo(report.referenceOutOfDomainRate, 3);
  });

  it('flags peptides: size, polarity, flexibility', async () => {
    const report = await driftOf('shifted-peptides.smi');
    expect(report.molecules).toBe(30);
    expect(report.drift).toBe(true);
    expect(reasonNames(report)).toEqual(
      expect.arrayContaining(['MW', 'TPSA', 'HBD', 'HBA', 'rotatable bonds']),
    );
    expect(report.reasons.find((r) => r.startsWith('MW'))).toMatch(/100% of the library in bin > \d+/);
  });

  it('flags macrocycles: one big ring, out of the domain', async () => {
    const report = await driftOf('shifted-macrocycles.smi');
    expect(report.molecules).toBe(30);
    expect(report.drift).toBe(true);
    expect(reasonNames(report)).toEqual(expect.arrayContaining(['rings', 'rotatable bonds']));
    expect(report.reasons.find((r) => r.startsWith('rings'))).toMatch(/\d+% of the library in bin ≤ 1 /);
    expect(report.reasons.some((r) => r.startsWith('out-of-domain rate'))).toBe(true);
    expect(report.outOfDomainRate).toBeGreaterThan(0.6);
  });

  it('flags organometallics: no polar atoms, out of the domain', async () => {
    const report = await driftOf('shifted-organometallics.smi');
    expect(report.molecules + report.invalid).toBe(30);
    expect(report.drift).toBe(true);
    expect(reasonNames(report)).toEqual(expect.arrayContaining(['TPSA', 'HBD']));
    expect(report.reasons.some((r) => r.startsWith('out-of-domain rate'))).toBe(true);
  });
});
