import { Random } from '../forecast/random';
import { SYSTEMS } from '../patient.types';

/**
 * A seeded synthetic population as FHIR R4 Bundles (one per patient), for tests, benchmarks and the README
 * example. Prevalences are rounded US adult figures (CDC NHANES/NHIS ranges), not a model of any real place:
 * type 2 diabetes by age (4 % 18–44, 15 % 45–64, 25 % 65+), hypertension (8 % / 33 % / 60 %), hyperlipidemia,
 * CKD stage 3–4 (more with diabetes), asthma, pregnancy among women 18–45, resolved bronchitis. Labs (HbA1c,
 * glucose, eGFR, blood pressure, weight) repeat over the last three years, some in the other unit (HbA1c in
 * mmol/mol, glucose in mmol/L) and a few in a unit nobody can convert; medication orders, some stopped.
 * Names, street lines and MRNs are synthetic and exist so that privacy tests can look for them in outputs.
 */
export interface GeneratorOptions {
  count: number;
  seed: number;
  /** The date "now" for the population (labs fall before it). Default 2026-11-01. */
  referenceDate?: string;
}

export interface City {
  city: string;
  state: string;
  postalCodes: string[];
  weight: number;
  organization: { id: string; name: string };
}

export const SYNTHETIC_CITIES: City[] = [
  {
    city: 'Boston',
    state: 'MA',
    postalCodes: ['02108', '02115', '02118', '02130'],
    weight: 0.22,
    organization: { id: 'org-bmc', name: 'Boston General Hospital' },
  },
  {
    city: 'Cambridge',
    state: 'MA',
    postalCodes: ['02138', '02139', '02141'],
    weight: 0.1,
    organization: { id: 'org-cha', name: 'Cambridge Community Health' },
  },
  {
    city: 'Worcester',
    state: 'MA',
    postalCodes: ['01602', '01604', '01609'],
    weight: 0.16,
    organization: { id: 'org-wmc', name: 'Worcester Medical Center' },
  },
  {
    city: 'Springfield',
    state: 'MA',
    postalCodes: ['01103', '01104', '01109'],
    weight: 0.14,
    organization: { id: 'org-bay', name: 'Springfield Bay Clinic' },
  },
  {
    city: 'Lowell',
    state: 'MA',
    postalCodes: ['01850', '01851', '01852'],
    weight: 0.1,
    organization: { id: 'org-lgh', name: 'Lowell General' },
  },
  {
    city: 'Providence',
    state: 'RI',
    postalCodes: ['02903', '02906', '02908'],
    weight: 0.16,
    organization: { id: 'org-pri', name: 'Providence Riverside Hospital' },
  },
  {
    city: 'Hartford',
    state: 'CT',
    postalCodes: ['06103', '06105', '06112'],
    weight: 0.12,
    organization: { id: 'org-hhc', name: 'Hartford Health Center' },
  },
];

/** Codes the generator writes (and the example trial reads). */
export const SYNTHETIC_CODES = {
  diabetes: { system: SYSTEMS.snomed, code: '44054006', display: 'Diabetes mellitus type 2' },
  hypertension: { system: SYSTEMS.snomed, code: '38341003', display: 'Hypertension' },
  hyperlipidemia: { system: SYSTEMS.snomed, code: '55822004', display: 'Hyperlipidemia' },
  ckd3: { system: SYSTEMS.snomed, code: '433144002', display: 'Chronic kidney disease stage 3' },
  ckd4: { system: SYSTEMS.snomed, code: '431857002', display: 'Chronic kidney disease stage 4' },
  asthma: { system: SYSTEMS.snomed, code: '195967001', display: 'Asthma' },
  pregnancy: { system: SYSTEMS.snomed, code: '77386006', display: 'Pregnancy' },
  bronchitis: { system: SYSTEMS.snomed, code: '10509002', display: 'Acute bronchitis' },
  hba1c: { system: SYSTEMS.loinc, code: '4548-4', display: 'Hemoglobin A1c/Hemoglobin.total in Blood' },
  hba1cIfcc: {
    system: SYSTEMS.loinc,
    code: '59261-8',
    display: 'Hemoglobin A1c/Hemoglobin.total in Blood by IFCC protocol',
  },
  glucose: { system: SYSTEMS.loinc, code: '2345-7', display: 'Glucose [Mass/volume] in Serum or Plasma' },
  glucoseMolar: {
    system: SYSTEMS.loinc,
    code: '14749-6',
    display: 'Glucose [Moles/volume] in Serum or Plasma',
  },
  egfr: { system: SYSTEMS.loinc, code: '33914-3', display: 'eGFR (MDRD)' },
  bloodPressure: { system: SYSTEMS.loinc, code: '85354-9', display: 'Blood pressure panel' },
  systolic: { system: SYSTEMS.loinc, code: '8480-6', display: 'Systolic blood pressure' },
  diastolic: { system: SYSTEMS.loinc, code: '8462-4', display: 'Diastolic blood pressure' },
  weight: { system: SYSTEMS.loinc, code: '29463-7', display: 'Body weight' },
  bmi: { system: SYSTEMS.loinc, code: '39156-5', display: 'Body mass index' },
  heartRate: { system: SYSTEMS.loinc, code: '8867-4', display: 'Heart rate' },
  creatinine: {
    system: SYSTEMS.loinc,
    code: '2160-0',
    display: 'Creatinine [Mass/volume] in Serum or Plasma',
  },
  cholesterol: {
    system: SYSTEMS.loinc,
    code: '2093-3',
    display: 'Cholesterol [Mass/volume] in Serum or Plasma',
  },
  ldl: { system: SYSTEMS.loinc, code: '18262-6', display: 'LDL cholesterol' },
  hdl: { system: SYSTEMS.loinc, code: '2085-9', display: 'HDL cholesterol' },
  metformin: {
    system: SYSTEMS.rxnorm,
    code: '860975',
    display: 'Metformin 500 MG Extended Release Oral Tablet',
  },
  insulin: { system: SYSTEMS.rxnorm, code: '311040', display: 'Insulin (example code)' },
  lisinopril: { system: SYSTEMS.rxnorm, code: '314076', display: 'Lisinopril 10 MG Oral Tablet' },
  atorvastatin: { system: SYSTEMS.rxnorm, code: '617312', display: 'Atorvastatin 20 MG Oral Tablet' },
} as const;

