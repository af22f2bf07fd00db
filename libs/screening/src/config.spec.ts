import { screeningWorkerConfigFromEnv, resolveServiceConfig, DEFAULT_SCREEN_LIMITS } from './config';

describe('configuration from the environment', () => {
  it('applies the documented defaults', () => {
    const config = screeningWorkerConfigFromEnv({});
    expect(config).toMatchObject({
      databaseUrl: 'sqlite:data/hitscreen.sqlite',
      redisUrl: 'redis://127.0.0.1:6379',
      queuePrefix: 'hitscreen',
      concurrency: 2,
      lockMs: 60_000,
      limits: {},
    });
    expect(config.threads).toBeGreaterThanOrEqual(1);
    expect(resolveServiceConfig(config)).toMatchObject({ chunkSize: 1000, limits: DEFAULT_SCREEN_LIMITS });
  });

  it('reads every variable and names the one that is malformed', () => {
    const config = screeningWorkerConfigFromEnv({
      DATABASE_URL: 'postgres://u@h/db',
      DATABASE_SCHEMA: 's1',
      REDIS_URL: 'redis://r:6380',
      QUEUE_PREFIX: 'p',
      WORKER_THREADS: '0',
      WORKER_CONCURRENCY: '3',
      CHUNK_SIZE: '500',
      MAX_MOLECULES: '10',
      MAX_HEAVY_ATOMS: '80',
    });
    expect(config).toMatchObject({ databaseSchema: 's1', threads: 0, concurrency: 3, chunkSize: 500 });
    expect(config.limits).toEqual({ maxMolecules: 10, maxHeavyAtoms: 80 });
    expect(() => screeningWorkerConfigFromEnv({ CHUNK_SIZE: '0' })).toThrow(
      'CHUNK_SIZE=0 is not an integer >= 1',
    );
    expect(() => screeningWorkerConfigFromEnv({ WORKER_THREADS: 'many' })).toThrow(/WORKER_THREADS=many/);
    expect(() => screeningWorkerConfigFromEnv({ QUEUE_PREFIX: 'a b' })).toThrow(/queuePrefix/);
  });
});
