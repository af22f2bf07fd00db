import { convertUnit, unitKey } from './units';

describe('lab units', () => {
  it('compares UCUM spellings by key', () => {
    expect(unitKey('mL/min/{1.73_m2}')).toBe(unitKey('mL/min/1.73m2'));
    expect(convertUnit(42, 'mL/min/{1.73_m2}', 'mL/min/1.73 m2')).toBe(42);
  });
  it('glucose: 100 mg/dL = 5.55 mmol/L and back', () => {
    expect(convertUnit(100, 'mg/dL', 'mmol/L', 'glucose')).toBeCloseTo(5.5506, 4);
    expect(convertUnit(7, 'mmol/L', 'mg/dL', 'glucose')).toBeCloseTo(126.112, 3);
  });
  it('HbA1c: 7 % = 53.0 mmol/mol, 48 mmol/mol = 6.54 %', () => {
    expect(convertUnit(7, '%', 'mmol/mol', 'hba1c')).toBeCloseTo(53.006, 3);
    expect(convertUnit(48, 'mmol/mol', '%', 'hba1c')).toBeCloseTo(6.542, 3);
  });
  it('analyte-free scalings within a dimension; refusals with the reason', () => {
    expect(convertUnit(1.2, 'g/dL', 'mg/dL')).toBeCloseTo(1200, 9);
    expect(convertUnit(88.42, 'umol/L', 'mg/dL', 'creatinine')).toBeCloseTo(1, 3);
    expect(convertUnit(5, 'mmol/L', 'mg/dL')).toEqual({
      reason: 'no conversion from "mmol/L" to "mg/dL" (analyte unknown for this code)',
    });
    expect(convertUnit(5, 'mg', 'mg/dL', 'glucose')).toEqual({
      reason: 'unit "mg" is not one this module knows',
    });
  });
});
