/**
 * The platform's roles. A principal has exactly one; what each may do is decided where the resource is read
 * (ownership in queries), not here.
 * - chemist: own screens and those shared within the team.
 * - coordinator: trial aggregates and reports.
 * - clinical: patient-level trial data.
 * - service: API-key clients, limited to the scopes the key was granted.
 * - admin: everything, including users, keys and the audit log.
 */
export const ROLES = ['chemist', 'coordinator', 'clinical', 'service', 'admin'] as const;
export type Role = (typeof ROLES)[number];

export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (ROLES as readonly string[]).includes(value);
}

/** Who is calling: a person (bearer token) or a pipeline client (API key). */
export interface Principal {
  kind: 'user' | 'api-key';
  /** User id, or the API key's public id. */
  id: string;
  role: Role;
  /** Screens are shared within a team; null = private to the owner. */
  team: string | null;
  /** For API keys: the scopes granted (e.g. `screens:read`); users have none (their role decides). */
  scopes: string[];
}
