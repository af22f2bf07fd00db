import { Inject, Module, type DynamicModule, type OnModuleDestroy } from '@nestjs/common';
import type { TrialService } from '@hitscreen/trial';
import type { ApiConfig } from '../config/api-config';
import { TrialsController } from './trials.controller';
import { TRIAL_SERVICE, trialServiceProvider } from './trial-service.provider';

/** The trial endpoints (`/trials`), with their service opened at start-up and closed with the application. */
@Module({})
export class TrialsModule implements OnModuleDestroy {
  constructor(@Inject(TRIAL_SERVICE) private readonly trials: TrialService) {}

  static register(config: ApiConfig): DynamicModule {
    return {
      module: TrialsModule,
      controllers: [TrialsController],
      providers: [trialServiceProvider(config)],
    };
  }

  async onModuleDestroy(): Promise<void> {
    await this.trials.close();
  }
}
