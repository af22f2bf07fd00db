import jwt from 'jsonwebtoken';
import type { AuthConfig } from './auth-config';
import { isRole, type Principal } from './roles';

const ISSUER = 'hitscreen';
const ALGORITHM = 'HS256';

/** Claims of a person's bearer token: the role and team travel in the token, so requests need no user lookup. */
interface TokenClaims {
  sub: string;
  role: string;
  team: string | null;
}

export function issueBearerToken(
  config: AuthConfig,
  user: { id: string; role: string; team: string | null },
): string {
  const claims: TokenClaims = { sub: user.id, role: user.role, team: user.team };
  return jwt.sign(claims, config.jwtSecret, {
    algorithm: ALGORITHM,
    issuer: ISSUER,
    expiresIn: config.tokenTtlSeconds,
  });
}

/**
 * The principal of a valid token, or null (bad signature, expired, wrong issuer or algorithm, malformed claims).
 * The algorithm is pinned: a token that says `alg: none` or RS256 is refused, whatever it carries.
 */
export function verifyBearerToken(config: AuthConfig, token: string): Principal | null {
  let payload: unknown;
  try {
    payload = jwt.verify(token, config.jwtSecret, { algorithms: [ALGORITHM], issuer: ISSUER });
  } catch {
    return null;
  }
  if (typeof payload !== 'object' || payload === null) return null;
  const { sub, role, team } = payload as Partial<TokenClaims>;
  if (typeof sub !== 'string' || !isRole(role) || role === 'service') return null;
  return { kind: 'user', id: sub, role, team: typeof team === 'string' ? team : null, scopes: [] };
}
