import {
  DEFAULT_WEIGHTS,
  desirability,
  effectiveWeights,
  transformFor,
  weightableKeys,
} from './desirability';

const classification = new Set(['bbbp.p_np', 'tox21.NR-AR', 'clintox.CT_TOX']);

describe('desirability', () => {
  it('is the weighted geometric mean of the per-term transforms', () => {
    const d = desirability({ qed: 0.64, alerts: 0 }, { qed: 1, alerts: 1 }, classification);
    expect(d).toBeCloseTo(Math.sqrt(0.64 * 1), 10);
    const weighted = desirability(
      { qed: 0.25, 'bace.pIC50': 8 },
      { qed: 1, 'bace.pIC50': 3 },
      classification,
    );
    expect(weighted).toBeCloseTo(Math.exp((Math.log(0.25) + 3 * Math.log(1)) / 4), 10);
  });

  it('rewards potency, penalizes toxicity and alerts, floors each term at 0.01', () => {
    const w = { qed: 1, tox_max: 1, alerts: 1 };
    const clean = desirability({ qed: 0.7, tox_max: 0.1, alerts: 0 }, w, classification)!;
    const toxic = desirability({ qed: 0.7, tox_max: 0.9, alerts: 0 }, w, classification)!;
    const alerted = desirability({ qed: 0.7, tox_max: 0.1, alerts: 2 }, w, classification)!;
    expect(clean).toBeGreaterThan(alerted);
    expect(alerted).toBeGreaterThan(toxic);
    expect(desirability({ qed: 0 }, { qed: 1 }, classification)).toBeCloseTo(0.01, 10);
    expect(transformFor('bace.pIC50', classification)!(6)).toBeCloseTo(0.5, 10);
    expect(transformFor('lipophilicity.lipo', classification)!(2)).toBe(1);
    expect(transformFor('lipophilicity.lipo', classification)!(4)).toBeCloseTo(0.5, 10);
    expect(transformFor('tox21.NR-AR', classification)!(0.2)).toBeCloseTo(0.8, 10);
    expect(transformFor('bbbp.p_np', classification)!(0.2)).toBeCloseTo(0.2, 10);
  });

  it('skips missing terms and is null when none applies', () => {
    expect(desirability({ qed: 0.5 }, { qed: 1, 'bace.pIC50': 5 }, classification)).toBeCloseTo(0.5, 10);
    expect(desirability({}, { qed: 1 }, classification)).toBeNull();
  });

  it('merges a screen’s weights over the defaults and keeps only available keys', () => {
    const available = weightableKeys(['esol.log_solubility_mol_per_l', 'bbbp.p_np'], classification);
    expect(available.sort()).toEqual([
      'alerts',
      'bbbp.p_np',
      'esol.log_solubility_mol_per_l',
      'in_domain',
      'qed',
    ]);
    expect(effectiveWeights(available, { qed: 0, 'bbbp.p_np': 2 })).toEqual({
      alerts: DEFAULT_WEIGHTS.alerts,
      in_domain: DEFAULT_WEIGHTS.in_domain,
      'esol.log_solubility_mol_per_l': DEFAULT_WEIGHTS['esol.log_solubility_mol_per_l'],
      'bbbp.p_np': 2,
    });
  });

  it('a screen without models weighs the property terms only (no domain to be in)', () => {
    const available = weightableKeys([], classification);
    expect(available.sort()).toEqual(['alerts', 'qed']);
    expect(effectiveWeights(available)).toEqual({ qed: DEFAULT_WEIGHTS.qed, alerts: DEFAULT_WEIGHTS.alerts });
  });
});
