/** One server-sent event: its `event` name (default "message") and its `data` lines joined. */
export interface ServerEvent {
  event: string;
  data: string;
}

/**
 * Incremental parser of a `text/event-stream` body (the WHATWG format: `event:` and `data:` fields, events end at a
 * blank line, `:` lines are comments). Fed arbitrary chunks, it returns the events completed so far. EventSource
 * would do this, but it cannot send the Authorization header, so the page reads the stream with fetch().
 */
export class EventStreamParser {
  private buffer = '';

  push(chunk: string): ServerEvent[] {
    this.buffer += chunk.replace(/\r\n?/g, '\n');
    const events: ServerEvent[] = [];
    let end: number;
    while ((end = this.buffer.indexOf('\n\n')) >= 0) {
      const block = this.buffer.slice(0, end);
      this.buffer = this.buffer.slice(end + 2);
      let event = 'message';
      const data: string[] = [];
      for (const line of block.split('\n')) {
        if (line === '' || line.startsWith(':')) continue;
        const colon = line.indexOf(':');
        const field = colon < 0 ? line : line.slice(0, colon);
        const value = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
        if (field === 'event') event = value;
        else if (field === 'data') data.push(value);
      }
      if (data.length > 0 || event !== 'message') events.push({ event, data: data.join('\n') });
    }
    return events;
  }
}
