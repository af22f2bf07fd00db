/** Injection tokens of what the API is given at start-up (the service and the configuration are plain objects). */
export const SCREENING_SERVICE = Symbol('ScreeningService');
export const API_CONFIG = Symbol('ApiConfig');
/** The append-only audit log (`@hitscreen/db` AuditLog) on the platform database. */
export const AUDIT_LOG = Symbol('AuditLog');
