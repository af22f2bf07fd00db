import { EventStreamParser } from './event-stream';

describe('EventStreamParser', () => {
  it('reads events split across chunks anywhere, with CRLF line ends and comments', () => {
    const body =
      ': keep-alive\r\n\r\nevent: progress\r\ndata: {"progress":0.5}\r\n\r\nevent: end\ndata: {}\n\n';
    const parser = new EventStreamParser();
    const events = [];
    for (let i = 0; i < body.length; i += 7) events.push(...parser.push(body.slice(i, i + 7)));
    expect(events).toEqual([
      { event: 'progress', data: '{"progress":0.5}' },
      { event: 'end', data: '{}' },
    ]);
  });

  it('joins multi-line data and defaults the event name to message', () => {
    const parser = new EventStreamParser();
    expect(parser.push('data: a\ndata: b\n\ndata:c')).toEqual([{ event: 'message', data: 'a\nb' }]);
    expect(parser.push('\n\n')).toEqual([{ event: 'message', data: 'c' }]);
  });
});
