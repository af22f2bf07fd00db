import { Module, type DynamicModule } from '@nestjs/common';
import { APP_FILTER, APP_GUARD } from '@nestjs/core';
import { ThrottlerModule } from '@nestjs/throttler';
import { DEFAULT_QUEUE_PREFIX, type ScreeningService } from '@hitscreen/screening';
import { AuditController } from './audit/audit.controller';
import { AuditTrail } from './audit/audit-trail';
import type { AccessControl } from './auth/access-control';
import { AuthController } from './auth/auth.controller';
import { AuthenticationGuard, IDENTITY_SERVICE } from './auth/authentication.guard';
import { FailedAuthLimiter } from './auth/failed-auth-limiter';
import { PrincipalThrottlerGuard } from './auth/principal-throttler.guard';
import { DomainExceptionFilter } from './common/domain-exception.filter';
import type { ApiConfig } from './config/api-config';
import { DriftController } from './drift/drift.controller';
import { DriftModule } from './drift/drift.module';
import { DEFAULT_DRAWING_TIME_BUDGET_MS, DrawingPool } from './drawing/drawing-pool';
import { HealthController } from './health/health.controller';
import { ApiMetrics } from './metrics/api-metrics';
import { MetricsController } from './metrics/metrics.controller';
import { ModelCatalog } from './models/model-catalog';
import { ModelRegistryModule } from './models/model-registry.module';
import { ModelsController } from './models/models.controller';
import { CompoundExplanationService } from './screens/compound-explanation.service';
import { ScreenFingerprints } from './screens/screen-fingerprints.service';
import { ScreenSimilarityController } from './screens/screen-similarity.controller';
import { ScreenStructuresController } from './screens/screen-structures.controller';
import { ScreenSubmissionService } from './screens/screen-submission.service';
import { ScreensController } from './screens/screens.controller';
import { SharedLimits } from './security/shared-limits';
import { API_CONFIG, AUDIT_LOG, SCREENING_SERVICE } from './tokens';
import { TrialsModule } from './trials/trials.module';
import { UsersController } from './users/users.controller';

/** What the API is built from: the caller creates (and closes) the screening service and access control. */
export interface ApiDependencies {
  config: ApiConfig;
  screening: ScreeningService;
  models: ModelCatalog;
  /** Identity (users, keys, tokens) and the audit log: `openAccessControl` on the same database. */
  access: AccessControl;
}

@Module({})
export class AppModule {
  static register(deps: ApiDependencies): DynamicModule {
    // Global providers: the trial module's controller is guarded and audited by the same instances.
    const shared = [
      { provide: IDENTITY_SERVICE, useValue: deps.access.identity },
      { provide: AUDIT_LOG, useValue: deps.access.audit },
    ];
    // Rate limits and the failed-credential lockout in Redis: one budget across all API processes.
    const limits = new SharedLimits(
      deps.config.screening.redisUrl,
      deps.config.screening.queuePrefix ?? DEFAULT_QUEUE_PREFIX,
    );
    return {
      module: AppModule,
      global: true,
      imports: [
        ThrottlerModule.forRoot({
          throttlers: [{ ttl: 60_000, limit: deps.config.rateLimitPerMinute }],
          storage: limits.throttlerStorage,
        }),
        TrialsModule.register(deps.config),
        ModelRegistryModule.register(deps.config),
        DriftModule.register(deps.config),
      ],
      controllers: [
        ScreensController,
        ScreenSimilarityController,
        ScreenStructuresController,
        ModelsController,
        DriftController,
        HealthController,
        MetricsController,
        AuthController,
        AuditController,
        UsersController,
      ],
      providers: [
        ...shared,
        { provide: API_CONFIG, useValue: deps.config },
        { provide: SharedLimits, useValue: limits },
        { provide: FailedAuthLimiter, useValue: limits.failedAuth },
        { provide: SCREENING_SERVICE, useValue: deps.screening },
        { provide: ModelCatalog, useValue: deps.models },
        {
          provide: DrawingPool,
          useFactory: () =>
            new DrawingPool(
              deps.config.drawing ?? { threads: 0, timeBudgetMs: DEFAULT_DRAWING_TIME_BUDGET_MS },
            ),
        },
        { provide: APP_FILTER, useClass: DomainExceptionFilter },
        // Order matters: the throttler counts per principal, which authentication sets first.
        { provide: APP_GUARD, useClass: AuthenticationGuard },
        { provide: APP_GUARD, useClass: PrincipalThrottlerGuard },
        ApiMetrics,
        AuditTrail,
        ScreenSubmissionService,
        CompoundExplanationService,
        ScreenFingerprints,
      ],
      exports: [IDENTITY_SERVICE, AUDIT_LOG, AuditTrail],
    };
  }
}
