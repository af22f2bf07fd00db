import { MAX_BUNDLE_FILE_BYTES } from '../ingest/fhir-reader';
import { pseudonymConfigFromEnv } from '../pseudonym';

/** Limits of the trial service (README, "Trial module"); each has an environment variable. */
export interface TrialLimits {
  /** TRIAL_MAX_UPLOAD_BYTES: bytes of one patient upload after gzip decompression; more is refused (413). */
  maxUploadBytes: number;
  /** TRIAL_MAX_PATIENTS: patients in one patient set; more fails the set with the reason. */
  maxPatients: number;
  /** TRIAL_MAX_ISSUES: skipped records kept with their file, line and reason per set (all are counted). */
  maxIssuesKept: number;
  /** One JSON Bundle upload is parsed whole: at most this many bytes (256 MiB; send NDJSON beyond), else 413. */
  maxBundleBytes: number;
  /** Largest page of patient-level results (fixed: 1000). */
  maxPageSize: number;
}

export interface TrialServiceConfig {
  databaseUrl: string;
  databaseSchema?: string;
  redisUrl: string;
  queuePrefix: string;
  /** TRIAL_PSEUDONYM_KEY: patient pseudonyms and the staging cipher's key. */
  pseudonymKey: string;
  /** True when TRIAL_PSEUDONYM_KEY is unset and the development key is in use (start-up warns). */
  developmentKey?: boolean;
  limits: TrialLimits;
  /** Bytes per staged upload chunk (before sealing); default 4 MiB. */
  stageChunkBytes?: number;
}

export interface TrialWorkerConfig extends TrialServiceConfig {
  /** TRIAL_WORKER_CONCURRENCY: jobs in flight per worker process (default 1: ingest and evaluation are CPU-bound). */
  concurrency?: number;
  /** WORKER_LOCK_MS: job lock (renewed every half); a killed worker's job is taken over after about this. */
  lockMs?: number;
}

export const DEFAULT_TRIAL_LIMITS: Readonly<TrialLimits> = {
  maxUploadBytes: 4 * 1024 ** 3,
  maxPatients: 1_000_000,
  maxIssuesKept: 1000,
  maxBundleBytes: MAX_BUNDLE_FILE_BYTES,
  maxPageSize: 1000,
};

/** The shared connection settings (the same variables and defaults as the screening service). */
const DEFAULTS = {
  databaseUrl: 'sqlite:data/hitscreen.sqlite',
  redisUrl: 'redis://127.0.0.1:6379',
  queuePrefix: 'hitscreen',
};

function intVar(env: NodeJS.ProcessEnv, name: string, fallback: number, min: number): number {
  const raw = env[name];
  if (raw === undefined || raw.trim() === '') return fallback;
  const value = Number(raw.trim());
  if (!/^\d+$/.test(raw.trim()) || !Number.isSafeInteger(value) || value < min)
    throw new Error(`${name} must be an integer >= ${min}, got "${raw}"`);
  return value;
}

/**
 * The trial service's configuration from the environment, validated once at start-up (the API and the trial
 * worker read it with this same function): DATABASE_URL, DATABASE_SCHEMA, REDIS_URL, QUEUE_PREFIX,
 * TRIAL_PSEUDONYM_KEY, TRIAL_MAX_UPLOAD_BYTES, TRIAL_MAX_PATIENTS, TRIAL_MAX_ISSUES.
 * `base` overrides the connection settings (the API passes the ones it already validated).
 */
export function trialConfigFromEnv(
  env: NodeJS.ProcessEnv = process.env,
  base: Partial<Pick<TrialServiceConfig, 'databaseUrl' | 'databaseSchema' | 'redisUrl' | 'queuePrefix'>> = {},
): TrialServiceConfig {
  // Patient-level access is the API's `clinical` role now; the interim switch is refused so that a deployment
  // still setting it learns that it no longer opens (or closes) anything.
  if (env.TRIAL_PATIENT_LEVEL_ACCESS !== undefined)
    throw new Error(
      'TRIAL_PATIENT_LEVEL_ACCESS is gone: patient-level results are served to users with the clinical role ' +
        '(docs/SECURITY.md); unset it',
    );
  const pseudonym = pseudonymConfigFromEnv(env);
  const queuePrefix = base.queuePrefix ?? (env.QUEUE_PREFIX || DEFAULTS.queuePrefix);
  if (!/^[A-Za-z0-9_.-]+$/.test(queuePrefix))
    throw new Error(`QUEUE_PREFIX "${queuePrefix}" may hold only letters, digits, '_', '.', '-'`);
  return {
    databaseUrl: base.databaseUrl ?? (env.DATABASE_URL || DEFAULTS.databaseUrl),
    databaseSchema: base.databaseSchema ?? (env.DATABASE_SCHEMA || undefined),
    redisUrl: base.redisUrl ?? (env.REDIS_URL || DEFAULTS.redisUrl),
    queuePrefix,
    pseudonymKey: pseudonym.key,
    developmentKey: pseudonym.isDevelopmentKey,
    limits: {
      maxUploadBytes: intVar(env, 'TRIAL_MAX_UPLOAD_BYTES', DEFAULT_TRIAL_LIMITS.maxUploadBytes, 1),
      maxPatients: intVar(env, 'TRIAL_MAX_PATIENTS', DEFAULT_TRIAL_LIMITS.maxPatients, 1),
      maxIssuesKept: intVar(env, 'TRIAL_MAX_ISSUES', DEFAULT_TRIAL_LIMITS.maxIssuesKept, 0),
      maxBundleBytes: DEFAULT_TRIAL_LIMITS.maxBundleBytes,
      maxPageSize: DEFAULT_TRIAL_LIMITS.maxPageSize,
    },
  };
}

/** The worker's configuration: the service's plus TRIAL_WORKER_CONCURRENCY and WORKER_LOCK_MS. */
export function trialWorkerConfigFromEnv(env: NodeJS.ProcessEnv = process.env): TrialWorkerConfig {
  return {
    ...trialConfigFromEnv(env),
    concurrency: intVar(env, 'TRIAL_WORKER_CONCURRENCY', 1, 1),
    lockMs: intVar(env, 'WORKER_LOCK_MS', 60_000, 1000),
  };
}
