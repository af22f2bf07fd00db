import { DEFAULT_TRIAL_LIMITS, trialConfigFromEnv, trialWorkerConfigFromEnv } from './trial-config';

describe('trialConfigFromEnv', () => {
  it('applies the documented defaults: the development key flagged', () => {
    const config = trialConfigFromEnv({});
    expect(config).toMatchObject({
      databaseUrl: 'sqlite:data/hitscreen.sqlite',
      redisUrl: 'redis://127.0.0.1:6379',
      queuePrefix: 'hitscreen',
      developmentKey: true,
      limits: DEFAULT_TRIAL_LIMITS,
    });
    expect(DEFAULT_TRIAL_LIMITS).toEqual({
      maxUploadBytes: 4 * 1024 ** 3,
      maxPatients: 1_000_000,
      maxIssuesKept: 1000,
      maxBundleBytes: 256 * 1024 * 1024,
      maxPageSize: 1000,
    });
  });

  it('reads every variable, and the connection from the caller when given', () => {
    const config = trialConfigFromEnv(
      {
        DATABASE_URL: 'postgres://x@h/db',
        TRIAL_PSEUDONYM_KEY: 'sixteen-chars-key!',
        TRIAL_MAX_UPLOAD_BYTES: '1000',
        TRIAL_MAX_PATIENTS: '5',
        TRIAL_MAX_ISSUES: '0',
      },
      { queuePrefix: 'api-prefix' },
    );
    expect(config).toMatchObject({
      databaseUrl: 'postgres://x@h/db',
      queuePrefix: 'api-prefix',
      pseudonymKey: 'sixteen-chars-key!',
      developmentKey: false,
      limits: { maxUploadBytes: 1000, maxPatients: 5, maxIssuesKept: 0 },
    });
    expect(trialWorkerConfigFromEnv({ TRIAL_WORKER_CONCURRENCY: '3' })).toMatchObject({
      concurrency: 3,
      lockMs: 60_000,
    });
  });

  it('stops on a malformed value, naming the variable', () => {
    expect(() => trialConfigFromEnv({ TRIAL_PATIENT_LEVEL_ACCESS: 'enabled' })).toThrow(/clinical role/);
    expect(() => trialConfigFromEnv({ TRIAL_MAX_PATIENTS: '1e6' })).toThrow(/TRIAL_MAX_PATIENTS/);
    expect(() => trialConfigFromEnv({ TRIAL_PSEUDONYM_KEY: 'short' })).toThrow(/at least 16/);
    expect(() => trialConfigFromEnv({ NODE_ENV: 'production' })).toThrow(/TRIAL_PSEUDONYM_KEY is required/);
    expect(() => trialConfigFromEnv({ QUEUE_PREFIX: 'a b' })).toThrow(/QUEUE_PREFIX/);
  });
});
