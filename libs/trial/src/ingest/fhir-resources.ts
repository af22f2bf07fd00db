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

/** Epoch ms of a FHIR date or dateTime (a date alone is midnight UTC); undefined when absent, NaN when bad. */
export function parseFhirDate(value: unknown): number | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') return Number.NaN;
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
  for (const c of codings) facts.push({ ...c, date, ...quantity });
  const components = Array.isArray(r.component) ? (r.component as Record<string, unknown>[]) : [];
  for (const component of components) {
    const q = quantityOf(component?.valueQuantity);
    if (typeof q === 'string') return `Observation.component.valueQuantity ${q}`;
    for (const c of codingsOf(component?.code)) facts.push({ ...c, date, ...q });
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
