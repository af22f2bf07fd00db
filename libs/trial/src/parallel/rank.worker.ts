// Worker-thread entry of the parallel NDJSON ranking: takes chunks of whole lines (one Bundle each), parses,
// pseudonymizes, evaluates and tallies them; at the end returns its exact tallies for the main thread to merge.
import { parentPort, workerData } from 'node:worker_threads';
import type { CohortTally } from '../cohorts/cohort-tally';
import { compileTrial } from '../criteria/evaluate-patient';
import { bundlePatients, notJsonReason, type FhirReadContext } from '../ingest/fhir-reader';
import type { Resource } from '../ingest/fhir-resources';
import type { IngestIssue } from '../patient.types';
import { Pseudonymizer } from '../pseudonym';
import { newTallies, tallyPatient } from '../rank/rank-trial';
import type { Trial } from '../trial.types';
import type { ChunkMessage, WorkerReply } from './messages';

const { trial, key, file, issueLimit } = workerData as {
  trial: Trial;
  key: string;
  file: string;
  issueLimit: number;
};
const compiled = compileTrial(trial);
const tallies: Map<string, CohortTally> = newTallies(compiled);
const issues: IngestIssue[] = [];
let issueCount = 0;
const ctx: FhirReadContext = {
  pseudonymizer: new Pseudonymizer(key),
  organizations: new Map(),
  onIssue: (issue) => {
    issueCount++;
    if (issues.length < issueLimit) issues.push(issue);
  },
};

parentPort!.on('message', (message: ChunkMessage) => {
  if (message.type === 'finish') {
    const reply: WorkerReply = { type: 'result', tallies: [...tallies.values()], issues, issueCount };
    parentPort!.postMessage(reply);
    return;
  }
  const buf = Buffer.from(message.buffer, 0, message.length);
  let patients = 0;
  let line = message.firstLine;
  let start = 0;
  while (start < buf.length) {
    let end = buf.indexOf(10, start);
    if (end < 0) end = buf.length;
    const text = buf.toString('utf8', start, end > start && buf[end - 1] === 13 ? end - 1 : end);
    if (text.trim() !== '') {
      let resource: Resource | undefined;
      try {
        resource = JSON.parse(text) as Resource;
      } catch (error) {
        ctx.onIssue({ file, line, reason: notJsonReason(error) });
      }
      if (resource && resource.resourceType !== 'Bundle') {
        ctx.onIssue({
          file,
          line,
          reason: `expected a Bundle per line for parallel reading, got ${String(resource.resourceType)}`,
        });
      } else if (resource) {
        for (const patient of bundlePatients(resource, ctx, { file, line })) {
          tallyPatient(compiled, tallies, patient);
          patients++;
        }
      }
    }
    line++;
    start = end + 1;
  }
  const reply: WorkerReply = { type: 'done', patients };
  parentPort!.postMessage(reply);
});
