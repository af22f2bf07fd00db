import { DEFAULT_DATABASE_URL, DEFAULT_REDIS_URL } from '@hitscreen/screening';
import { DEVELOPMENT_JWT_SECRET } from '@hitscreen/auth';
import { ConfigError, DEFAULT_LIMITS, loadApiConfig } from './api-config';

describe('loadApiConfig', () => {
  it('applies the documented defaults to an empty environment', () => {
    const config = loadApiConfig({});
    expect(config.port).toBe(3000);
    expect(config.limits).toEqual(DEFAULT_LIMITS);
    expect(config.corsOrigins).toEqual([]);
    expect(config.rateLimitPerMinute).toBe(1200);
    expect(config.drawing).toEqual({ threads: 1, timeBudgetMs: 5000 });
    expect(config.publicHttps).toBe(true);
    expect(config.auth).toEqual({ jwtSecret: DEVELOPMENT_JWT_SECRET, tokenTtlSeconds: 900 });
    expect(config.limits.maxUploadBytes).toBe(104_857_600);
    expect(config.screening).toMatchObject({
      databaseUrl: DEFAULT_DATABASE_URL,
      redisUrl: DEFAULT_REDIS_URL,
    });
  });

  it('reads every variable it documents', () => {
    const config = loadApiConfig({
      PORT: '8080',
      MAX_UPLOAD_BYTES: '1024',
      MAX_PAGE_SIZE: '50',
      DATABASE_URL: 'postgres://u@db/x',
      REDIS_URL: 'redis://r:6380',
      MAX_MOLECULES: '10',
      CORS_ORIGINS: 'https://lab.example.org, http://localhost:4200',
      RATE_LIMIT_PER_MINUTE: '60',
      TRUST_PROXY: '1',
      API_RDKIT_THREADS: '2',
      API_DRAWING_TIME_BUDGET_MS: '2500',
      AUTH_JWT_SECRET: 's'.repeat(40),
      AUTH_TOKEN_TTL_S: '300',
      API_PUBLIC_HTTPS: 'false',
    });
    expect(config).toMatchObject({
      port: 8080,
      rateLimitPerMinute: 60,
      trustProxyHops: 1,
      publicHttps: false,
      drawing: { threads: 2, timeBudgetMs: 2500 },
      auth: { jwtSecret: 's'.repeat(40), tokenTtlSeconds: 300 },
      corsOrigins: ['https://lab.example.org', 'http://localhost:4200'],
      limits: { maxUploadBytes: 1024, maxPageSize: 50 },
      screening: {
        databaseUrl: 'postgres://u@db/x',
        redisUrl: 'redis://r:6380',
        limits: { maxMolecules: 10 },
      },
    });
  });

  it('lists every bad variable at once', () => {
    let error: unknown;
    try {
      loadApiConfig({ PORT: 'eighty', MAX_UPLOAD_BYTES: '-1', MAX_MOLECULES: '0' });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const problems = (error as ConfigError).problems;
    expect(problems).toHaveLength(3);
    expect(problems[0]).toBe('PORT must be an integer from 0 to 65535, got "eighty"');
    expect(problems[1]).toMatch(/^MAX_UPLOAD_BYTES/);
    expect(problems[2]).toMatch(/MAX_MOLECULES/);
  });

  it('takes API_PUBLIC_HTTPS as true or false only', () => {
    expect(loadApiConfig({ API_PUBLIC_HTTPS: 'true' }).publicHttps).toBe(true);
    expect(() => loadApiConfig({ API_PUBLIC_HTTPS: 'no' })).toThrow(
      'API_PUBLIC_HTTPS must be true or false, got "no"',
    );
  });

  it('refuses a CORS entry that is not an origin', () => {
    expect(() => loadApiConfig({ CORS_ORIGINS: '*' })).toThrow(/CORS_ORIGINS entries must be origins/);
    expect(() => loadApiConfig({ CORS_ORIGINS: 'https://x.org/path' })).toThrow(/CORS_ORIGINS/);
  });

  it('refuses to start in production with the development token secret, and a bad rate limit', () => {
    expect(() => loadApiConfig({ NODE_ENV: 'production' })).toThrow(/AUTH_JWT_SECRET must be set/);
    expect(() => loadApiConfig({ RATE_LIMIT_PER_MINUTE: '0' })).toThrow(/RATE_LIMIT_PER_MINUTE/);
  });
});
