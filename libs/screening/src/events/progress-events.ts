import type { Redis } from 'ioredis';
import type { ScreenProgressEvent } from '../contract';
import { isFinal } from '../store';

/**
 * Progress goes over Redis pub/sub, one channel per screen, rather than BullMQ's QueueEvents: a subscriber gets
 * exactly its screen's events (QueueEvents streams every job of the queue to every listener, which would then map
 * job ids back to screens), and nothing is stored (the events stream is capped and trimmed anyway). Pub/sub drops
 * messages while a subscriber reconnects, so `followProgress` also re-reads the database on a timer: the database
 * is the truth, the messages only make updates prompt.
 */
export const progressChannel = (prefix: string, screenId: string) => `${prefix}:screen-progress:${screenId}`;

export async function publishProgress(
  redis: Redis,
  prefix: string,
  event: ScreenProgressEvent,
): Promise<void> {
  await redis.publish(progressChannel(prefix, event.screenId), JSON.stringify(event));
}

const sameState = (a: ScreenProgressEvent, b: ScreenProgressEvent) =>
  a.status === b.status && a.counts.done === b.counts.done && a.counts.total === b.counts.total;

/**
 * The screen's state now, then every change until a final state (included), then the end. `read` returns the
 * current state from the database (null: the screen is gone, which ends the stream). Aborting `signal` ends it at
 * once, even while it waits for the next change.
 */
export async function* followProgress(
  subscriber: Redis,
  prefix: string,
  screenId: string,
  read: () => Promise<ScreenProgressEvent | null>,
  signal?: AbortSignal,
  pollMs = 2000,
): AsyncGenerator<ScreenProgressEvent> {
  const channel = progressChannel(prefix, screenId);
  const inbox: string[] = [];
  let wake: (() => void) | undefined;
  const onMessage = (from: string, message: string) => {
    if (from !== channel) return;
    inbox.push(message);
    wake?.();
  };
  subscriber.on('message', onMessage);
  const onAbort = () => wake?.();
  signal?.addEventListener('abort', onAbort);
  // Subscribe before reading the first state, so no change between the two is missed.
  await subscriber.subscribe(channel);
  try {
    let last = await read();
    if (!last) return;
    yield last;
    while (!isFinal(last.status) && !signal?.aborted) {
      await new Promise<void>((resolve) => {
        wake = resolve;
        setTimeout(resolve, pollMs).unref();
        if (inbox.length > 0 || signal?.aborted) resolve();
      });
      wake = undefined;
      if (signal?.aborted) return;
      // A message is a wake-up: messages from several workers may arrive out of order, the database may not.
      inbox.length = 0;
      const next = await read();
      if (!next) return;
      if (!sameState(next, last)) yield next;
      last = next;
    }
  } finally {
    signal?.removeEventListener('abort', onAbort);
    subscriber.off('message', onMessage);
    await subscriber.unsubscribe(channel).catch(() => undefined);
  }
}

/**
 * `followProgress` as an iterable whose `return()` (a consumer that stops early: an SSE client that went away)
 * ends the wait at once, instead of when the screen next changes. An async generator alone cannot do this: its
 * `return()` waits for the body to reach its next `yield`.
 */
export function progressStream(
  start: (signal: AbortSignal) => AsyncGenerator<ScreenProgressEvent>,
): AsyncIterable<ScreenProgressEvent> {
  return {
    [Symbol.asyncIterator]() {
      const controller = new AbortController();
      const inner = start(controller.signal);
      return {
        next: () => inner.next(),
        return: async () => {
          controller.abort();
          return inner.return(undefined);
        },
      };
    },
  };
}
