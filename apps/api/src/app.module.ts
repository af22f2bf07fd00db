import { Module, type DynamicModule } from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import type { ScreeningService } from '@hitscreen/screening';
import { DomainExceptionFilter } from './common/domain-exception.filter';
import type { ApiConfig } from './config/api-config';
import { HealthController } from './health/health.controller';
import { ApiMetrics } from './metrics/api-metrics';
import { MetricsController } from './metrics/metrics.controller';
import { ModelCatalog } from './models/model-catalog';
import { CompoundExplanationService } from './screens/compound-explanation.service';
import { ScreenSubmissionService } from './screens/screen-submission.service';
import { ScreensController } from './screens/screens.controller';
import { API_CONFIG, SCREENING_SERVICE } from './tokens';
import { TrialsModule } from './trials/trials.module';

/** What the API is built from: the caller creates (and closes) the screening service. */
export interface ApiDependencies {
  config: ApiConfig;
  screening: ScreeningService;
  models: ModelCatalog;
}

@Module({})
export class AppModule {
  static register(deps: ApiDependencies): DynamicModule {
    return {
      module: AppModule,
      imports: [TrialsModule.register(deps.config)],
      controllers: [ScreensController, HealthController, MetricsController],
      providers: [
        { provide: API_CONFIG, useValue: deps.config },
        { provide: SCREENING_SERVICE, useValue: deps.screening },
        { provide: ModelCatalog, useValue: deps.models },
        { provide: APP_FILTER, useClass: DomainExceptionFilter },
        ApiMetrics,
        ScreenSubmissionService,
        CompoundExplanationService,
      ],
    };
  }
}
