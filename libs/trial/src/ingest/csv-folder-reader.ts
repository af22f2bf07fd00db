import { existsSync } from 'node:fs';
import { appendFile, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Ethnicity, IngestIssue, PatientRecord, Race } from '../patient.types';
import { SYSTEMS } from '../patient.types';
import type { Pseudonymizer } from '../pseudonym';
import type { Sex } from '../trial.types';
import { readCsvRows, type CsvRow } from './csv-rows';
import { parseFhirDate } from './fhir-resources';
import { readLines } from './lines';

export interface CsvReadContext {
  pseudonymizer: Pseudonymizer;
  onIssue: (issue: IngestIssue) => void;
  organizations: Map<string, string>;
  /** Patients held in memory at once (default 50,000); a larger export is joined partition by partition. */
  maxPatientsInMemory?: number;
}

/** Above this many patients, the export is split into partitions on the temp disk (see below). */
export const CSV_PATIENTS_IN_MEMORY = 50_000;

const RACES: Record<string, Race> = {
  white: 'white',
  black: 'black',
  asian: 'asian',
  native: 'native',
  hawaiian: 'pacific',
  other: 'other',
};

/** A clinical table: the columns it needs and how a row becomes facts of its patient (or the reason it cannot). */
interface FactTable {
  file: string;
  columns: string[];
  use: (record: PatientRecord, row: CsvRow, ctx: CsvReadContext) => string | undefined;
}

/**
 * A Synthea CSV export folder (patients.csv required; conditions, observations, medications, encounters and
 * organizations read when present). The tables are sorted by date, not by patient, so they must be joined on
 * the patient. Up to `maxPatientsInMemory` patients, the join happens in memory (the compact PatientRecord, no
 * names or addresses). Beyond, it is a hash-partition join: every patient and every fact row is appended to one of
 * P partition files on the temp disk (P = patients / maxPatientsInMemory, by the patient's pseudonym, so the files
 * hold no source id), then each partition is joined alone. Memory is one partition; the files go at the end.
 * Source patient ids are the join key only while reading; patients come out partition by partition.
 */
export async function* readSyntheaCsvFolder(dir: string, ctx: CsvReadContext): AsyncGenerator<PatientRecord> {
  if (existsSync(join(dir, 'organizations.csv'))) {
    for await (const row of readCsvRows(join(dir, 'organizations.csv'))) {
      const id = row.get('Id');
      const name = row.get('NAME');
      if (id && name) ctx.organizations.set(id, name);
    }
  }
  const limit = ctx.maxPatientsInMemory ?? CSV_PATIENTS_IN_MEMORY;
  let rows = 0;
  for await (const line of readLines(join(dir, 'patients.csv'))) if (line.text.trim() !== '') rows++;
  const partitions = Math.ceil(Math.max(rows - 1, 0) / limit);
  if (partitions <= 1) yield* joinInMemory(dir, ctx);
  else yield* joinPartitioned(dir, ctx, partitions);
}

async function* joinInMemory(dir: string, ctx: CsvReadContext): AsyncGenerator<PatientRecord> {
  const bySource = new Map<string, PatientRecord>();
  for await (const row of readCsvRows(join(dir, 'patients.csv'))) {
    const record = patientOf(row, ctx);
    if (record) bySource.set(row.get('Id')!, record);
  }
  for (const table of FACT_TABLES) {
    if (!existsSync(join(dir, table.file))) continue;
    for await (const row of readCsvRows(join(dir, table.file)))
      attach(table, bySource.get(row.get('PATIENT') ?? ''), row, ctx);
  }
  yield* bySource.values();
}

