import type { Provider } from '@nestjs/common';
import { ModelRegistry } from '@hitscreen/model-registry';
import { modelsDir } from '@hitscreen/models';
import type { ApiConfig } from '../config/api-config';

export const MODEL_REGISTRY = Symbol('ModelRegistry');

/** The registry on the API's own database (DATABASE_URL / DATABASE_SCHEMA), over the models root of this process. */
export function modelRegistryProvider(config: ApiConfig): Provider {
  return {
    provide: MODEL_REGISTRY,
    useFactory: () => ModelRegistry.open(config.screening, modelsDir()),
  };
}
