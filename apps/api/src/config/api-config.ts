/**
 * The API's configuration, read once from the environment at start-up and validated into a typed object: a bad
 * value stops the process with every problem listed, instead of surfacing at the first request that needs it.
 * The screening service's variables (DATABASE_URL, REDIS_URL, MAX_MOLECULES, …) are read by its own
 * `screeningConfigFromEnv`, so the API and the workers can never read them differently. README: "HTTP API".
 */
import { authConfigFromEnv, type AuthConfig } from '@hitscreen/auth';
import { screeningConfigFromEnv, type ScreeningServiceConfig } from '@hitscreen/screening';
import {
  DEFAULT_API_RDKIT_THREADS,
  DEFAULT_DRAWING_TIME_BUDGET_MS,
  type DrawingConfig,
} from '../drawing/drawing-pool';

/** Limits the API applies itself; the per-screen limits (molecules, structure length, heavy atoms) are the service's. */
export interface HttpLimits {
  /** MAX_UPLOAD_BYTES: largest request body (multipart file or JSON), in bytes as sent (gzip counts compressed). */
  maxUploadBytes: number;
  /** MAX_PAGE_SIZE: largest `pageSize` of the paged endpoints; at most 1000, the screening service's own cap. */
  maxPageSize: number;
}

export interface ApiConfig {
  /** PORT: the HTTP port. */
  port: number;
  limits: HttpLimits;
  /** DATABASE_URL, DATABASE_SCHEMA, REDIS_URL, QUEUE_PREFIX, CHUNK_SIZE, MAX_MOLECULES, MAX_STRUCTURE_LENGTH, MAX_HEAVY_ATOMS. */
  screening: ScreeningServiceConfig;
  /** CORS_ORIGINS: comma-separated origins allowed to call the API from a browser; none (closed) by default. */
  corsOrigins?: string[];
  /** AUTH_JWT_SECRET, AUTH_TOKEN_TTL_S: how bearer tokens are signed and how long they live. */
  auth: AuthConfig;
  /** RATE_LIMIT_PER_MINUTE: requests one user or API key (or one address, unauthenticated) may make per minute. */
  rateLimitPerMinute: number;
  /**
   * TRUST_PROXY: how many reverse proxies stand in front of the API (0: none). With N, the client address (audit
   * rows, per-address limits) is taken from X-Forwarded-For, N hops back; without it, every client behind a
   * proxy would share the proxy's address.
   */
  trustProxyHops?: number;
  /**
   * API_RDKIT_THREADS, API_DRAWING_TIME_BUDGET_MS: the threads that draw and explain compounds, and how long one
   * drawing may compute (drawing/drawing-pool.ts). Absent: drawn on the event loop without a budget (tests that
   * run the API from TypeScript, which a worker thread cannot load).
   */
  drawing?: DrawingConfig;
  /**
   * API_PUBLIC_HTTPS: whether browsers reach the API over HTTPS (directly or through a TLS proxy); default true.
   * False (plain HTTP on a LAN) drops the headers that tell a browser to use HTTPS only, HSTS and the CSP's
   * `upgrade-insecure-requests` (with it the web interface's script is fetched over https and fails), and COOP,
   * which browsers ignore over plain HTTP (security/http-hardening.ts).
   */
  publicHttps?: boolean;
}

/** 20 requests a second sustained per caller: far above a person or a polling pipeline, low enough to stop a loop. */
export const DEFAULT_RATE_LIMIT_PER_MINUTE = 1_200;

export const DEFAULT_PORT = 3000;

export const DEFAULT_LIMITS: HttpLimits = {
  maxUploadBytes: 100 * 1024 * 1024,
  maxPageSize: 1_000,
};

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`invalid configuration:\n  ${problems.join('\n  ')}`);
    this.name = 'ConfigError';
  }
}

type Env = Record<string, string | undefined>;

/** Reads and validates the configuration; throws ConfigError listing every bad variable. */
export function loadApiConfig(env: Env = process.env): ApiConfig {
  const problems: string[] = [];
  const int = (name: string, fallback: number, min: number, max = Number.MAX_SAFE_INTEGER): number => {
    const raw = env[name];
    if (raw === undefined || raw.trim() === '') return fallback;
    const value = Number(raw.trim());
    if (!/^\d+$/.test(raw.trim()) || !Number.isSafeInteger(value) || value < min || value > max) {
      problems.push(`${name} must be an integer from ${min} to ${max}, got "${raw}"`);
      return fallback;
    }
    return value;
  };
  const flag = (name: string, fallback: boolean): boolean => {
    const raw = env[name]?.trim();
    if (raw === undefined || raw === '') return fallback;
    if (raw === 'true' || raw === 'false') return raw === 'true';
    problems.push(`${name} must be true or false, got "${env[name]}"`);
    return fallback;
  };
  const port = int('PORT', DEFAULT_PORT, 0, 65535);
  const limits: HttpLimits = {
    maxUploadBytes: int('MAX_UPLOAD_BYTES', DEFAULT_LIMITS.maxUploadBytes, 1),
    maxPageSize: int('MAX_PAGE_SIZE', DEFAULT_LIMITS.maxPageSize, 1, 1_000),
  };
  const corsOrigins = (env.CORS_ORIGINS ?? '')
    .split(',')
    .map((origin) => origin.trim())
    .filter((origin) => origin !== '');
  for (const origin of corsOrigins)
    if (!/^https?:\/\/[^/\s]+$/.test(origin))
      problems.push(`CORS_ORIGINS entries must be origins like https://lab.example.org, got "${origin}"`);
  const rateLimitPerMinute = int('RATE_LIMIT_PER_MINUTE', DEFAULT_RATE_LIMIT_PER_MINUTE, 1, 1_000_000);
  const trustProxyHops = int('TRUST_PROXY', 0, 0, 10);
  const drawing: DrawingConfig = {
    threads: int('API_RDKIT_THREADS', DEFAULT_API_RDKIT_THREADS, 0, 16),
    timeBudgetMs: int('API_DRAWING_TIME_BUDGET_MS', DEFAULT_DRAWING_TIME_BUDGET_MS, 100, 600_000),
  };
  const publicHttps = flag('API_PUBLIC_HTTPS', true);
  let auth: AuthConfig | undefined;
  try {
    auth = authConfigFromEnv(env);
  } catch (error) {
    problems.push((error as Error).message);
  }
  let screening: ScreeningServiceConfig | undefined;
  try {
    screening = screeningConfigFromEnv(env);
  } catch (error) {
    problems.push((error as Error).message);
  }
  if (problems.length > 0 || !screening || !auth) throw new ConfigError(problems);
  return {
    port,
    limits,
    screening,
    corsOrigins,
    auth,
    rateLimitPerMinute,
    trustProxyHops,
    drawing,
    publicHttps,
  };
}
