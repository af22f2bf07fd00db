/**
 * Lab unit handling. Units are compared by a normalized key (case, spaces, UCUM braces and underscores
 * ignored: "mL/min/{1.73_m2}" = "ml/min/1.73m2"). Conversions within a dimension (mass or molar concentration)
 * are analyte-free; between them, or for HbA1c % ↔ mmol/mol, the analyte is read from the LOINC code.
 */
export type Analyte = 'glucose' | 'hba1c' | 'creatinine' | 'cholesterol' | 'triglycerides';

/** LOINC codes → analyte (the codes seen in Synthea and the usual lab panels). */
const ANALYTE_BY_LOINC: Record<string, Analyte> = {
  '2339-0': 'glucose', // Glucose [Mass/volume] in Blood
  '2345-7': 'glucose', // Glucose [Mass/volume] in Serum or Plasma
  '1558-6': 'glucose', // Fasting glucose [Mass/volume] in Serum or Plasma
  '41653-7': 'glucose', // Glucose [Mass/volume] in Capillary blood by Glucometer
  '15074-8': 'glucose', // Glucose [Moles/volume] in Blood
  '14749-6': 'glucose', // Glucose [Moles/volume] in Serum or Plasma
  '14771-0': 'glucose', // Fasting glucose [Moles/volume] in Serum or Plasma
  '4548-4': 'hba1c', // Hemoglobin A1c/Hemoglobin.total in Blood (%)
  '17856-6': 'hba1c', // … by HPLC (%)
  '4549-2': 'hba1c', // … by Electrophoresis (%)
  '59261-8': 'hba1c', // Hemoglobin A1c/Hemoglobin.total in Blood by IFCC protocol (mmol/mol)
  '2160-0': 'creatinine', // Creatinine [Mass/volume] in Serum or Plasma
  '38483-4': 'creatinine', // Creatinine [Mass/volume] in Blood
  '14682-9': 'creatinine', // Creatinine [Moles/volume] in Serum or Plasma
  '2093-3': 'cholesterol', // Cholesterol [Mass/volume] in Serum or Plasma
  '18262-6': 'cholesterol', // LDL cholesterol (direct)
  '13457-7': 'cholesterol', // LDL cholesterol (calculated)
  '2089-1': 'cholesterol', // LDL cholesterol
  '2085-9': 'cholesterol', // HDL cholesterol
  '14647-2': 'cholesterol', // Cholesterol [Moles/volume]
  '2571-8': 'triglycerides', // Triglyceride [Mass/volume]
  '14927-8': 'triglycerides', // Triglyceride [Moles/volume]
};

/** mg/dL per mmol/L: the molar mass / 10. */
const MG_DL_PER_MMOL_L: Partial<Record<Analyte, number>> = {
  glucose: 18.016, // 180.16 g/mol
  creatinine: 11.312, // 113.12 g/mol (1 mg/dL = 88.42 µmol/L)
  cholesterol: 38.67, // 386.65 g/mol
  triglycerides: 88.57, // as triolein, 885.7 g/mol
};

/** Scale of each unit to its dimension's base (mass: mg/dL; molar: mmol/L; …). */
const SCALES: Record<string, { dimension: string; factor: number }> = {
  'mg/dl': { dimension: 'mass', factor: 1 },
  'g/dl': { dimension: 'mass', factor: 1000 },
  'g/l': { dimension: 'mass', factor: 100 },
  'mg/l': { dimension: 'mass', factor: 0.1 },
  'mmol/l': { dimension: 'molar', factor: 1 },
  'umol/l': { dimension: 'molar', factor: 0.001 },
  'µmol/l': { dimension: 'molar', factor: 0.001 },
  'nmol/l': { dimension: 'molar', factor: 1e-6 },
  kg: { dimension: 'weight', factor: 1 },
  g: { dimension: 'weight', factor: 0.001 },
  '[lb_av]': { dimension: 'weight', factor: 0.45359237 },
  lb: { dimension: 'weight', factor: 0.45359237 },
  cm: { dimension: 'length', factor: 1 },
  m: { dimension: 'length', factor: 100 },
  '[in_i]': { dimension: 'length', factor: 2.54 },
  '%': { dimension: 'percent', factor: 1 },
  'mmol/mol': { dimension: 'ifcc', factor: 1 },
};

/** HbA1c: IFCC (mmol/mol) = 10.929 × (NGSP % − 2.15) (the IFCC–NGSP master equation). */
const hba1cPercentToIfcc = (percent: number) => 10.929 * (percent - 2.15);
const hba1cIfccToPercent = (ifcc: number) => ifcc / 10.929 + 2.15;

export function unitKey(unit: string): string {
  const key = unit.trim().toLowerCase().replace(/\s+/g, '').replace(/[{}_]/g, '');
  return key === 'percent' ? '%' : key;
}

export function analyteOf(loincCode: string): Analyte | undefined {
  return ANALYTE_BY_LOINC[loincCode];
}

/**
 * `value` in `from` expressed in `to`, or the reason it cannot be (unknown unit, or no conversion for the
 * analyte). Same unit (by key) always converts, whatever the analyte.
 */
export function convertUnit(
  value: number,
  from: string,
  to: string,
  analyte?: Analyte,
): number | { reason: string } {
  const a = unitKey(from);
  const b = unitKey(to);
  if (a === b) return value;
  const sa = SCALES[a];
  const sb = SCALES[b];
  if (!sa) return { reason: `unit "${from}" is not one this module knows` };
  if (!sb) return { reason: `unit "${to}" is not one this module knows` };
  if (sa.dimension === sb.dimension) return (value * sa.factor) / sb.factor;
  if (analyte === 'hba1c') {
    if (sa.dimension === 'percent' && sb.dimension === 'ifcc') return hba1cPercentToIfcc(value);
    if (sa.dimension === 'ifcc' && sb.dimension === 'percent') return hba1cIfccToPercent(value);
  }
  const mgPerMmol = analyte ? MG_DL_PER_MMOL_L[analyte] : undefined;
  if (mgPerMmol !== undefined) {
    if (sa.dimension === 'mass' && sb.dimension === 'molar')
      return (value * sa.factor) / mgPerMmol / sb.factor;
    if (sa.dimension === 'molar' && sb.dimension === 'mass')
      return (value * sa.factor * mgPerMmol) / sb.factor;
  }
  return {
    reason: `no conversion from "${from}" to "${to}"${analyte ? ` for ${analyte}` : ' (analyte unknown for this code)'}`,
  };
}
