import { Controller, Get, Inject } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProperty, ApiTags } from '@nestjs/swagger';
import { productionModels, type ModelRegistry } from '@hitscreen/model-registry';
import { DEFAULT_WEIGHTS } from '@hitscreen/screening';
import { RequireAccess } from '../auth/access.decorators';
import { ACCESS } from '../auth/access-rules';
import { ApiAccessResponses } from '../auth/api-access-responses';
import { ModelCatalog } from './model-catalog';
import { MODEL_REGISTRY } from './model-registry.provider';

class ModelTaskDto {
  @ApiProperty({ example: 'pIC50' }) name!: string;
  @ApiProperty({ enum: ['classification', 'regression'] }) type!: string;
  @ApiProperty({ example: 'log10(mol/L)' }) units!: string;
}

class ModelSummaryDto {
  @ApiProperty({ example: 'bace' }) name!: string;
  @ApiProperty() version!: string;
  @ApiProperty() description!: string;
  @ApiProperty({ type: [ModelTaskDto] }) tasks!: ModelTaskDto[];
  @ApiProperty({ description: "The card's headline test metric." }) headline!: {
    name: string;
    value: number;
  };
}

class ModelListDto {
  @ApiProperty({ type: [ModelSummaryDto] }) items!: ModelSummaryDto[];
  @ApiProperty({
    type: 'object',
    additionalProperties: { type: 'number' },
    description: "The desirability terms' default weights (a screen's `weights` override them per key).",
  })
  defaultWeights!: Record<string, number>;
}

/** The models a screen may ask for and the default desirability weights: what a submission form offers. */
@ApiTags('screens')
@ApiAccessResponses()
@Controller('models')
export class ModelsController {
  constructor(
    private readonly catalog: ModelCatalog,
    @Inject(MODEL_REGISTRY) private readonly registry: ModelRegistry,
  ) {}

  @Get()
  @RequireAccess(ACCESS.screensRead)
  @ApiOperation({ summary: 'The models (name, version, tasks, headline metric) and the default weights' })
  @ApiOkResponse({ type: ModelListDto })
  async list(): Promise<ModelListDto> {
    // The version a screen submitted now records: the registry's production card where there is one (a promotion
    // changes it while the API runs), else the card of models/<name>/ read at start-up.
    const production = new Map(
      (await productionModels(this.registry.dataSource)).map((p) => [p.name, p.card]),
    );
    const cards = this.catalog.cardsOf(this.catalog.names()).map((card) => production.get(card.name) ?? card);
    const items = cards.map((card) => ({
      name: card.name,
      version: card.version,
      description: card.description,
      tasks: card.tasks.map((t) => ({ name: t.name, type: t.type, units: t.units })),
      headline: card.metrics.headline,
    }));
    return { items, defaultWeights: { ...DEFAULT_WEIGHTS } };
  }
}
