import type { FlowProducer, Queue } from 'bullmq';
import {
  CHUNK_ATTEMPTS,
  chunkJobId,
  chunkJobOptions,
  finalizeJobOptions,
  SCREEN_QUEUES,
  screenJobId,
  type ScreenJobPayloads,
} from './queue-contract';

/** The queues a screen's flow lives on. */
export interface ScreenFlowQueues {
  chunks: Queue;
  finalize: Queue;
}

/**
 * Removes what is left in Redis of a screen that ended early (cancelled, failed): every chunk job that is not
 * running (waiting, delayed for a retry), then the flow's finalize parent, so nothing of the screen stays queued.
 * A chunk running at that moment holds its lock and cannot be removed: it stops without storing anything (its
 * processor sees the final status) and ends as a finished job, which retention drops.
 */
export async function removeScreenJobs(
  queues: ScreenFlowQueues,
  screenId: string,
  chunkCount: number,
): Promise<void> {
  // Queue.remove leaves a locked (running) job alone and answers 0; a job already gone is no error.
  for (let chunk = 0; chunk < chunkCount; chunk++) await queues.chunks.remove(chunkJobId(screenId, chunk));
  await queues.finalize.remove(screenJobId(screenId), { removeChildren: false });
}

/**
 * Adds a screen's flow: the finalize parent and one child job per chunk in `chunks`. Job ids are deterministic, so
 * adding a flow whose jobs already exist changes nothing (BullMQ keeps the existing job for an id).
 */
export async function addScreenFlow(
  flows: FlowProducer,
  screenId: string,
  chunks: readonly number[],
): Promise<void> {
  await flows.add({
    name: 'screen-finalize',
    queueName: SCREEN_QUEUES.finalize,
    data: { screenId } satisfies ScreenJobPayloads['screen-finalize'],
    opts: finalizeJobOptions(screenId),
    children: chunks.map((chunk) => ({
      name: 'screen-chunk',
      queueName: SCREEN_QUEUES.chunks,
      data: { screenId, chunk } satisfies ScreenJobPayloads['screen-chunk'],
      opts: chunkJobOptions(screenId, chunk, CHUNK_ATTEMPTS),
    })),
  });
}
