import { readFile, stat } from 'node:fs/promises';
import { basename } from 'node:path';
import type { IngestIssue, PatientRecord } from '../patient.types';
import type { Pseudonymizer } from '../pseudonym';
import {
  mapCondition,
  mapEncounter,
  mapMedication,
  mapObservation,
  mapPatient,
  referenceTail,
  subjectOf,
  type Resource,
} from './fhir-resources';
import { readLines, type Line } from './lines';

/** A bundle file larger than this is refused (reported, not read): one JSON file is parsed whole. */
export const MAX_BUNDLE_FILE_BYTES = 256 * 1024 * 1024;

export interface FhirReadContext {
  pseudonymizer: Pseudonymizer;
  onIssue: (issue: IngestIssue) => void;
  /** Organization id → name, filled from every Organization seen (used to name encounter service providers). */
  organizations: Map<string, string>;
  maxBundleBytes?: number;
}

/** A patient being assembled: its source id stays here, in the reader, and is dropped when it is yielded. */
interface Draft {
  sourceId: string;
  record: PatientRecord;
  encounterOrgRef?: string;
}

/** One JSON file: a Bundle (any number of patients, each resource attached by its subject reference). */
export async function* readBundleFile(file: string, ctx: FhirReadContext): AsyncGenerator<PatientRecord> {
  const name = basename(file);
  const size = (await stat(file)).size;
  const limit = ctx.maxBundleBytes ?? MAX_BUNDLE_FILE_BYTES;
  if (size > limit) {
    ctx.onIssue({
      file: name,
      reason: `file is ${size} bytes, over the ${limit}-byte limit for one JSON bundle (use NDJSON)`,
    });
    return;
  }
  yield* readBundleText(await readFile(file, 'utf8'), name, ctx);
}

/** One Bundle given as text (a file read whole, an upload); not JSON is one issue for the whole text. */
export function* readBundleText(text: string, name: string, ctx: FhirReadContext): Generator<PatientRecord> {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    ctx.onIssue({ file: name, reason: notJsonReason(error) });
    return;
  }
  yield* bundlePatients(value as Resource, ctx, { file: name });
}

/**
 * NDJSON: one resource per line. A line may be a whole Bundle (one patient's record, the streaming form the
 * generator writes), or a loose resource; loose resources must follow their Patient line (the per-patient order
 * a patient-by-patient export writes): the patient is complete when the next Patient line or the end comes.
 */
export function readNdjsonFile(file: string, ctx: FhirReadContext): AsyncGenerator<PatientRecord> {
  return readNdjsonLines(readLines(file), basename(file), ctx);
}

/** NDJSON from any source of numbered lines (a file, an upload staged in a database); `name` labels issues. */
export async function* readNdjsonLines(
  lines: AsyncIterable<Line>,
  name: string,
  ctx: FhirReadContext,
): AsyncGenerator<PatientRecord> {
  let current: Draft | undefined;
  for await (const { line: lineNo, text: line } of lines) {
    if (line.trim() === '') continue;
    let resource: Resource;
    try {
      resource = JSON.parse(line) as Resource;
    } catch (error) {
      ctx.onIssue({ file: name, line: lineNo, reason: notJsonReason(error) });
      continue;
    }
    const where = { file: name, line: lineNo };
    if (typeof resource !== 'object' || resource === null || Array.isArray(resource)) {
      ctx.onIssue({ ...where, reason: `not a FHIR resource: a JSON ${describeJsonKind(resource)}, not an object` });
      continue;
    }
    if (resource.resourceType === 'Bundle') {
      yield* bundlePatients(resource, ctx, where);
      continue;
    }
    if (resource.resourceType === 'Patient') {
      if (current) yield finish(current, ctx);
      current = startDraft(resource, ctx, where);
      continue;
    }
    if (resource.resourceType === 'Organization') {
      noteOrganization(resource, ctx);
      continue;
    }
    const subject = subjectOf(resource);
    if (current && subject === current.sourceId) attach(current, resource, ctx, where, undefined);
    else if (isClinical(resource)) {
      ctx.onIssue({
        ...where,
        reason: `${describeType(resource)} does not follow its Patient (loose NDJSON resources must come after their Patient line)`,
      });
    }
  }
  if (current) yield finish(current, ctx);
}

