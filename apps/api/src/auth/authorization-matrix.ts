import { ACCESS } from './access-rules';
import type { AccessRule } from './access.decorators';

/**
 * The authorization matrix: every endpoint, every kind of caller, the status it must get. One table, two uses:
 * `apps/api/test/authorization-matrix.e2e-spec.ts` calls each endpoint as each caller against the real
 * application and expects exactly these statuses, and `renderAuthorizationMatrix()` prints it into
 * docs/SECURITY.md (the same spec checks that the document holds the current rendering).
 *
 * The statuses are written out by hand, not derived from ACCESS: the test compares what a person decided with
 * what the guards and the queries do. `screen` is a screen of `chemist` (team med-chem); `teammate` is in
 * med-chem too, `outsider` in another team. `trial` is the coordinator's (team trials-a, with `clinical`);
 * `otherCoordinator` is in trials-b. The keys belong to `chemist` (screens) and `coordinator` (trials).
 */
export const CALLERS = [
  'none',
  'chemist',
  'teammate',
  'outsider',
  'coordinator',
  'otherCoordinator',
  'clinical',
  'admin',
  'keyScreensRead',
  'keyScreensWrite',
  'keyTrials',
] as const;
export type CallerKind = (typeof CALLERS)[number];

/** What each column means, for the document. */
export const CALLER_LABELS: Record<CallerKind, string> = {
  none: 'no credential',
  chemist: 'chemist, owner',
  teammate: 'chemist, same team',
  outsider: 'chemist, other team',
  coordinator: 'coordinator',
  otherCoordinator: 'coordinator, other team',
  clinical: 'clinical',
  admin: 'admin',
  keyScreensRead: 'key screens:read (owner’s team)',
  keyScreensWrite: 'key screens:write (owner’s team)',
  keyTrials: 'key trials:read+write',
};

export interface MatrixRow {
  method: 'GET' | 'POST';
  /** With placeholders the test fills: `:screen`, `:trial`, `:set`, `:evaluation`, `:user`, `:key` (throwaways). */
  path: string;
  rule: AccessRule | 'public';
  expect: Record<CallerKind, number>;
}

type Statuses = [number, number, number, number, number, number, number, number, number, number, number];

function row(method: MatrixRow['method'], path: string, rule: MatrixRow['rule'], s: Statuses): MatrixRow {
  return {
    method,
    path,
    rule,
    expect: Object.fromEntries(CALLERS.map((c, i) => [c, s[i]])) as MatrixRow['expect'],
  };
}

