import { createHmac } from 'node:crypto';

/** The development key: used only outside production, and named so that nobody mistakes it for a secret. */
export const DEVELOPMENT_PSEUDONYM_KEY = 'hitscreen-development-pseudonym-key-not-for-production';

export interface PseudonymConfig {
  key: string;
  /** True when the development default is in use (callers warn once). */
  isDevelopmentKey: boolean;
}

/**
 * Reads `TRIAL_PSEUDONYM_KEY` (at least 16 characters). Outside production a missing key falls back to the
 * development default; with NODE_ENV=production a missing or short key is an error, never a default.
 */
export function pseudonymConfigFromEnv(env: NodeJS.ProcessEnv = process.env): PseudonymConfig {
  const key = env.TRIAL_PSEUDONYM_KEY;
  if (key !== undefined && key !== '') {
    if (key.length < 16) throw new Error('TRIAL_PSEUDONYM_KEY must be at least 16 characters');
    return { key, isDevelopmentKey: false };
  }
  if (env.NODE_ENV === 'production')
    throw new Error('TRIAL_PSEUDONYM_KEY is required when NODE_ENV=production');
  return { key: DEVELOPMENT_PSEUDONYM_KEY, isDevelopmentKey: true };
}

/**
 * Pseudonymous patient ids: HMAC-SHA-256 over "<namespace>|<source id>", hex, first 32 characters (128 bits).
 * The same key and source always give the same id (so re-ingesting the same export links up); without the key
 * the id cannot be traced back to the source record.
 */
export class Pseudonymizer {
  constructor(private readonly key: string) {}

  patientId(namespace: string, sourceId: string): string {
    return createHmac('sha256', this.key).update(`${namespace}|${sourceId}`).digest('hex').slice(0, 32);
  }
}
