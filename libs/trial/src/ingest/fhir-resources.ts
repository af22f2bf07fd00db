import type {
  ConditionFact,
  Ethnicity,
  MedicationFact,
  ObservationFact,
  PatientRecord,
  Race,
} from '../patient.types';
import type { Sex } from '../trial.types';

/**
 * FHIR R4 resources → the facts the criteria read. Each mapper returns the facts, or a string saying why the
 * resource cannot be used (the reader reports it with the file and position and goes on).
 */
export type Resource = Record<string, unknown> & { resourceType?: unknown; id?: unknown };
type Mapped<T> = T | string;

const RACE_BY_OMB: Record<string, Race> = {
  '2106-3': 'white',
  '2054-5': 'black',
  '2028-9': 'asian',
  '1002-5': 'native',
  '2076-8': 'pacific',
  '2131-1': 'other',
};
const ETHNICITY_BY_OMB: Record<string, Ethnicity> = { '2135-2': 'hispanic', '2186-5': 'nonhispanic' };
const US_CORE = 'http://hl7.org/fhir/us/core/StructureDefinition/';

const DAYS_IN_MONTH = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/**
 * YYYY-MM-DD or YYYY-MM-DDThh:mm:ss[.fff…](Z|±hh:mm) → epoch ms; NaN for an impossible date; undefined for any
 * other shape (left to Date.parse).
 */
function parseIsoFast(v: string): number | undefined {
  const digits = (from: number, n: number) => {
    let x = 0;
    for (let i = from; i < from + n; i++) {
      const c = v.charCodeAt(i) - 48;
      if (c < 0 || c > 9) return -1;
      x = x * 10 + c;
    }
    return x;
  };
  if (v.length < 10 || v.charCodeAt(4) !== 45 || v.charCodeAt(7) !== 45) return undefined;
  const year = digits(0, 4);
  const month = digits(5, 2);
  const day = digits(8, 2);
  if (year < 0 || month < 0 || day < 0) return undefined;
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  if (month < 1 || month > 12 || day < 1 || day > (month === 2 && !leap ? 28 : DAYS_IN_MONTH[month - 1]))
    return Number.NaN;
  if (v.length === 10) return Date.UTC(year, month - 1, day);
  if (v.length < 20 || v[10] !== 'T' || v[13] !== ':' || v[16] !== ':') return undefined;
  const [h, mi, sec] = [digits(11, 2), digits(14, 2), digits(17, 2)];
  if (h < 0 || mi < 0 || sec < 0 || h > 23 || mi > 59 || sec > 60) return Number.NaN;
  let i = 19;
  let ms = 0;
  if (v[i] === '.') {
    const from = ++i;
    while (i < v.length && v.charCodeAt(i) >= 48 && v.charCodeAt(i) <= 57) i++;
    if (i === from) return undefined;
    ms = Math.floor(Number(`0.${v.slice(from, i)}`) * 1000);
  }
  let offset = 0;
  if (v[i] === 'Z' && i + 1 === v.length) offset = 0;
  else if ((v[i] === '+' || v[i] === '-') && i + 6 === v.length && v[i + 3] === ':') {
    const oh = digits(i + 1, 2);
    const om = digits(i + 4, 2);
    if (oh < 0 || om < 0) return undefined;
    offset = (v[i] === '+' ? 1 : -1) * (oh * 60 + om) * 60_000;
  } else return undefined;
  return Date.UTC(year, month - 1, day, h, mi, sec, ms) - offset;
}

/** Epoch ms of a FHIR date or dateTime (a date alone is midnight UTC); undefined when absent, NaN when bad. */
export function parseFhirDate(value: unknown): number | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') return Number.NaN;
  // The common forms by hand: Date.parse is several times slower, and there are millions of these.
  const fast = parseIsoFast(value);
  if (fast !== undefined) return fast;
  return Date.parse(
    /^\d{4}$/.test(value) ? `${value}-01-01` : /^\d{4}-\d{2}$/.test(value) ? `${value}-01` : value,
  );
}

export function mapPatient(r: Resource, pid: string): Mapped<PatientRecord> {
  const birthDate = parseFhirDate(r.birthDate);
  if (Number.isNaN(birthDate)) return 'Patient.birthDate is not a date';
  const deathDate = parseFhirDate(r.deceasedDateTime);
  if (Number.isNaN(deathDate)) return 'Patient.deceasedDateTime is not a date';
  const addresses = Array.isArray(r.address) ? (r.address as Record<string, unknown>[]) : [];
  const home = addresses.find((a) => a?.use === 'home') ?? addresses[0];
  return {
    pid,
    sex: sexOf(r.gender),
    birthDate,
    deathDate,
    city: str(home?.city),
    state: str(home?.state),
    postalCode: str(home?.postalCode),
    race: ombCategory(r, 'us-core-race', RACE_BY_OMB, 'unknown'),
    ethnicity: ombCategory(r, 'us-core-ethnicity', ETHNICITY_BY_OMB, 'unknown'),
    conditions: [],
    observations: [],
    medications: [],
  };
}

export function mapCondition(r: Resource): Mapped<ConditionFact[]> {
  const codings = codingsOf(r.code);
  if (codings.length === 0) return 'Condition.code has no coding with system and code';
  const onset = parseFhirDate(
    r.onsetDateTime ?? (r.onsetPeriod as Record<string, unknown> | undefined)?.start ?? r.recordedDate,
  );
  if (Number.isNaN(onset)) return 'Condition.onsetDateTime is not a date';
  const abatement = parseFhirDate(
    r.abatementDateTime ?? (r.abatementPeriod as Record<string, unknown> | undefined)?.end,
  );
  if (Number.isNaN(abatement)) return 'Condition.abatementDateTime is not a date';
  const clinicalStatus = codingsOf(r.clinicalStatus)[0]?.code;
  if (codingsOf(r.verificationStatus)[0]?.code === 'entered-in-error') return [];
  return codings.map((c) => ({ ...c, onset, abatement, clinicalStatus }));
}

