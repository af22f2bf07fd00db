import type { AccessRule } from './access.decorators';

/**
 * Every access rule of the API in one place: the controllers apply them with `@RequireAccess(ACCESS.…)`, and the
 * authorization matrix (test and docs/SECURITY.md) reads the same objects. An admin passes every rule.
 */
export const ACCESS = {
  /** Screens, results, exports, reports, progress: chemists (own and team screens) and keys with screens:read. */
  screensRead: { roles: ['chemist'], scope: 'screens:read' },
  /** Submit and cancel screens. */
  screensWrite: { roles: ['chemist'], scope: 'screens:write' },
  /** Trials, patient sets, evaluations (aggregates) and reports. */
  trialsRead: { roles: ['coordinator', 'clinical'], scope: 'trials:read' },
  /** Create trials, upload patients, start evaluations. */
  trialsWrite: { roles: ['coordinator'], scope: 'trials:write' },
  /** Patient-level results: people with the clinical role only, never an API key. */
  patientLevel: { roles: ['clinical'] },
  /**
   * The daily drift series (`GET /drift`): an aggregate over every team's screens (bin counts of properties, no
   * structure), so chemists and admins, who act on it; no API key (pipelines have no use for it). A screen's own
   * drift is `screensRead`, visibility as for the screen.
   */
  driftSeries: { roles: ['chemist'] },
  /** The audit log: admins only. */
  adminOnly: { roles: [] },
} as const satisfies Record<string, AccessRule>;
