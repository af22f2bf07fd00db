import type { Provider } from '@nestjs/common';
import { Logger } from '@nestjs/common';
import { TrialService, trialConfigFromEnv } from '@hitscreen/trial';
import type { ApiConfig } from '../config/api-config';

export const TRIAL_SERVICE = Symbol('TrialService');

/**
 * The trial service on the API's own database, Redis and queue prefix (validated with the rest of the API's
 * configuration); the trial variables (TRIAL_PSEUDONYM_KEY, TRIAL_MAX_*) are read by
 * the library's `trialConfigFromEnv`, the same function the trial worker uses.
 */
export function trialServiceProvider(config: ApiConfig): Provider {
  return {
    provide: TRIAL_SERVICE,
    useFactory: async () => {
      const { databaseUrl, databaseSchema, redisUrl, queuePrefix } = config.screening;
      const trialConfig = trialConfigFromEnv(process.env, {
        databaseUrl,
        databaseSchema,
        redisUrl,
        queuePrefix: queuePrefix ?? 'hitscreen',
      });
      if (trialConfig.developmentKey)
        new Logger('trials').warn(
          'TRIAL_PSEUDONYM_KEY is not set: using the development key (never in production)',
        );
      return TrialService.open(trialConfig);
    },
  };
}