/** The patients of one Bundle (synchronous: the parallel reader calls it from worker threads). */
export function* bundlePatients(
  bundle: Resource,
  ctx: FhirReadContext,
  where: { file: string; line?: number },
): Generator<PatientRecord> {
  if (bundle?.resourceType !== 'Bundle') {
    ctx.onIssue({ ...where, reason: `expected a Bundle, got ${describeType(bundle)}` });
    return;
  }
  const entries = Array.isArray(bundle.entry) ? (bundle.entry as Record<string, unknown>[]) : [];
  const drafts = new Map<string, Draft>();
  const medications = new Map<string, Resource>();
  // First pass: the patients (keyed by id and by fullUrl), organizations and medications of this bundle.
  entries.forEach((entry, index) => {
    const resource = entry?.resource as Resource | undefined;
    if (!resource || typeof resource !== 'object') {
      ctx.onIssue({ ...where, entry: index, reason: 'entry has no resource' });
      return;
    }
    if (resource.resourceType === 'Patient') {
      const draft = startDraft(resource, ctx, { ...where, entry: index });
      if (!draft) return;
      drafts.set(draft.sourceId, draft);
      if (typeof entry.fullUrl === 'string') drafts.set(referenceTail(entry.fullUrl), draft);
    } else if (resource.resourceType === 'Organization') {
      noteOrganization(resource, ctx);
    } else if (resource.resourceType === 'Medication') {
      if (typeof entry.fullUrl === 'string') medications.set(entry.fullUrl, resource);
      if (typeof resource.id === 'string') medications.set(resource.id, resource);
    }
  });
  entries.forEach((entry, index) => {
    const resource = entry?.resource as Resource | undefined;
    if (!resource || !isClinical(resource)) return;
    const subject = subjectOf(resource);
    const draft = subject === undefined ? undefined : drafts.get(subject);
    if (!draft) {
      ctx.onIssue({
        ...where,
        entry: index,
        reason: `${describeType(resource)} has no subject that is a Patient in this bundle`,
      });
      return;
    }
    attach(draft, resource, ctx, { ...where, entry: index }, medications);
  });
  for (const draft of new Set(drafts.values())) yield finish(draft, ctx);
}

function startDraft(
  resource: Resource,
  ctx: FhirReadContext,
  where: Omit<IngestIssue, 'reason'>,
): Draft | undefined {
  if (typeof resource.id !== 'string' || resource.id === '') {
    ctx.onIssue({ ...where, reason: 'Patient has no id' });
    return undefined;
  }
  const mapped = mapPatient(resource, ctx.pseudonymizer.patientId('patient', resource.id));
  if (typeof mapped === 'string') {
    ctx.onIssue({ ...where, reason: mapped });
    return undefined;
  }
  return { sourceId: resource.id, record: mapped };
}

function attach(
  draft: Draft,
  resource: Resource,
  ctx: FhirReadContext,
  where: Omit<IngestIssue, 'reason'>,
  medications: Map<string, Resource> | undefined,
): void {
  const record = draft.record;
  const report = (reason: string) => ctx.onIssue({ ...where, reason });
  switch (resource.resourceType) {
    case 'Condition': {
      const facts = mapCondition(resource);
      if (typeof facts === 'string') report(facts);
      else record.conditions.push(...facts);
      return;
    }
    case 'Observation': {
      const facts = mapObservation(resource);
      if (typeof facts === 'string') report(facts);
      else record.observations.push(...facts);
      return;
    }
    case 'MedicationRequest':
    case 'MedicationStatement': {
      const facts = mapMedication(resource, medications);
      if (typeof facts === 'string') report(facts);
      else record.medications.push(...facts);
      return;
    }
    case 'Encounter': {
      const encounter = mapEncounter(resource);
      if (typeof encounter === 'string') report(encounter);
      else if (!record.latestEncounter || encounter.date >= record.latestEncounter.date) {
        record.latestEncounter = { date: encounter.date, organizationName: encounter.organizationName };
        draft.encounterOrgRef = encounter.organizationRef;
      }
      return;
    }
    default:
      return; // other resource types carry nothing the criteria read
  }
}

function finish(draft: Draft, ctx: FhirReadContext): PatientRecord {
  const encounter = draft.record.latestEncounter;
  if (encounter && draft.encounterOrgRef) {
    const orgId = referenceTail(draft.encounterOrgRef);
    encounter.organizationId = orgId;
    encounter.organizationName ??= ctx.organizations.get(orgId);
  }
  return draft.record;
}

function noteOrganization(resource: Resource, ctx: FhirReadContext): void {
  if (typeof resource.id === 'string' && typeof resource.name === 'string')
    ctx.organizations.set(resource.id, resource.name);
}

const CLINICAL = new Set([
  'Condition',
  'Observation',
  'MedicationRequest',
  'MedicationStatement',
  'Encounter',
]);
function isClinical(resource: Resource): boolean {
  return CLINICAL.has(resource?.resourceType as string);
}

function describeType(value: unknown): string {
  const type = (value as Resource | null)?.resourceType;
  return typeof type === 'string' ? type : 'a value without resourceType';
}

/**
 * JSON.parse's reason without the excerpt of the input that V8 quotes (`Unexpected token 'S', "Smith, Jo"... is
 * not valid JSON`): issues are stored and shown, and the excerpt can hold a name or an identifier.
 */
export function notJsonReason(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return `not valid JSON: ${message.replace(/, ".*"(\.\.\.)? is not valid JSON$/s, '')}`;
}

function describeJsonKind(value: unknown): string {
  if (value === null) return 'null';
  return Array.isArray(value) ? 'array' : typeof value;
}
