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
 * current state from the database (null: the screen is gone, which ends the stream).
 */
export async function* followProgress(
  subscriber: Redis,
  prefix: string,
  screenId: string,
  read: () => Promise<ScreenProgressEvent | null>,
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
  // Subscribe before reading the first state, so no change between the two is missed.
  await subscriber.subscribe(channel);
  try {
    let last = await read();
    if (!last) return;
    yield last;
    while (!isFinal(last.status)) {
      await new Promise<void>((resolve) => {
        wake = resolve;
        setTimeout(resolve, pollMs).unref();
        if (inbox.length > 0) resolve();
      });
      wake = undefined;
      // A message is a wake-up: messages from several workers may arrive out of order, the database may not.
      inbox.length = 0;
      const next = await read();
      if (!next) return;
      if (!sameState(next, last)) yield next;
      last = next;
    }
  } finally {
    subscriber.off('message', onMessage);
    await subscriber.unsubscribe(channel).catch(() => undefined);
  }
}
