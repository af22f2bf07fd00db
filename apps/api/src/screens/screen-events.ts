import type { Request, Response } from 'express';
import type { ScreeningService, ScreenProgressEvent, ScreenViewer } from '@hitscreen/screening';

const HEARTBEAT_MS = 15_000;

/** One server-sent event: `event`, `id`, then the JSON data on one line, then a blank line. */
export function formatEvent(event: string, id: number, data: unknown): string {
  return `event: ${event}\nid: ${id}\ndata: ${JSON.stringify(data)}\n\n`;
}

/**
 * Server-sent events of a screen's progress: a `progress` event per service event, then `end` with the final
 * state, then the stream closes. A comment line every 15 s keeps proxies from closing an idle stream. When the
 * client goes away the service's iterator is closed, so nothing keeps polling for nobody.
 */
export async function streamEvents(
  screening: ScreeningService,
  screenId: string,
  req: Request,
  res: Response,
  viewer: ScreenViewer,
): Promise<void> {
  res.status(200);
  res.setHeader('Content-Type', 'text/event-stream; charset=utf-8');
  res.setHeader('Cache-Control', 'no-cache, no-transform');
  res.setHeader('Connection', 'keep-alive');
  res.setHeader('X-Accel-Buffering', 'no');
  res.flushHeaders();
  const iterator = screening.events(screenId, viewer)[Symbol.asyncIterator]();
  let open = true;
  const heartbeat = setInterval(() => res.write(': keep-alive\n\n'), HEARTBEAT_MS);
  const stop = () => {
    open = false;
    void iterator.return?.();
  };
  req.on('close', stop);
  let id = 0;
  let last: ScreenProgressEvent | undefined;
  try {
    while (open) {
      const next = await iterator.next();
      if (next.done || !open) break;
      last = next.value;
      res.write(formatEvent('progress', ++id, next.value));
    }
    if (open) res.write(formatEvent('end', ++id, last ?? { screenId }));
  } finally {
    clearInterval(heartbeat);
    req.off('close', stop);
    res.end();
  }
}
