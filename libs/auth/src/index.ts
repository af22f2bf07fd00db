// Public API of identity: roles, users and API keys with hashed secrets, short-lived bearer tokens.
export { authConfigFromEnv, DEVELOPMENT_JWT_SECRET, type AuthConfig } from './auth-config';
export { generateApiKey, parseApiKey } from './api-key';
export { issueBearerToken, verifyBearerToken } from './bearer-token';
export { IdentityError, IdentityService, type NewUser, type PublicUser } from './identity.service';
export { AUTH_ENTITIES, AUTH_MIGRATIONS, ApiKeyEntity, UserEntity } from './persistence';
export type { ApiKeyRecord, UserRecord } from './persistence';
export { ROLES, isRole, type Principal, type Role } from './roles';
export { API_KEY_SCOPES, parseScopes, type ApiKeyScope } from './scopes';
export { hashSecret, verifySecret } from './secret-hash';
