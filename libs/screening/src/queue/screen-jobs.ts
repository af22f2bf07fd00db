import type { Queue } from 'bullmq';
import { chunkJobId, screenJobId } from './queue-contract';

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
