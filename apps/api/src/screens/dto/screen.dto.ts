/**
 * OpenAPI shapes of the screening resources. They describe the contract types of @hitscreen/screening for the
 * document at /docs; the controllers return the service's plain objects, which have exactly these fields.
 */
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { SCREEN_STATUSES } from '@hitscreen/screening';

const STATUSES = [...SCREEN_STATUSES];

export class ScreenOptionsDto {
  @ApiPropertyOptional({ example: 'kinase focus set' }) name?: string;
  @ApiPropertyOptional({
    type: [String],
    example: ['bace', 'tox21'],
    description:
      'Model names; default every model. `[]`: a properties-only screen (properties, alerts, QED and their ' +
      'desirability; no model runs).',
  })
  models?: string[];
  @ApiPropertyOptional({
    type: 'object',
    additionalProperties: { type: 'number', minimum: 0 },
    example: { qed: 1, 'bace.active': 2, tox_max: 1 },
    description: 'Desirability weight per score key; 0 drops a term.',
  })
  weights?: Record<string, number>;
  @ApiPropertyOptional({
    example: 'https://example.org/hooks/screens',
    description: 'POSTed the summary when the screen ends.',
  })
  webhookUrl?: string;
}

export class ScreenCountsDto {
  @ApiProperty() total!: number;
  @ApiProperty() done!: number;
  @ApiProperty() invalid!: number;
  @ApiProperty() failed!: number;
}

export class ModelVersionDto {
  @ApiProperty({ example: 'bace' }) name!: string;
  @ApiProperty({ example: '1.0.0' }) version!: string;
}

export class ScreenDto {
  @ApiProperty() id!: string;
  @ApiProperty({ nullable: true, type: String }) name!: string | null;
  @ApiProperty({ enum: STATUSES }) status!: string;
  @ApiProperty({ type: ScreenCountsDto }) counts!: ScreenCountsDto;
  @ApiProperty({ description: 'done / total, 0..1' }) progress!: number;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) startedAt!: string | null;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) finishedAt!: string | null;
  @ApiProperty({ type: [ModelVersionDto] }) models!: ModelVersionDto[];
  @ApiProperty({ type: ScreenOptionsDto }) options!: ScreenOptionsDto;
  @ApiProperty({ nullable: true, type: String }) error!: string | null;
  @ApiProperty({ nullable: true, type: String, description: 'The submitter: `user:<id>` or `key:<id>`.' })
  owner!: string | null;
  @ApiProperty({ nullable: true, type: String, description: "The submitter's team, which shares the screen." })
  team!: string | null;
}

export class ScreenPageDto {
  @ApiProperty({ type: [ScreenDto] }) items!: ScreenDto[];
  @ApiProperty() total!: number;
  @ApiProperty() page!: number;
  @ApiProperty() pageSize!: number;
}

export class MoleculeDto {
  @ApiPropertyOptional({ example: 'aspirin', description: 'Default: the 1-based position.' }) id?: string;
  @ApiProperty({ example: 'CC(=O)Oc1ccccc1C(=O)O' }) smiles!: string;
}

export class SubmitJsonDto {
  @ApiProperty({ type: [MoleculeDto] }) molecules!: MoleculeDto[];
  @ApiPropertyOptional({ type: ScreenOptionsDto }) options?: ScreenOptionsDto;
}

export class SubmitUploadDto {
  @ApiPropertyOptional({ description: 'ScreenOptions as JSON (or the separate fields below).' })
  options?: string;
  @ApiPropertyOptional() name?: string;
  @ApiPropertyOptional({ description: 'Comma-separated model names; empty: properties only.' })
  models?: string;
  @ApiPropertyOptional({ description: 'Weights as a JSON object.' }) weights?: string;
  @ApiPropertyOptional() webhookUrl?: string;
  @ApiPropertyOptional({
    enum: ['smiles', 'csv', 'tsv', 'sdf'],
    description: 'Default: from the file name, else the content.',
  })
  format?: string;
  @ApiPropertyOptional({ description: 'CSV/TSV: the SMILES column (default smiles or canonical_smiles).' })
  smilesColumn?: string;
  @ApiPropertyOptional({ description: 'CSV/TSV: the id column (default id, name, compound_id or mol_id).' })
  idColumn?: string;
  @ApiProperty({
    type: 'string',
    format: 'binary',
    description: 'The library: SMILES, CSV/TSV or SDF, optionally gzip. Must be the last part.',
  })
  file!: unknown;
}

