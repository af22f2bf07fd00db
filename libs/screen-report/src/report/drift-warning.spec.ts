import { driftWarningSection, type ReportDrift } from './drift-warning';

const base: ReportDrift = {
  model: 'bbbp',
  molecules: 30,
  outOfDomainRate: 0.8,
  properties: [{ name: 'rings', psi: 1.87 }],
  drift: false,
  reasons: [],
};

describe('driftWarningSection', () => {
  it('is empty when no model drifted or none was recorded', () => {
    expect(driftWarningSection(undefined)).toBe('');
    expect(driftWarningSection([])).toBe('');
    expect(driftWarningSection([base])).toBe('');
  });

  it('names each drifted model with its reasons, escaped', () => {
    const html = driftWarningSection([
      { ...base, drift: true, reasons: ['rings: PSI 1.87 (> 0.25); 77% of the library in bin ≤ 1 vs 19%'] },
      { ...base, model: 'esol' },
    ]);
    expect(html).toContain('Warning: this library drifted from the training data');
    expect(html).toContain('<b>bbbp</b> (30 molecules, 80% outside its applicability domain)');
    expect(html).toContain('<li>rings: PSI 1.87 (&#62; 0.25); 77% of the library in bin ≤ 1 vs 19%</li>');
    expect(html).not.toContain('esol');
  });
});
