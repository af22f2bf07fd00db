import { Module, type DynamicModule } from '@nestjs/common';
import type { ApiConfig } from '../config/api-config';
import { DriftService, driftServiceProvider } from './drift.service';

/**
 * The drift service (its own connection to the API's database), opened at start-up, closed with the application,
 * exported to the drift controller and the Prometheus metrics.
 */
@Module({})
export class DriftModule {
  static register(config: ApiConfig): DynamicModule {
    return { module: DriftModule, providers: [driftServiceProvider(config)], exports: [DriftService] };
  }
}