async function* joinPartitioned(
  dir: string,
  ctx: CsvReadContext,
  partitions: number,
): AsyncGenerator<PatientRecord> {
  const spill = await mkdtemp(join(tmpdir(), 'hitscreen-synthea-'));
  try {
    const partitionOf = (pid: string) => parseInt(pid.slice(0, 8), 16) % partitions;
    const writer = new PartitionWriter(spill);
    for await (const row of readCsvRows(join(dir, 'patients.csv'))) {
      const record = patientOf(row, ctx);
      if (record) await writer.add(`patients-${partitionOf(record.pid)}`, JSON.stringify(record));
    }
    for (const table of FACT_TABLES) {
      if (!existsSync(join(dir, table.file))) continue;
      for await (const row of readCsvRows(join(dir, table.file))) {
        const pid = ctx.pseudonymizer.patientId('patient', row.get('PATIENT') ?? '');
        const cells = table.columns.map((c) => row.get(c) ?? null);
        await writer.add(`${table.file}-${partitionOf(pid)}`, JSON.stringify([row.line, pid, cells]));
      }
    }
    await writer.flush();
    for (let p = 0; p < partitions; p++) {
      const byPid = new Map<string, PatientRecord>();
      for await (const { text } of writer.read(`patients-${p}`)) {
        const record = JSON.parse(text) as PatientRecord;
        byPid.set(record.pid, record);
      }
      for (const table of FACT_TABLES) {
        for await (const { text } of writer.read(`${table.file}-${p}`)) {
          const [line, pid, cells] = JSON.parse(text) as [number, string, (string | null)[]];
          const get = (column: string) => cells[table.columns.indexOf(column)] ?? undefined;
          attach(table, byPid.get(pid), { line, get }, ctx);
        }
      }
      yield* byPid.values();
    }
  } finally {
    await rm(spill, { recursive: true, force: true });
  }
}

/** Appends lines to named files in a folder, buffered (about 1 MiB per file before it is written). */
class PartitionWriter {
  private readonly buffers = new Map<string, string[]>();
  private readonly sizes = new Map<string, number>();
  private readonly written = new Set<string>();

  constructor(private readonly dir: string) {}

  async add(name: string, line: string): Promise<void> {
    const buffer = this.buffers.get(name) ?? [];
    buffer.push(line);
    this.buffers.set(name, buffer);
    const size = (this.sizes.get(name) ?? 0) + line.length;
    this.sizes.set(name, size);
    if (size > 1 << 20) await this.write(name);
  }

  async flush(): Promise<void> {
    for (const name of this.buffers.keys()) await this.write(name);
  }

  async *read(name: string): AsyncGenerator<{ line: number; text: string }> {
    if (this.written.has(name)) yield* readLines(join(this.dir, name));
  }

  private async write(name: string): Promise<void> {
    const buffer = this.buffers.get(name);
    if (!buffer || buffer.length === 0) return;
    await appendFile(join(this.dir, name), `${buffer.join('\n')}\n`, { mode: 0o600 });
    this.written.add(name);
    this.buffers.set(name, []);
    this.sizes.set(name, 0);
  }
}

/** A patients.csv row as a record, or undefined after reporting why it cannot be one. */
function patientOf(row: CsvRow, ctx: CsvReadContext): PatientRecord | undefined {
  const id = row.get('Id');
  if (!id) {
    ctx.onIssue({ file: 'patients.csv', line: row.line, reason: 'Id is empty' });
    return undefined;
  }
  const birthDate = csvDate(row.get('BIRTHDATE'));
  const deathDate = csvDate(row.get('DEATHDATE'));
  if (Number.isNaN(birthDate) || Number.isNaN(deathDate)) {
    ctx.onIssue({ file: 'patients.csv', line: row.line, reason: 'BIRTHDATE or DEATHDATE is not a date' });
    return undefined;
  }
  return {
    pid: ctx.pseudonymizer.patientId('patient', id),
    sex: sexOf(row.get('GENDER')),
    birthDate,
    deathDate,
    city: row.get('CITY') || undefined,
    state: row.get('STATE') || undefined,
    postalCode: row.get('ZIP') || undefined,
    race: RACES[(row.get('RACE') ?? '').toLowerCase()] ?? 'unknown',
    ethnicity: ethnicityOf(row.get('ETHNICITY')),
    conditions: [],
    observations: [],
    medications: [],
  };
}