export class ResultAlertDto {
  @ApiProperty({ example: 'PAINS_A' }) catalog!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ type: [Number], description: '0-based atoms of the input structure.' }) atoms!: number[];
}

export class ResultPredictionDto {
  @ApiProperty({ example: 'bace.pIC50' }) key!: string;
  @ApiProperty() value!: number;
  @ApiProperty({ description: 'Ensemble spread (standard deviation).' }) uncertainty!: number;
  @ApiPropertyOptional() active?: boolean;
}

export class ResultDomainDto {
  @ApiProperty() model!: string;
  @ApiProperty() maxSimilarity!: number;
  @ApiProperty() inDomain!: boolean;
}

export class ResultRowDto {
  @ApiProperty({ description: '1-based record number in the library.' }) row!: number;
  @ApiProperty() id!: string;
  @ApiProperty() input!: string;
  @ApiProperty({ enum: ['ok', 'invalid', 'failed'] }) status!: string;
  @ApiProperty({ nullable: true, type: String, description: 'Why the row is invalid or failed.' }) error!:
    string | null;
  @ApiProperty({ nullable: true, type: String }) parentSmiles!: string | null;
  @ApiProperty({ nullable: true, type: String }) inchikey!: string | null;
  @ApiProperty({ type: 'object', additionalProperties: { oneOf: [{ type: 'number' }, { type: 'boolean' }] } })
  properties!: Record<string, number | boolean>;
  @ApiProperty({ type: [ResultAlertDto] }) alerts!: ResultAlertDto[];
  @ApiProperty({ type: [ResultPredictionDto] }) predictions!: ResultPredictionDto[];
  @ApiProperty({ type: [ResultDomainDto] }) domain!: ResultDomainDto[];
  @ApiProperty({ nullable: true, type: Number }) desirability!: number | null;
  @ApiProperty({ nullable: true, type: Number }) rank!: number | null;
}

export class ResultPageDto {
  @ApiProperty({ type: [ResultRowDto] }) items!: ResultRowDto[];
  @ApiProperty() total!: number;
  @ApiProperty() page!: number;
  @ApiProperty() pageSize!: number;
}

export class HighlightColorsDto {
  @ApiProperty() driving!: string;
  @ApiProperty() alert!: string;
  @ApiProperty() both!: string;
}

export class ExplanationDto {
  @ApiProperty() model!: string;
  @ApiProperty() task!: string;
  @ApiProperty() prediction!: number;
  @ApiProperty({ type: [Number], description: 'Occlusion attribution per parent atom.' })
  atomWeights!: number[];
  @ApiProperty({ type: [Number] }) drivingAtoms!: number[];
  @ApiProperty({ type: [ResultAlertDto], description: 'Alerts on the parent (atoms in the parent order).' })
  alerts!: ResultAlertDto[];
  @ApiProperty({ description: 'SVG of the parent with driving and alert atoms highlighted.' }) svg!: string;
  @ApiProperty({ type: HighlightColorsDto }) colors!: HighlightColorsDto;
}

export class CompoundDto extends ResultRowDto {
  @ApiProperty({ type: ExplanationDto, nullable: true, description: 'Null for invalid and failed rows.' })
  explanation!: ExplanationDto | null;
}

export class ErrorDto {
  @ApiProperty({ example: 400 }) statusCode!: number;
  @ApiProperty({ example: 'invalid_query' }) error!: string;
  @ApiProperty({ example: 'unknown filter key "foo"' }) message!: string;
}
