/** Settings of identity: where tokens are signed and how long they live. From the environment only. */
export interface AuthConfig {
  /** HMAC-SHA256 key of the bearer tokens (`AUTH_JWT_SECRET`), at least 32 characters. */
  jwtSecret: string;
  /** Lifetime of a bearer token in seconds (`AUTH_TOKEN_TTL_S`, default 900 = 15 min). */
  tokenTtlSeconds: number;
}

/** The secret used when none is configured: fine for a laptop, refused in production (see below). */
export const DEVELOPMENT_JWT_SECRET = 'development-only-jwt-secret-do-not-use-in-production';

const MIN_SECRET_LENGTH = 32;
const MAX_TTL_SECONDS = 24 * 3600;

/**
 * Reads and checks the auth settings. In production (`NODE_ENV=production`) a missing, short or default secret
 * is an error, so a server cannot start signing tokens with a key anyone can read in this repository.
 */
export function authConfigFromEnv(env: NodeJS.ProcessEnv = process.env): AuthConfig {
  const production = env.NODE_ENV === 'production';
  const secret = env.AUTH_JWT_SECRET ?? (production ? '' : DEVELOPMENT_JWT_SECRET);
  if (production && (secret === '' || secret === DEVELOPMENT_JWT_SECRET))
    throw new Error('AUTH_JWT_SECRET must be set to a secret of your own when NODE_ENV=production');
  if (secret.length < MIN_SECRET_LENGTH)
    throw new Error(
      `AUTH_JWT_SECRET must be at least ${MIN_SECRET_LENGTH} characters (got ${secret.length})`,
    );
  const ttlText = env.AUTH_TOKEN_TTL_S ?? '900';
  const ttl = Number(ttlText);
  if (!Number.isInteger(ttl) || ttl < 30 || ttl > MAX_TTL_SECONDS)
    throw new Error(
      `AUTH_TOKEN_TTL_S must be an integer from 30 to ${MAX_TTL_SECONDS} seconds (got "${ttlText}")`,
    );
  return { jwtSecret: secret, tokenTtlSeconds: ttl };
}
