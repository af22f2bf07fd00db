import { hash, verify } from '@node-rs/argon2';

/**
 * Passwords and API-key secrets are stored only as argon2id hashes (the library's defaults: m = 19 MiB, t = 2,
 * p = 1, the OWASP minimum). The encoded hash carries its own salt and parameters, so stronger settings later
 * still verify old hashes.
 */
export function hashSecret(secret: string): Promise<string> {
  return hash(secret);
}

/** False for a wrong secret or a hash that is not argon2 (never throws on bad input). */
export async function verifySecret(encodedHash: string, secret: string): Promise<boolean> {
  try {
    return await verify(encodedHash, secret);
  } catch {
    return false;
  }
}