const GIVEN = ['Ava', 'Liam', 'Maya', 'Noah', 'Iris', 'Omar', 'Lena', 'Theo', 'Rosa', 'Ezra', 'Nina', 'Kai'];
const FAMILY = ['Okafor', 'Lindqvist', 'Marchetti', 'Nakamura', 'Haddad', 'Kowalski', 'Ferreira', 'Brennan'];
const STREETS = ['Maple', 'Harbor', 'Quarry', 'Linden', 'Beacon', 'Orchard', 'Granite', 'Willow'];
const RACES: [string, string, number][] = [
  ['2106-3', 'White', 0.6],
  ['2054-5', 'Black or African American', 0.13],
  ['2028-9', 'Asian', 0.07],
  ['1002-5', 'American Indian or Alaska Native', 0.01],
  ['2076-8', 'Native Hawaiian or Other Pacific Islander', 0.004],
  ['2131-1', 'Other', 0.186],
];
const DAY = 86_400_000;
type Json = Record<string, unknown>;

export function* generatePatientBundles(options: GeneratorOptions): Generator<Json> {
  const random = new Random(options.seed);
  const now = Date.parse(`${options.referenceDate ?? '2026-11-01'}T12:00:00Z`);
  for (let i = 0; i < options.count; i++) yield generateOne(random, i, now, options.seed);
}

