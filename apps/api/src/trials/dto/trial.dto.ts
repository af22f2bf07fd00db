/**
 * OpenAPI shapes of the trial resources. They describe the service types of @hitscreen/trial for the document at
 * /docs; the controller returns the service's plain objects, which have exactly these fields.
 */
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

const COUNT = {
  oneOf: [{ type: 'integer' }, { type: 'string', enum: ['<11', 'hidden'] }],
  description: 'A count; 1 to 10 is "<11", and "hidden" where it would give a small count away.',
};

export class TrialDto {
  @ApiProperty({ description: "The service's id (UUID): use it in the URLs." }) id!: string;
  @ApiProperty({ example: 'T2D-001', description: "The definition's own id." }) trialId!: string;
  @ApiProperty() title!: string;
  @ApiProperty({ format: 'date' }) asOf!: string;
  @ApiProperty() targetEnrollment!: number;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ nullable: true, type: String, description: 'The creator: `user:<id>` or `key:<id>`.' })
  owner!: string | null;
  @ApiProperty({ nullable: true, type: String, description: "The creator's team, which shares the trial." })
  team!: string | null;
  @ApiProperty({ example: '/trials/0b6c…' }) url!: string;
}

export class TrialWithDefinitionDto extends TrialDto {
  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    description: 'The trial as submitted (libs/trial/schema/trial.schema.json).',
  })
  definition!: Record<string, unknown>;
}

export class TrialPageDto {
  @ApiProperty({ type: [TrialDto] }) items!: TrialDto[];
  @ApiProperty() total!: number;
  @ApiProperty() page!: number;
  @ApiProperty() pageSize!: number;
}

export class IngestIssueDto {
  @ApiProperty({ description: 'The uploaded file (its name as given).' }) file!: string;
  @ApiPropertyOptional({ description: '1-based NDJSON line.' }) line?: number;
  @ApiPropertyOptional({ description: '0-based Bundle.entry index.' }) entry?: number;
  @ApiProperty() reason!: string;
}

export class PatientSetDto {
  @ApiProperty() id!: string;
  @ApiProperty() trialId!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ enum: ['ndjson', 'json'] }) format!: string;
  @ApiProperty({ enum: ['receiving', 'queued', 'ingesting', 'ready', 'failed'] }) status!: string;
  @ApiProperty({ description: 'Bytes after gzip decompression.' }) bytes!: number;
  @ApiProperty(COUNT) patients!: number | string;
  @ApiProperty({ description: 'Resources or lines skipped (all counted).' }) skipped!: number;
  @ApiProperty({
    type: [IngestIssueDto],
    description: 'The first TRIAL_MAX_ISSUES skipped, with the reason.',
  })
  issues!: IngestIssueDto[];
  @ApiProperty({ nullable: true, type: String }) error!: string | null;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) startedAt!: string | null;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) finishedAt!: string | null;
  @ApiProperty() url!: string;
}

export class PatientSetPageDto {
  @ApiProperty({ type: [PatientSetDto], description: 'Newest first.' }) items!: PatientSetDto[];
  @ApiProperty() total!: number;
  @ApiProperty() page!: number;
  @ApiProperty() pageSize!: number;
}

export class CreateEvaluationDto {
  @ApiPropertyOptional({ description: "The patient set to evaluate; default the trial's newest ready one." })
  patientSetId?: string;
}

export class EvaluationDto {
  @ApiProperty() id!: string;
  @ApiProperty() trialId!: string;
  @ApiProperty() patientSetId!: string;
  @ApiProperty({ enum: ['queued', 'running', 'completed', 'failed'] }) status!: string;
  @ApiProperty({ nullable: true, type: String }) error!: string | null;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) startedAt!: string | null;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) finishedAt!: string | null;
  @ApiPropertyOptional({
    type: 'object',
    additionalProperties: true,
    description:
      "When completed: the CLI's out.json: `cohorts` [{ id, name, rank, patients, eligible, possiblyEligible, " +
      'expectedEnrollees, forecastMonths, funnel, demographics, representativeness }], `totals`, `forecast`, ' +
      '`assumptions`, `ranking` (how the rank was made). Counts 1–10 are "<11".',
  })
  result?: Record<string, unknown>;
  @ApiProperty() url!: string;
}

export class PatientResultDto {
  @ApiProperty({ description: 'Pseudonymous id (keyed hash of the source id).' }) pid!: string;
  @ApiProperty({ example: 'S1' }) cohort!: string;
  @ApiProperty({ enum: ['eligible', 'possibly_eligible', 'ineligible'] }) status!: string;
  @ApiProperty({ nullable: true, type: String }) firstFailing!: string | null;
  @ApiProperty({
    type: 'array',
    items: { type: 'object', additionalProperties: true },
    description:
      'Per criterion: { id, outcome (met, not_met, unknown), reason, evidence: [{ code, value, unit, date }] }.',
  })
  results!: Record<string, unknown>[];
}

export class PatientResultPageDto {
  @ApiProperty({ type: [PatientResultDto] }) items!: PatientResultDto[];
  @ApiProperty() total!: number;
  @ApiProperty() page!: number;
  @ApiProperty() pageSize!: number;
}

export class EvaluationPageDto {
  @ApiProperty({
    type: [EvaluationDto],
    description: 'Newest first; without `result` (GET the evaluation for its cohorts).',
  })
  items!: EvaluationDto[];
  @ApiProperty() total!: number;
  @ApiProperty() page!: number;
  @ApiProperty() pageSize!: number;
}
