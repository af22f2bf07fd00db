import { open } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { mergeTallies, type CohortTally } from '../cohorts/cohort-tally';
import { compileTrial } from '../criteria/evaluate-patient';
import type { IngestIssue } from '../patient.types';
import { summarize, type TrialRanking } from '../rank/rank-trial';
import type { Trial } from '../trial.types';
import type { ChunkMessage, WorkerReply } from './messages';

/** Bytes per chunk handed to a worker (whole lines; a longer line makes a longer chunk). */
const CHUNK_BYTES = 8 * 1024 * 1024;
/** Chunks queued per worker: enough to keep it busy, few enough to bound memory (threads × 2 × 8 MiB). */
const IN_FLIGHT_PER_WORKER = 2;

export interface ParallelRankOptions {
  threads: number;
  /** The pseudonym key (workers pseudonymize on their own). */
  pseudonymKey: string;
  onIssue?: (issue: IngestIssue) => void;
  /** How many issues each worker sends back in full (all are counted). Default 100. */
  issueLimit?: number;
  /** The bundled worker file; default `trial-rank.worker.js` beside the running bundle. */
  workerFile?: string;
}

export interface ParallelRankResult {
  ranking: TrialRanking;
  patients: number;
  issueCount: number;
}

/**
 * `rankTrial` over an NDJSON file of Bundles (one per line) on worker threads: the main thread cuts the file into
 * chunks of whole lines, each worker parses, evaluates and tallies what it gets, and the exact tallies are merged
 * before the (single-threaded) forecast and suppression, so the result equals the one-thread result. Loose
 * resources are reported, not read: they need the one-thread reader, which keeps each patient's lines together.
 */
export async function rankTrialParallel(
  trial: Trial,
  file: string,
  options: ParallelRankOptions,
): Promise<ParallelRankResult> {
  const compiled = compileTrial(trial);
  const workerData = {
    trial,
    key: options.pseudonymKey,
    file: basename(file),
    issueLimit: options.issueLimit ?? 100,
  };
  const workers = Array.from(
    { length: Math.max(1, options.threads) },
    () => new Worker(options.workerFile ?? join(__dirname, 'trial-rank.worker.js'), { workerData }),
  );
  const inFlight = workers.map(() => 0);
  let patients = 0;
  let wake: (() => void) | undefined;
  let failure: unknown;
  const results: Promise<Extract<WorkerReply, { type: 'result' }>>[] = workers.map(
    (worker, i) =>
      new Promise((resolve, reject) => {
        worker.on('message', (reply: WorkerReply) => {
          if (reply.type === 'done') {
            inFlight[i]--;
            patients += reply.patients;
            wake?.();
          } else resolve(reply);
        });
        worker.on('error', (error) => {
          failure = error;
          reject(error);
          wake?.();
        });
      }),
  );
  results.forEach((p) => p.catch(() => undefined)); // observed below; avoids an unhandled rejection meanwhile
  try {
    for await (const chunk of lineChunks(file)) {
      let i = leastBusy(inFlight);
      while (inFlight[i] >= IN_FLIGHT_PER_WORKER && failure === undefined) {
        await new Promise<void>((resolve) => (wake = resolve));
        i = leastBusy(inFlight);
      }
      if (failure !== undefined) throw failure;
      inFlight[i]++;
      const message: ChunkMessage = {
        type: 'chunk',
        buffer: chunk.buffer,
        length: chunk.length,
        firstLine: chunk.firstLine,
      };
      workers[i].postMessage(message, [chunk.buffer]);
    }
    for (const worker of workers) worker.postMessage({ type: 'finish' } satisfies ChunkMessage);
    const replies = await Promise.all(results);
    const merged = new Map<string, CohortTally>();
    let issueCount = 0;
    for (const reply of replies) {
      issueCount += reply.issueCount;
      reply.issues.forEach((issue) => options.onIssue?.(issue));
      for (const tally of reply.tallies) {
        const into = merged.get(tally.id);
        if (into) mergeTallies(into, tally);
        else merged.set(tally.id, tally);
      }
    }
    return { ranking: summarize(compiled, [...merged.values()]), patients, issueCount };
  } finally {
    await Promise.all(workers.map((w) => w.terminate()));
  }
}

function leastBusy(inFlight: number[]): number {
  let best = 0;
  for (let i = 1; i < inFlight.length; i++) if (inFlight[i] < inFlight[best]) best = i;
  return best;
}

/** The file as chunks of whole lines (own ArrayBuffers, so they can be transferred), with their first line number. */
async function* lineChunks(
  file: string,
): AsyncGenerator<{ buffer: ArrayBuffer; length: number; firstLine: number }> {
  const handle = await open(file, 'r');
  try {
    let carry = Buffer.alloc(0);
    let firstLine = 1;
    for (;;) {
      const buf = Buffer.allocUnsafeSlow(carry.length + CHUNK_BYTES);
      carry.copy(buf, 0);
      const { bytesRead } = await handle.read(buf, carry.length, CHUNK_BYTES, null);
      const filled = carry.length + bytesRead;
      if (bytesRead === 0) {
        if (filled > 0) yield { buffer: buf.buffer, length: filled, firstLine };
        return;
      }
      const lastNewline = buf.lastIndexOf(10, filled - 1);
      if (lastNewline < 0) {
        carry = Buffer.from(buf.subarray(0, filled)); // one line longer than a chunk: keep reading
        continue;
      }
      carry = Buffer.from(buf.subarray(lastNewline + 1, filled));
      let lines = 0;
      for (let at = buf.indexOf(10, 0); at >= 0 && at <= lastNewline; at = buf.indexOf(10, at + 1)) lines++;
      const chunk = { buffer: buf.buffer, length: lastNewline + 1, firstLine };
      firstLine += lines; // counted before the yield: the consumer transfers (detaches) the buffer
      yield chunk;
    }
  } finally {
    await handle.close();
  }
}
