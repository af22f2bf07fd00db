import { randomBytes } from 'node:crypto';

/**
 * API keys look like `hsk_<id>_<secret>`: the id (12 hex characters) finds the stored row without scanning, the
 * secret (32 random bytes, base64url) is checked against its argon2 hash. The prefix makes a leaked key easy to
 * recognise in logs and by secret scanners.
 */
const KEY_PATTERN = /^hsk_([0-9a-f]{12})_([A-Za-z0-9_-]{43})$/;

export interface ApiKeyParts {
  id: string;
  secret: string;
}

export function generateApiKey(): ApiKeyParts & { key: string } {
  const id = randomBytes(6).toString('hex');
  const secret = randomBytes(32).toString('base64url');
  return { id, secret, key: `hsk_${id}_${secret}` };
}

/** The id and secret of a well-formed key; null for anything else. */
export function parseApiKey(key: string): ApiKeyParts | null {
  const match = KEY_PATTERN.exec(key.trim());
  return match ? { id: match[1], secret: match[2] } : null;
}
