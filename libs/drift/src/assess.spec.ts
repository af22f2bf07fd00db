import {
  addCounts,
  assessDrift,
  countMolecule,
  DRIFT_THRESHOLDS,
  emptyCounts,
  type DriftCounts,
} from './assess';
import { DRIFT_PROPERTY_NAMES } from './drift-properties';
import { populationStabilityIndex } from './psi';
import { parseTrainingReference, REFERENCE_FORMAT, type TrainingReference } from './reference';

/** A reference whose every property has edges [1, 2, 3] and 250 training molecules per bin (1,000 in all). */
function reference(heldOutRate = 0.2): TrainingReference {
  return parseTrainingReference({
    format: REFERENCE_FORMAT,
    model: 'toy',
    modelVersion: '1.0.0',
    dataset: { file: 'toy.csv', rows: 1000, sha256: 'x', citation: 'none' },
    training: { molecules: 1000 },
    heldOut: { molecules: 250, outOfDomain: 250 * heldOutRate, outOfDomainRate: heldOutRate },
    domainThreshold: 0.35,
    properties: DRIFT_PROPERTY_NAMES.map((name) => ({
      name,
      edges: [1, 2, 3],
      counts: [250, 250, 250, 250],
      fractions: [0.25, 0.25, 0.25, 0.25],
    })),
    predictions: [{ name: 'toy.p', edges: [0.5], counts: [100, 100], fractions: [0.5, 0.5] }],
    generated: { by: 'test', at: '2026-11-29', how: 'by hand' },
  });
}

/** n molecules with every property at `value`, `outOfDomain` of them outside the domain. */
function library(ref: TrainingReference, values: number[], outOfDomain = 0): DriftCounts {
  const counts = emptyCounts(ref);
  values.forEach((v, i) =>
    countMolecule(ref, counts, Object.fromEntries(DRIFT_PROPERTY_NAMES.map((n) => [n, v])), i >= outOfDomain),
  );
  return counts;
}

describe('assessDrift', () => {
  it('reports no drift for a library spread like the training set, with the issue fields first', () => {
    const ref = reference();
    const values = Array.from({ length: 400 }, (_, i) => [0.5, 1.5, 2.5, 3.5][i % 4]);
    const report = assessDrift(ref, library(ref, values, 80));
    expect(Object.keys(report).slice(0, 5)).toEqual([
      'molecules',
      'outOfDomainRate',
      'properties',
      'drift',
      'reasons',
    ]);
    expect(report).toMatchObject({
      molecules: 400,
      outOfDomainRate: 0.2,
      drift: false,
      reasons: [],
      moderate: [],
    });
    expect(report.properties.map((p) => p.psi)).toEqual(new Array(7).fill(0));
  });

  it('names every shifted property and where its mass went', () => {
    const ref = reference();
    // 400 molecules, all above the last edge: a = (ε, ε, ε, 1) against e = 0.25 each
    const report = assessDrift(ref, library(ref, new Array(400).fill(10)));
    const psi = populationStabilityIndex([250, 250, 250, 250], [0, 0, 0, 400]);
    expect(psi).toBeCloseTo(3 * (0.25 - 1e-4) * Math.log(0.25 / 1e-4) + 0.75 * Math.log(4), 10);
    expect(report.drift).toBe(true);
    expect(report.properties[0]).toEqual({ name: 'mol_wt', psi: Number(psi.toFixed(4)) });
    expect(report.reasons).toHaveLength(7);
    expect(report.reasons[0]).toBe(
      `MW: PSI ${psi.toFixed(2)} (> 0.25); 100% of the library in bin > 3 vs 25% of the training set`,
    );
    expect(report.reasons.map((r) => r.split(':')[0])).toEqual([
      'MW',
      'cLogP',
      'TPSA',
      'HBD',
      'HBA',
      'rotatable bonds',
      'rings',
    ]);
  });

  it('does not call a PSI above 0.25 drift when a library this small reaches it by chance', () => {
    const ref = reference();
    // a = (0.5, 0.25, 0.25, ε): PSI = 0.25·ln 2 + 0.2499·ln(0.25/1e-4) ≈ 2.13. At n = 4 the noise bound is
    // χ²₀.₉₉₉(3) · (1/4 + 1/1000) = 16.266 · 0.251 = 4.08: not drift. At n = 20 it is 0.83: drift.
    const shape = [0.5, 0.5, 1.5, 2.5];
    const small = assessDrift(ref, library(ref, shape));
    expect(small.drift).toBe(false);
    expect(small.moderate[0]).toMatch(/^MW: PSI \d\.\d\d \(within sampling noise 4\.08 at n = 4\)/);
    const larger = assessDrift(ref, library(ref, [...shape, ...shape, ...shape, ...shape, ...shape]));
    expect(larger.properties[0].psi).toBeGreaterThan(DRIFT_THRESHOLDS.psiDrift);
    expect(larger.drift).toBe(true);
  });

  it('flags an out-of-domain rate well above the held-out rate, and only then', () => {
    const ref = reference(0.2);
    const values = Array.from({ length: 200 }, (_, i) => [0.5, 1.5, 2.5, 3.5][i % 4]);
    expect(assessDrift(ref, library(ref, values, 60)).drift).toBe(false); // 30 %: +10 points
    const high = assessDrift(ref, library(ref, values, 120)); // 60 %: +40 points, z ≈ 14
    expect(high.drift).toBe(true);
    expect(high.reasons).toEqual([
      'out-of-domain rate 60% vs 20% for held-out molecules of the training data (> +20%; max Tanimoto to training < 0.35)',
    ]);
  });

  it('adds counts (a day is the sum of its screens) to the same PSI as one library', () => {
    const ref = reference();
    const a = library(ref, [0.5, 1.5, 10, 10]);
    const b = library(ref, [2.5, 10, 10, 10], 2);
    const sum = addCounts(emptyCounts(ref), a);
    addCounts(sum, b);
    const whole = library(ref, [0.5, 1.5, 10, 10, 2.5, 10, 10, 10]);
    expect(sum.properties).toEqual(whole.properties);
    expect(sum.molecules).toBe(8);
    expect(sum.outOfDomain).toBe(2);
  });

  it('pads stored counts that omit empty trailing bins', () => {
    const ref = reference();
    const counts: DriftCounts = {
      molecules: 4,
      outOfDomain: 0,
      properties: { mol_wt: [1, 1, 1, 1], rings: [4] },
    };
    const report = assessDrift(ref, counts);
    expect(report.properties.find((p) => p.name === 'rings')!.psi).toBeCloseTo(
      populationStabilityIndex([1, 1, 1, 1], [4, 0, 0, 0]),
      4,
    );
  });
});

