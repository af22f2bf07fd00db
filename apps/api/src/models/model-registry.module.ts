import { Inject, Module, type DynamicModule, type OnModuleDestroy } from '@nestjs/common';
import type { ModelRegistry } from '@hitscreen/model-registry';
import type { ApiConfig } from '../config/api-config';
import { ModelRegistryController } from './model-registry.controller';
import { MODEL_REGISTRY, modelRegistryProvider } from './model-registry.provider';

/**
 * The registry endpoints (`/models/registry`), with the registry opened at start-up and closed with the app; the
 * registry is exported for the model list (`GET /models`), which shows the production versions.
 */
@Module({})
export class ModelRegistryModule implements OnModuleDestroy {
  constructor(@Inject(MODEL_REGISTRY) private readonly registry: ModelRegistry) {}

  static register(config: ApiConfig): DynamicModule {
    return {
      module: ModelRegistryModule,
      controllers: [ModelRegistryController],
      providers: [modelRegistryProvider(config)],
      exports: [MODEL_REGISTRY],
    };
  }

  async onModuleDestroy(): Promise<void> {
    await this.registry.close();
  }
}