function attach(table: FactTable, record: PatientRecord | undefined, row: CsvRow, ctx: CsvReadContext): void {
  const reason = record ? table.use(record, row, ctx) : 'PATIENT is not in patients.csv';
  if (reason) ctx.onIssue({ file: table.file, line: row.line, reason });
}

const FACT_TABLES: FactTable[] = [
  {
    file: 'conditions.csv',
    columns: ['CODE', 'START', 'STOP', 'SYSTEM'],
    use: (record, row) => {
      const code = row.get('CODE');
      const onset = csvDate(row.get('START'));
      const abatement = csvDate(row.get('STOP'));
      if (!code) return 'CODE is empty';
      if (Number.isNaN(onset) || Number.isNaN(abatement)) return 'START or STOP is not a date';
      // Synthea ≥ 3 writes SNOMED CT here; a SYSTEM column (later versions) names it explicitly.
      record.conditions.push({ system: systemOf(row.get('SYSTEM'), SYSTEMS.snomed), code, onset, abatement });
      return undefined;
    },
  },
  {
    file: 'observations.csv',
    columns: ['CODE', 'DATE', 'TYPE', 'VALUE', 'UNITS'],
    use: (record, row) => {
      const code = row.get('CODE');
      const date = csvDate(row.get('DATE'));
      if (!code) return 'CODE is empty';
      if (date === undefined || Number.isNaN(date)) return 'DATE is missing or not a date';
      const type = row.get('TYPE');
      const raw = row.get('VALUE');
      let value: number | undefined;
      if (type === undefined || type === 'numeric') {
        value = raw === undefined || raw === '' ? undefined : Number(raw);
        if (value !== undefined && !Number.isFinite(value))
          return `VALUE ${JSON.stringify(raw)} is not a number`;
      }
      record.observations.push({
        system: SYSTEMS.loinc,
        code,
        value,
        unit: row.get('UNITS') || undefined,
        date,
      });
      return undefined;
    },
  },
  {
    file: 'medications.csv',
    columns: ['CODE', 'START', 'STOP'],
    use: (record, row) => {
      const code = row.get('CODE');
      const start = csvDate(row.get('START'));
      const end = csvDate(row.get('STOP'));
      if (!code) return 'CODE is empty';
      if (Number.isNaN(start) || Number.isNaN(end)) return 'START or STOP is not a date';
      record.medications.push({ system: SYSTEMS.rxnorm, code, start, end });
      return undefined;
    },
  },
  {
    file: 'encounters.csv',
    columns: ['START', 'ORGANIZATION'],
    use: (record, row, ctx) => {
      const date = csvDate(row.get('START'));
      if (date === undefined || Number.isNaN(date)) return 'START is missing or not a date';
      if (!record.latestEncounter || date >= record.latestEncounter.date) {
        const organizationId = row.get('ORGANIZATION') || undefined;
        record.latestEncounter = {
          date,
          organizationId,
          organizationName: organizationId ? ctx.organizations.get(organizationId) : undefined,
        };
      }
      return undefined;
    },
  },
];

function csvDate(value: string | undefined): number | undefined {
  if (value === undefined || value === '') return undefined;
  return parseFhirDate(value);
}

function sexOf(value: string | undefined): Sex {
  const v = (value ?? '').toUpperCase();
  return v === 'F' ? 'female' : v === 'M' ? 'male' : 'unknown';
}

function ethnicityOf(value: string | undefined): Ethnicity {
  const v = (value ?? '').toLowerCase();
  return v === 'hispanic' ? 'hispanic' : v === 'nonhispanic' ? 'nonhispanic' : 'unknown';
}

function systemOf(value: string | undefined, fallback: string): string {
  if (!value) return fallback;
  if (/snomed/i.test(value)) return SYSTEMS.snomed;
  if (/icd-?10/i.test(value)) return SYSTEMS.icd10cm;
  return value;
}