//                                                                          none chem team out  coord othC clin admin kSR  kSW  kTr
// prettier-ignore
export const AUTHORIZATION_MATRIX: MatrixRow[] = [
  row('GET', '/health', 'public', /*                                      */ [200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200]),
  row('GET', '/metrics', 'public', /*                                     */ [200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200]),
  row('POST', '/screens', ACCESS.screensWrite, /*                         */ [401, 202, 202, 202, 403, 403, 403, 202, 403, 202, 403]),
  row('GET', '/screens', ACCESS.screensRead, /*                           */ [401, 200, 200, 200, 403, 403, 403, 200, 200, 403, 403]),
  row('GET', '/screens/:screen', ACCESS.screensRead, /*                   */ [401, 200, 200, 404, 403, 403, 403, 200, 200, 403, 403]),
  row('GET', '/screens/:screen/results', ACCESS.screensRead, /*           */ [401, 200, 200, 404, 403, 403, 403, 200, 200, 403, 403]),
  row('GET', '/screens/:screen/results/1', ACCESS.screensRead, /*         */ [401, 200, 200, 404, 403, 403, 403, 200, 200, 403, 403]),
  row('GET', '/screens/:screen/structures?rows=1,2', ACCESS.screensRead, [401, 200, 200, 404, 403, 403, 403, 200, 200, 403, 403]),
  row('GET', '/screens/:screen/similar?row=1', ACCESS.screensRead, /*     */ [401, 200, 200, 404, 403, 403, 403, 200, 200, 403, 403]),
  row('GET', '/screens/:screen/export?format=csv', ACCESS.screensRead, /* */ [401, 200, 200, 404, 403, 403, 403, 200, 200, 403, 403]),
  row('GET', '/screens/:screen/report', ACCESS.screensRead, /*            */ [401, 200, 200, 404, 403, 403, 403, 200, 200, 403, 403]),
  row('GET', '/screens/:screen/events', ACCESS.screensRead, /*            */ [401, 200, 200, 404, 403, 403, 403, 200, 200, 403, 403]),
  row('GET', '/screens/:screen/drift', ACCESS.screensRead, /*             */ [401, 200, 200, 404, 403, 403, 403, 200, 200, 403, 403]),
  row('GET', '/drift?model=bbbp', ACCESS.driftSeries, /*                  */ [401, 200, 200, 200, 403, 403, 403, 200, 403, 403, 403]),
  row('POST', '/screens/:screen/cancel', ACCESS.screensWrite, /*          */ [401, 200, 200, 404, 403, 403, 403, 200, 403, 200, 403]),
  row('GET', '/models', ACCESS.screensRead, /*                            */ [401, 200, 200, 200, 403, 403, 403, 200, 200, 403, 403]),
  row('POST', '/trials', ACCESS.trialsWrite, /*                           */ [401, 403, 403, 403, 201, 201, 403, 201, 403, 403, 201]),
  row('GET', '/trials', ACCESS.trialsRead, /*                             */ [401, 403, 403, 403, 200, 200, 200, 200, 403, 403, 200]),
  row('GET', '/trials/:trial', ACCESS.trialsRead, /*                      */ [401, 403, 403, 403, 200, 404, 200, 200, 403, 403, 200]),
  row('POST', '/trials/:trial/patients', ACCESS.trialsWrite, /*           */ [401, 403, 403, 403, 202, 404, 403, 202, 403, 403, 202]),
  row('GET', '/trials/:trial/patient-sets', ACCESS.trialsRead, /*         */ [401, 403, 403, 403, 200, 404, 200, 200, 403, 403, 200]),
  row('GET', '/trials/:trial/patient-sets/:set', ACCESS.trialsRead, /*    */ [401, 403, 403, 403, 200, 404, 200, 200, 403, 403, 200]),
  row('POST', '/trials/:trial/evaluations', ACCESS.trialsWrite, /*        */ [401, 403, 403, 403, 202, 404, 403, 202, 403, 403, 202]),
  row('GET', '/trials/:trial/evaluations', ACCESS.trialsRead, /*          */ [401, 403, 403, 403, 200, 404, 200, 200, 403, 403, 200]),
  row('GET', '/trials/:trial/evaluations/:evaluation', ACCESS.trialsRead, [401, 403, 403, 403, 200, 404, 200, 200, 403, 403, 200]),
  row('GET', '/trials/:trial/evaluations/:evaluation/report', ACCESS.trialsRead, [401, 403, 403, 403, 200, 404, 200, 200, 403, 403, 200]),
  row('GET', '/trials/:trial/evaluations/:evaluation/patients', ACCESS.patientLevel, [401, 403, 403, 403, 403, 403, 200, 200, 403, 403, 403]),
  row('GET', '/audit', ACCESS.adminOnly, /*                               */ [401, 403, 403, 403, 403, 403, 403, 200, 403, 403, 403]),
  row('GET', '/users', ACCESS.adminOnly, /*                               */ [401, 403, 403, 403, 403, 403, 403, 200, 403, 403, 403]),
  row('POST', '/users', ACCESS.adminOnly, /*                              */ [401, 403, 403, 403, 403, 403, 403, 201, 403, 403, 403]),
  row('POST', '/users/:user/disable', ACCESS.adminOnly, /*                */ [401, 403, 403, 403, 403, 403, 403, 200, 403, 403, 403]),
  row('POST', '/api-keys', ACCESS.adminOnly, /*                           */ [401, 403, 403, 403, 403, 403, 403, 201, 403, 403, 403]),
  row('POST', '/api-keys/:key/revoke', ACCESS.adminOnly, /*               */ [401, 403, 403, 403, 403, 403, 403, 200, 403, 403, 403]),
  // The registry: esol 1.0.0 (the committed model) is registered by the POST row; it is production, so promoting
  // or retiring it is refused (422) even for an admin; the shadow row turns shadow off ({ on: false }).
  row('GET', '/models/registry', ACCESS.adminOnly, /*                     */ [401, 403, 403, 403, 403, 403, 403, 200, 403, 403, 403]),
  row('POST', '/models/registry', ACCESS.adminOnly, /*                    */ [401, 403, 403, 403, 403, 403, 403, 201, 403, 403, 403]),
  row('GET', '/models/registry/esol/1.0.0', ACCESS.adminOnly, /*          */ [401, 403, 403, 403, 403, 403, 403, 200, 403, 403, 403]),
  row('POST', '/models/registry/esol/1.0.0/promote', ACCESS.adminOnly, /* */ [401, 403, 403, 403, 403, 403, 403, 422, 403, 403, 403]),
  row('POST', '/models/registry/esol/1.0.0/retire', ACCESS.adminOnly, /*  */ [401, 403, 403, 403, 403, 403, 403, 422, 403, 403, 403]),
  row('POST', '/models/registry/esol/1.0.0/shadow', ACCESS.adminOnly, /*  */ [401, 403, 403, 403, 403, 403, 403, 200, 403, 403, 403]),
];

function describeRule(rule: MatrixRow['rule']): string {
  if (rule === 'public') return 'public';
  const roles = [...rule.roles, 'admin'].join(', ');
  return rule.scope ? `${roles}; keys with \`${rule.scope}\`` : `${roles}; no API key`;
}

/** The matrix as a Markdown table (docs/SECURITY.md). */
export function renderAuthorizationMatrix(): string {
  const header = ['Endpoint', 'Who (rule)', ...CALLERS.map((c) => CALLER_LABELS[c])];
  const lines = [
    `| ${header.join(' | ')} |`,
    `| ${header.map(() => '---').join(' | ')} |`,
    ...AUTHORIZATION_MATRIX.map(
      (r) =>
        `| \`${r.method} ${r.path}\` | ${describeRule(r.rule)} | ${CALLERS.map((c) => r.expect[c]).join(' | ')} |`,
    ),
  ];
  return `${lines.join('\n')}\n`;
}
