import { availableParallelism } from 'node:os';
import { DEFAULT_MAX_HEAVY_ATOMS } from '@hitscreen/chem';
import type { ScreenLimits, ScreeningServiceConfig } from './contract';

/** Limits of one screen when the configuration does not set them (README, "Screening service"). */
export const DEFAULT_SCREEN_LIMITS: Readonly<ScreenLimits> = {
  maxMolecules: 1_000_000,
  maxStructureLength: 20_000,
  maxHeavyAtoms: 150,
};

export const DEFAULT_CHUNK_SIZE = 1000;
/** Job lock of a worker: long enough for a chunk on a busy machine, short enough for a prompt takeover. */
export const DEFAULT_LOCK_MS = 60_000;
export const DEFAULT_QUEUE_PREFIX = 'hitscreen';
export const DEFAULT_DATABASE_URL = 'sqlite:data/hitscreen.sqlite';
export const DEFAULT_REDIS_URL = 'redis://127.0.0.1:6379';

/** The service configuration with every default applied. */
export interface ResolvedServiceConfig extends Required<
  Omit<ScreeningServiceConfig, 'databaseSchema' | 'limits'>
> {
  databaseSchema?: string;
  limits: ScreenLimits;
}

export function resolveServiceConfig(config: ScreeningServiceConfig): ResolvedServiceConfig {
  const resolved = {
    databaseUrl: config.databaseUrl,
    databaseSchema: config.databaseSchema,
    redisUrl: config.redisUrl,
    queuePrefix: config.queuePrefix ?? DEFAULT_QUEUE_PREFIX,
    chunkSize: config.chunkSize ?? DEFAULT_CHUNK_SIZE,
    limits: { ...DEFAULT_SCREEN_LIMITS, ...config.limits },
  };
  positive('chunkSize', resolved.chunkSize);
  for (const [key, value] of Object.entries(resolved.limits)) positive(`limits.${key}`, value);
  if (!/^[A-Za-z0-9_.-]+$/.test(resolved.queuePrefix))
    throw new Error(`queuePrefix "${resolved.queuePrefix}" may hold only letters, digits, '_', '.', '-'`);
  return resolved;
}

/** What a worker process needs beyond the service configuration. */
export interface ScreeningWorkerConfig extends ScreeningServiceConfig {
  /** Pipeline worker threads; 0 runs the pipeline on the main thread (tests). Default: the core count. */
  threads?: number;
  /** Chunk jobs in flight per process (one computes while another loads or stores). Default 2. */
  concurrency?: number;
  /**
   * How long a job's lock lasts without renewal (renewed every half). A killed worker's chunk goes back to the
   * queue after at most this long (the stalled-job check runs as often). Default 60 s.
   */
  lockMs?: number;
  /** The bundled pipeline thread file; default beside the running bundle (`screen-chunk.worker.js`). */
  threadFile?: string;
  /** A molecule computing longer fails alone (its row `failed`). Default 5 s (runtime/time-budget.ts). */
  moleculeTimeBudgetMs?: number;
  /** A batch of 50 computing longer is re-run molecule by molecule. Default max(10 s, 4 × the molecule budget). */
  batchTimeBudgetMs?: number;
}

function positive(name: string, value: number): void {
  if (!Number.isInteger(value) || value < 1)
    throw new Error(`${name} must be a positive integer (got ${value})`);
}

/** Reads an integer variable; a malformed value is a start-up error naming the variable. */
function intVar(
  env: NodeJS.ProcessEnv,
  name: string,
  min: number,
  max = Number.MAX_SAFE_INTEGER,
): number | undefined {
  const raw = env[name];
  if (raw === undefined || raw === '') return undefined;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max)
    throw new Error(
      `${name}=${raw} is not an integer ${max === Number.MAX_SAFE_INTEGER ? `>= ${min}` : `from ${min} to ${max}`}`,
    );
  return value;
}

/**
 * The service configuration from the environment, validated once at start-up (the API and the worker share it):
 * DATABASE_URL, DATABASE_SCHEMA, REDIS_URL, QUEUE_PREFIX, CHUNK_SIZE, MAX_MOLECULES, MAX_STRUCTURE_LENGTH,
 * MAX_HEAVY_ATOMS. Defaults are in the README.
 */
export function screeningConfigFromEnv(env: NodeJS.ProcessEnv = process.env): ScreeningServiceConfig {
  const config: ScreeningServiceConfig = {
    databaseUrl: env.DATABASE_URL || DEFAULT_DATABASE_URL,
    databaseSchema: env.DATABASE_SCHEMA || undefined,
    redisUrl: env.REDIS_URL || DEFAULT_REDIS_URL,
    queuePrefix: env.QUEUE_PREFIX || DEFAULT_QUEUE_PREFIX,
    chunkSize: intVar(env, 'CHUNK_SIZE', 1),
    limits: {
      maxMolecules: intVar(env, 'MAX_MOLECULES', 1),
      maxStructureLength: intVar(env, 'MAX_STRUCTURE_LENGTH', 1),
      // RDKit's WebAssembly build is not safe much beyond this (see DEFAULT_MAX_HEAVY_ATOMS of @hitscreen/chem).
      maxHeavyAtoms: intVar(env, 'MAX_HEAVY_ATOMS', 1, DEFAULT_MAX_HEAVY_ATOMS),
    },
  };
  // Drop unset limits so that the defaults apply, then validate everything together.
  config.limits = Object.fromEntries(Object.entries(config.limits ?? {}).filter(([, v]) => v !== undefined));
  resolveServiceConfig(config);
  return config;
}

/** The worker configuration from the environment: the service's plus WORKER_THREADS, WORKER_CONCURRENCY,
 * WORKER_LOCK_MS, MOLECULE_TIME_BUDGET_MS, BATCH_TIME_BUDGET_MS. */
export function screeningWorkerConfigFromEnv(env: NodeJS.ProcessEnv = process.env): ScreeningWorkerConfig {
  return {
    ...screeningConfigFromEnv(env),
    threads: intVar(env, 'WORKER_THREADS', 0) ?? availableParallelism(),
    concurrency: intVar(env, 'WORKER_CONCURRENCY', 1) ?? 2,
    lockMs: intVar(env, 'WORKER_LOCK_MS', 1000) ?? DEFAULT_LOCK_MS,
    moleculeTimeBudgetMs: intVar(env, 'MOLECULE_TIME_BUDGET_MS', 1),
    batchTimeBudgetMs: intVar(env, 'BATCH_TIME_BUDGET_MS', 1),
  };
}
