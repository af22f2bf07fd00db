/** What an API key may be granted. A key never reaches patient-level data: that needs a person (`clinical`). */
export const API_KEY_SCOPES = ['screens:read', 'screens:write', 'trials:read', 'trials:write'] as const;
export type ApiKeyScope = (typeof API_KEY_SCOPES)[number];

/** The scopes, checked; throws naming the unknown ones and the accepted list. */
export function parseScopes(scopes: readonly string[]): ApiKeyScope[] {
  const unknown = scopes.filter((scope) => !(API_KEY_SCOPES as readonly string[]).includes(scope));
  if (unknown.length > 0)
    throw new Error(`unknown scope(s) ${unknown.join(', ')} (accepted: ${API_KEY_SCOPES.join(', ')})`);
  if (scopes.length === 0)
    throw new Error(`an API key needs at least one scope (${API_KEY_SCOPES.join(', ')})`);
  return [...new Set(scopes)] as ApiKeyScope[];
}