describe('prediction distributions', () => {
  it('reports a shift of the predictions without calling it drift', () => {
    const ref = reference();
    const counts = emptyCounts(ref);
    // 400 molecules spread like the training set, every one predicted 0.9 (the held-out split is 50/50 at 0.5)
    for (let i = 0; i < 400; i++) {
      const v = [0.5, 1.5, 2.5, 3.5][i % 4];
      countMolecule(
        ref,
        counts,
        { ...Object.fromEntries(DRIFT_PROPERTY_NAMES.map((n) => [n, v])), 'toy.p': 0.9 },
        true,
      );
    }
    const report = assessDrift(ref, counts);
    const psi = populationStabilityIndex([100, 100], [0, 400]); // (1e-4 − 0.5)·ln(2e-4) + 0.5·ln 2
    expect(report.predictions).toEqual([{ name: 'toy.p', psi: Number(psi.toFixed(4)) }]);
    expect(report.drift).toBe(false);
    expect(report.moderate).toEqual([
      `predictions toy.p: PSI ${psi.toFixed(2)} (> 0.25, not drift); 100% of the library in bin > 0.5 vs 50% of held-out molecules`,
    ]);
  });

  it('leaves predictions empty when the library was not scored', () => {
    const ref = reference();
    expect(assessDrift(ref, library(ref, [0.5, 1.5, 2.5, 3.5])).predictions).toEqual([]);
  });
});

describe('parseTrainingReference', () => {
  it('names the file and the field that is wrong', () => {
    const bad = { ...reference(), properties: reference().properties.slice(1) };
    expect(() => parseTrainingReference(bad, 'models/x/training-properties.json')).toThrow(
      'models/x/training-properties.json: property mol_wt is missing',
    );
    const uneven = reference();
    uneven.properties[0].counts = [1, 2];
    expect(() => parseTrainingReference(uneven, 'f')).toThrow(
      'f: properties[mol_wt]: 3 edges need 4 counts, not 2',
    );
  });
});