function generateOne(random: Random, index: number, now: number, seed: number): Json {
  const u = () => random.uniform();
  const pick = <T>(items: readonly T[]) => items[Math.floor(u() * items.length)];
  const chance = (p: number) => u() < p;
  const id = `syn-${seed}-${index}`;
  const patientRef = `urn:uuid:${id}`;
  const city = weighted(
    SYNTHETIC_CITIES.map((c) => [c, c.weight] as const),
    u(),
  );
  const female = chance(0.51);
  // Ages 0–95: fewer children and elderly than adults of working age, roughly a US pyramid.
  const age = Math.min(95, Math.floor(chance(0.22) ? u() * 18 : 18 + Math.pow(u(), 1.25) * 78));
  const birth = now - age * 365.25 * DAY - Math.floor(u() * 365) * DAY;
  const deceased = chance(age > 70 ? 0.04 : 0.004) ? now - Math.floor(u() * 700) * DAY : undefined;
  const race = weighted(
    RACES.map((r) => [r, r[2]] as const),
    u(),
  );
  const hispanic = chance(0.18);

  const adult = age >= 18;
  const band = age < 45 ? 0 : age < 65 ? 1 : 2;
  const diabetes = adult && chance([0.04, 0.15, 0.25][band]);
  const hypertension = adult && chance([0.08, 0.33, 0.6][band]);
  const hyperlipidemia = adult && chance([0.06, 0.25, 0.4][band]);
  const ckdStage = adult && chance(((diabetes ? 0.2 : 0.04) * (band + 1)) / 2) ? (chance(0.8) ? 3 : 4) : 0;
  const asthma = chance(0.08);
  const pregnant = female && age >= 18 && age <= 45 && chance(0.06);
  const resource: Json[] = [];
  const add = (r: Json) => resource.push({ fullUrl: `urn:uuid:${id}-${resource.length}`, resource: r });
  const iso = (ms: number) => new Date(ms).toISOString();
  const yearsAgo = (years: number) => now - Math.floor(years * 365 * DAY);

  add({
    resourceType: 'Patient',
    id,
    identifier: [{ system: 'urn:example:mrn', value: `MRN-${seed}-${index}` }],
    name: [
      { family: `${pick(FAMILY)}${100 + (index % 900)}`, given: [`${pick(GIVEN)}${10 + (index % 90)}`] },
    ],
    gender: female ? 'female' : 'male',
    birthDate: iso(birth).slice(0, 10),
    ...(deceased ? { deceasedDateTime: iso(deceased) } : {}),
    address: [
      {
        line: [`${1 + (index % 998)} ${pick(STREETS)} Street`],
        city: city.city,
        state: city.state,
        postalCode: pick(city.postalCodes),
        country: 'US',
      },
    ],
    extension: [
      {
        url: 'http://hl7.org/fhir/us/core/StructureDefinition/us-core-race',
        extension: [
          {
            url: 'ombCategory',
            valueCoding: { system: 'urn:oid:2.16.840.1.113883.6.238', code: race[0], display: race[1] },
          },
          { url: 'text', valueString: race[1] },
        ],
      },
      {
        url: 'http://hl7.org/fhir/us/core/StructureDefinition/us-core-ethnicity',
        extension: [
          {
            url: 'ombCategory',
            valueCoding: hispanic
              ? { system: 'urn:oid:2.16.840.1.113883.6.238', code: '2135-2', display: 'Hispanic or Latino' }
              : {
                  system: 'urn:oid:2.16.840.1.113883.6.238',
                  code: '2186-5',
                  display: 'Not Hispanic or Latino',
                },
          },
        ],
      },
    ],
  });
  const subject = { reference: patientRef };
  const condition = (code: Json, onset: number, abatement?: number) =>
    add({
      resourceType: 'Condition',
      clinicalStatus: {
        coding: [
          {
            system: 'http://terminology.hl7.org/CodeSystem/condition-clinical',
            code: abatement ? 'resolved' : 'active',
          },
        ],
      },
      code: { coding: [code] },
      subject,
      onsetDateTime: iso(onset),
      ...(abatement ? { abatementDateTime: iso(abatement) } : {}),
    });
  const onsetWithin = (maxYears: number) => yearsAgo(u() * Math.min(maxYears, Math.max(age - 17, 0.5)));
  if (diabetes) condition(SYNTHETIC_CODES.diabetes, onsetWithin(15));
  if (hypertension) condition(SYNTHETIC_CODES.hypertension, onsetWithin(20));
  if (hyperlipidemia) condition(SYNTHETIC_CODES.hyperlipidemia, onsetWithin(15));
  if (ckdStage) condition(ckdStage === 3 ? SYNTHETIC_CODES.ckd3 : SYNTHETIC_CODES.ckd4, onsetWithin(6));
  if (asthma) condition(SYNTHETIC_CODES.asthma, yearsAgo(u() * Math.max(age, 1)));
  if (pregnant) {
    const start = yearsAgo(u() * 1.5);
    condition(SYNTHETIC_CODES.pregnancy, start, start + 270 * DAY < now ? start + 270 * DAY : undefined);
  }
  if (chance(0.15)) {
    const start = yearsAgo(u() * 5);
    condition(SYNTHETIC_CODES.bronchitis, start, start + 14 * DAY);
  }

  const medication = (code: Json, start: number, stopped: boolean) =>
    add({
      resourceType: 'MedicationRequest',
      status: stopped ? 'stopped' : 'active',
      intent: 'order',
      medicationCodeableConcept: { coding: [code] },
      subject,
      authoredOn: iso(start),
    });
  if (diabetes && chance(0.7)) medication(SYNTHETIC_CODES.metformin, yearsAgo(u() * 8), chance(0.15));
  if (diabetes && chance(0.25)) medication(SYNTHETIC_CODES.insulin, yearsAgo(u() * 5), chance(0.2));
  if (hypertension && chance(0.6)) medication(SYNTHETIC_CODES.lisinopril, yearsAgo(u() * 10), chance(0.2));
  if (hyperlipidemia && chance(0.5)) medication(SYNTHETIC_CODES.atorvastatin, yearsAgo(u() * 8), chance(0.2));

  // Visits over the last three years; each with vitals and labs. Chronic patients come more often.
  const visits = 2 + Math.floor(u() * 4) + (diabetes ? 3 : 0) + (hypertension || ckdStage ? 2 : 0);
  const baseA1c = diabetes ? 6.4 + Math.abs(random.normal()) * 1.6 : 5.2 + random.normal() * 0.3;
  const baseGfr =
    ckdStage === 4
      ? 15 + u() * 14
      : ckdStage === 3
        ? 30 + u() * 29
        : Math.max(60, 110 - age * 0.6 + random.normal() * 10);
  const baseSbp = hypertension ? 142 + random.normal() * 12 : 118 + random.normal() * 9;
  const weight = (adult ? 80 : 20 + age * 2.5) + random.normal() * (adult ? 15 : 5);
  const visitTimes = Array.from(
    { length: visits },
    () => now - Math.floor(u() * 3 * 365) * DAY - Math.floor(u() * 36_000_000),
  ).sort((a, b) => a - b);
  for (const t of visitTimes) {
    if (deceased && t > deceased) continue;
    const encounterId = `urn:uuid:${id}-enc-${resource.length}`;
    resource.push({
      fullUrl: encounterId,
      resource: {
        resourceType: 'Encounter',
        status: 'finished',
        class: { code: 'AMB' },
        subject,
        period: { start: iso(t), end: iso(t + 1_800_000) },
        serviceProvider: {
          reference: `Organization/${city.organization.id}`,
          display: city.organization.name,
        },
      },
    });
    const encounter = { reference: encounterId };
    const observation = (code: Json, value: number, unit: string, extra: Json = {}) =>
      add({
        resourceType: 'Observation',
        status: 'final',
        code: { coding: [code] },
        subject,
        encounter,
        effectiveDateTime: iso(t),
        valueQuantity: {
          value: Math.round(value * 10) / 10,
          unit,
          system: 'http://unitsofmeasure.org',
          code: unit,
        },
        ...extra,
      });
    const a1c = baseA1c + random.normal() * 0.4;
    if (diabetes || chance(0.35)) {
      if (chance(0.12)) observation(SYNTHETIC_CODES.hba1cIfcc, 10.929 * (a1c - 2.15), 'mmol/mol');
      else observation(SYNTHETIC_CODES.hba1c, a1c, '%');
    }
    const glucose = 28.7 * a1c - 46.7 + random.normal() * 12; // ADAG: eAG (mg/dL) = 28.7 × A1c − 46.7
    if (chance(0.1)) observation(SYNTHETIC_CODES.glucoseMolar, glucose / 18.016, 'mmol/L');
    else if (chance(0.01)) observation(SYNTHETIC_CODES.glucose, glucose, 'mg');
    else observation(SYNTHETIC_CODES.glucose, glucose, 'mg/dL');
    if (adult) observation(SYNTHETIC_CODES.egfr, baseGfr + random.normal() * 4, 'mL/min/{1.73_m2}');
    add({
      resourceType: 'Observation',
      status: 'final',
      code: { coding: [SYNTHETIC_CODES.bloodPressure] },
      subject,
      encounter,
      effectiveDateTime: iso(t),
      component: [
        {
          code: { coding: [SYNTHETIC_CODES.systolic] },
          valueQuantity: { value: Math.round(baseSbp + random.normal() * 8), unit: 'mm[Hg]', code: 'mm[Hg]' },
        },
        {
          code: { coding: [SYNTHETIC_CODES.diastolic] },
          valueQuantity: {
            value: Math.round(baseSbp * 0.6 + random.normal() * 6),
            unit: 'mm[Hg]',
            code: 'mm[Hg]',
          },
        },
      ],
    });
    observation(SYNTHETIC_CODES.weight, weight + random.normal(), 'kg');
    observation(
      SYNTHETIC_CODES.bmi,
      (adult ? 27 : 18) + (weight - (adult ? 80 : 20 + age * 2.5)) / 3 + random.normal() * 0.3,
      'kg/m2',
    );
    observation(SYNTHETIC_CODES.heartRate, 72 + random.normal() * 9, '/min');
    if (adult) {
      // eGFR ≈ 175 × creatinine^−1.154 × age^−0.203 (MDRD, rounded): creatinine follows the patient's eGFR.
      observation(
        SYNTHETIC_CODES.creatinine,
        Math.pow(baseGfr / (175 * Math.pow(Math.max(age, 18), -0.203)), -1 / 1.154),
        'mg/dL',
      );
      if (chance(0.5)) {
        const ldl = (hyperlipidemia ? 150 : 105) + random.normal() * 25;
        const hdl = 52 + random.normal() * 12;
        observation(SYNTHETIC_CODES.cholesterol, ldl + hdl + 30 + random.normal() * 10, 'mg/dL');
        observation(SYNTHETIC_CODES.ldl, ldl, 'mg/dL');
        observation(SYNTHETIC_CODES.hdl, hdl, 'mg/dL');
      }
    }
  }
  return { resourceType: 'Bundle', type: 'collection', entry: resource };
}

function weighted<T>(items: readonly (readonly [T, number])[], x: number): T {
  const total = items.reduce((s, [, w]) => s + w, 0);
  let acc = 0;
  for (const [item, w] of items) {
    acc += w / total;
    if (x < acc) return item;
  }
  return items[items.length - 1][0];
}
