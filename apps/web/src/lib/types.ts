// The shapes the web interface reads from the API (the OpenAPI document at /docs describes them). Written out
// here rather than imported: the browser bundle takes nothing from the server's libraries. The typecheck holds
// them to the server's: apps/api/src/web/web-types.check.ts.

export type Role = 'admin' | 'chemist' | 'coordinator' | 'clinical' | 'service';

export interface Page<T> {
  items: T[];
  total: number;
  page: number;
  pageSize: number;
}

export type ScreenStatus =
  'queued' | 'running' | 'completed' | 'completed_with_errors' | 'failed' | 'cancelled';

export interface ScreenCounts {
  total: number;
  done: number;
  invalid: number;
  failed: number;
}

export interface Screen {
  id: string;
  name: string | null;
  status: ScreenStatus;
  counts: ScreenCounts;
  progress: number;
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
  models: { name: string; version: string }[];
  options: { name?: string; models?: string[]; weights?: Record<string, number> };
  error: string | null;
}

export interface ResultAlert {
  catalog: string;
  name: string;
  atoms: number[];
}

export interface ResultPrediction {
  key: string;
  value: number;
  uncertainty: number;
  active?: boolean;
}

export interface ResultRow {
  row: number;
  id: string;
  input: string;
  status: 'ok' | 'invalid' | 'failed';
  error: string | null;
  parentSmiles: string | null;
  inchikey: string | null;
  properties: Record<string, number | boolean>;
  alerts: ResultAlert[];
  predictions: ResultPrediction[];
  domain: { model: string; maxSimilarity: number; inDomain: boolean }[];
  desirability: number | null;
  rank: number | null;
}

export interface Explanation {
  model: string;
  task: string;
  prediction: number;
  atomWeights: number[];
  drivingAtoms: number[];
  alerts: ResultAlert[];
  svg: string;
  colors: { driving: string; alert: string; both: string };
}

export interface Compound extends ResultRow {
  explanation: Explanation | null;
}

/** GET /screens/:id/structures: each row's drawing, or the reason it has none. */
export interface StructurePage {
  items: { row: number; svg: string | null; error?: string | null }[];
}

export interface ModelSummary {
  name: string;
  version: string;
  description: string;
  tasks: { name: string; type: string; units: string }[];
  headline: { name: string; value: number };
}

export interface SimilarPage {
  query: string;
  row: number | null;
  searched: number;
  hits: { similarity: number; result: ResultRow }[];
}

/** Aggregates of the trial module: 1–10 are "<11", a complementary cell "hidden". */
export type Count = number | '<11' | 'hidden';

export interface Trial {
  id: string;
  trialId: string;
  title: string;
  asOf: string;
  targetEnrollment: number;
  createdAt: string;
}

export interface PatientSet {
  id: string;
  name: string;
  status: 'receiving' | 'queued' | 'ingesting' | 'ready' | 'failed';
  patients: Count;
  skipped: number;
  issues: { file?: string; line?: number; entry?: number; reason: string }[];
  error: string | null;
  createdAt: string;
}

export interface MonthsInterval {
  median: number | null;
  low: number | null;
  high: number | null;
  probabilityReached: number;
}

export interface CurveBand {
  month: number;
  median: number;
  low: number;
  high: number;
}

export interface CohortResult {
  id: string;
  name: string;
  site: string;
  rank: number | null;
  patients: Count;
  eligible: Count;
  possiblyEligible: Count;
  ineligible: Count;
  expectedEnrollees: number;
  forecastMonths: MonthsInterval;
  /** null for the unassigned cohort, which no site recruits. */
  forecastContribution: number | null;
  funnel: { criterion: string; label: string; remaining: Count }[];
}

export interface TrialRanking {
  trial: { id: string; title: string; asOf: string; targetEnrollment: number };
  cohorts: CohortResult[];
  totals: {
    patients: Count;
    eligible: Count;
    possiblyEligible: Count;
    ineligible: Count;
    expectedEnrollees: number;
    forecastMonths: MonthsInterval;
    funnel: { criterion: string; label: string; remaining: Count }[];
  };
  forecast: { model: string; total: CurveBand[]; bySite: { id: string; curve: CurveBand[] }[] };
}

export interface Evaluation {
  id: string;
  trialId: string;
  patientSetId: string;
  status: 'queued' | 'running' | 'completed' | 'failed';
  error: string | null;
  createdAt: string;
  result?: TrialRanking;
}

export interface PatientResult {
  pid: string;
  cohort: string;
  status: 'eligible' | 'possibly_eligible' | 'ineligible';
  firstFailing: string | null;
}