/** An Observation with a valueQuantity, or with components (blood pressure): one fact per code. */
export function mapObservation(r: Resource): Mapped<ObservationFact[]> {
  if (r.status === 'entered-in-error' || r.status === 'cancelled') return [];
  const date = parseFhirDate(
    r.effectiveDateTime ?? (r.effectivePeriod as Record<string, unknown> | undefined)?.start ?? r.issued,
  );
  if (Number.isNaN(date)) return 'Observation.effectiveDateTime is not a date';
  const codings = codingsOf(r.code);
  if (codings.length === 0) return 'Observation.code has no coding with system and code';
  const facts: ObservationFact[] = [];
  const quantity = quantityOf(r.valueQuantity);
  if (typeof quantity === 'string') return `Observation.valueQuantity ${quantity}`;
  for (const c of codings)
    facts.push({ system: c.system, code: c.code, date, value: quantity.value, unit: quantity.unit });
  const components = Array.isArray(r.component) ? (r.component as Record<string, unknown>[]) : [];
  for (const component of components) {
    const q = quantityOf(component?.valueQuantity);
    if (typeof q === 'string') return `Observation.component.valueQuantity ${q}`;
    for (const c of codingsOf(component?.code))
      facts.push({ system: c.system, code: c.code, date, value: q.value, unit: q.unit });
  }
  return facts;
}

/** MedicationRequest or MedicationStatement; `medications` resolves a medicationReference inside the bundle. */
export function mapMedication(r: Resource, medications?: Map<string, Resource>): Mapped<MedicationFact[]> {
  let codings = codingsOf(r.medicationCodeableConcept);
  const reference = (r.medicationReference as Record<string, unknown> | undefined)?.reference;
  if (codings.length === 0 && typeof reference === 'string') {
    const medication = medications?.get(reference) ?? medications?.get(referenceTail(reference));
    if (!medication) return `${r.resourceType}.medicationReference does not resolve inside the bundle`;
    codings = codingsOf(medication.code);
  }
  if (codings.length === 0) return `${r.resourceType}.medication has no coding with system and code`;
  const period = r.effectivePeriod as Record<string, unknown> | undefined;
  const start = parseFhirDate(r.authoredOn ?? period?.start ?? r.effectiveDateTime ?? r.dateAsserted);
  const end = parseFhirDate(period?.end);
  if (Number.isNaN(start) || Number.isNaN(end)) return `${r.resourceType} has a date that is not a date`;
  const status = str(r.status);
  if (status === 'entered-in-error') return [];
  return codings.map((c) => ({ ...c, start, end, status }));
}

export function mapEncounter(
  r: Resource,
): Mapped<{ date: number; organizationRef?: string; organizationName?: string }> {
  const period = r.period as Record<string, unknown> | undefined;
  const date = parseFhirDate(period?.start ?? period?.end);
  if (date === undefined || Number.isNaN(date)) return 'Encounter.period.start is missing or not a date';
  const provider = r.serviceProvider as Record<string, unknown> | undefined;
  return { date, organizationRef: str(provider?.reference), organizationName: str(provider?.display) };
}

/** "urn:uuid:abc", "Patient/abc", "https://x/fhir/Patient/abc" → "abc". */
export function referenceTail(reference: string): string {
  if (reference.startsWith('urn:uuid:')) return reference.slice(9);
  const slash = reference.lastIndexOf('/');
  return slash >= 0 ? reference.slice(slash + 1) : reference;
}

export function subjectOf(r: Resource): string | undefined {
  const subject = (r.subject ?? r.patient) as Record<string, unknown> | undefined;
  return typeof subject?.reference === 'string' ? referenceTail(subject.reference) : undefined;
}

function codingsOf(concept: unknown): { system: string; code: string }[] {
  const codings = (concept as Record<string, unknown> | undefined)?.coding;
  if (!Array.isArray(codings)) return [];
  return codings
    .filter((c): c is Record<string, unknown> => typeof c?.system === 'string' && typeof c?.code === 'string')
    .map((c) => ({ system: c.system as string, code: c.code as string }));
}

function quantityOf(q: unknown): { value?: number; unit?: string } | string {
  if (q === undefined || q === null) return {};
  const quantity = q as Record<string, unknown>;
  if (
    quantity.value !== undefined &&
    (typeof quantity.value !== 'number' || !Number.isFinite(quantity.value))
  ) {
    return 'value is not a number';
  }
  return { value: quantity.value as number | undefined, unit: str(quantity.code) ?? str(quantity.unit) };
}

function ombCategory<T extends string>(r: Resource, name: string, table: Record<string, T>, fallback: T): T {
  const extensions = Array.isArray(r.extension) ? (r.extension as Record<string, unknown>[]) : [];
  const outer = extensions.find((e) => e?.url === US_CORE + name);
  const inner = Array.isArray(outer?.extension) ? (outer.extension as Record<string, unknown>[]) : [];
  for (const e of inner) {
    const code = (e?.valueCoding as Record<string, unknown> | undefined)?.code;
    if (e?.url === 'ombCategory' && typeof code === 'string' && table[code]) return table[code];
  }
  return fallback;
}

function sexOf(gender: unknown): Sex {
  return gender === 'female' || gender === 'male' || gender === 'other' ? gender : 'unknown';
}

function str(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}
