import type { CohortTally } from '../cohorts/cohort-tally';
import type { IngestIssue } from '../patient.types';

/** Main thread → worker: a run of whole NDJSON lines (transferred), or the end of the input. */
export type ChunkMessage =
  { type: 'chunk'; buffer: ArrayBuffer; length: number; firstLine: number } | { type: 'finish' };

/** Worker → main thread: a chunk is done, or the worker's tallies and issues at the end. */
export type WorkerReply =
  | { type: 'done'; patients: number }
  | { type: 'result'; tallies: CohortTally[]; issues: IngestIssue[]; issueCount: number };
