// A small HTTP client for the bench: the API runs in its own process on localhost, and the bench talks to it
// as a pipeline client would (JSON answers, a multipart upload of the library file).
import { randomBytes } from 'node:crypto';
import { Agent, request } from 'node:http';
import { performance } from 'node:perf_hooks';

export interface Answer {
  status: number;
  body: string;
  ms: number;
}

export class HttpClient {
  private readonly agent = new Agent({ keepAlive: true, maxSockets: 8 });

  /** `Authorization: Bearer …` sent with every request once set. */
  bearerToken?: string;

  constructor(private readonly port: number) {}

  send(method: string, path: string, body?: Buffer, headers: Record<string, string> = {}): Promise<Answer> {
    return new Promise((resolve, reject) => {
      const started = performance.now();
      const req = request(
        {
          host: '127.0.0.1',
          port: this.port,
          path,
          method,
          agent: this.agent,
          headers: {
            ...headers,
            ...(body ? { 'content-length': String(body.length) } : {}),
            ...(this.bearerToken ? { authorization: `Bearer ${this.bearerToken}` } : {}),
          },
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () =>
            resolve({
              status: res.statusCode ?? 0,
              body: Buffer.concat(chunks).toString('utf8'),
              ms: performance.now() - started,
            }),
          );
          res.on('error', reject);
        },
      );
      req.on('error', reject);
      req.end(body);
    });
  }

  /** GET with a JSON answer; anything but 200 is an error with the answer's start. */
  async getJson<T>(path: string): Promise<{ value: T; ms: number }> {
    const answer = await this.send('GET', path);
    if (answer.status !== 200) throw new Error(`GET ${path}: ${answer.status} ${answer.body.slice(0, 300)}`);
    return { value: JSON.parse(answer.body) as T, ms: answer.ms };
  }

  /** `POST path` as multipart/form-data: text fields first, then the file part, as the API expects. */
  upload(
    path: string,
    fields: Record<string, string>,
    file: { name: string; bytes: Buffer },
  ): Promise<Answer> {
    const boundary = `bench${randomBytes(12).toString('hex')}`;
    const parts: Buffer[] = [];
    for (const [name, value] of Object.entries(fields))
      parts.push(
        Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`),
      );
    parts.push(
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${file.name}"\r\n` +
          'Content-Type: application/octet-stream\r\n\r\n',
      ),
      file.bytes,
      Buffer.from(`\r\n--${boundary}--\r\n`),
    );
    return this.send('POST', path, Buffer.concat(parts), {
      'content-type': `multipart/form-data; boundary=${boundary}`,
    });
  }

  close(): void {
    this.agent.destroy();
  }
}

/** Polls `until` every `everyMs` until it returns a value; an error or undefined means "not yet". */
export async function until<T>(
  what: string,
  timeoutMs: number,
  everyMs: number,
  probe: () => Promise<T | undefined>,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe().catch(() => undefined);
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`${what}: not within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}

/** Nearest-rank percentile of ascending `sorted`. */
export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}

/**
 * Requests `path` every `everyMs` (one at a time: a slow answer delays the next request rather than stacking
 * them) until `stop()`, keeping each latency; a non-200 answer is kept as an error, not thrown, so that one bad
 * answer does not end the run.
 */
export function pollLatency(client: HttpClient, path: string, everyMs: number) {
  const times: number[] = [];
  const errors: string[] = [];
  let running = true;
  const done = (async () => {
    while (running) {
      const next = Date.now() + everyMs;
      try {
        const answer = await client.send('GET', path);
        if (answer.status === 200) times.push(answer.ms);
        else errors.push(`${answer.status} ${answer.body.slice(0, 200)}`);
      } catch (error) {
        errors.push(error instanceof Error ? error.message : String(error));
      }
      await new Promise((r) => setTimeout(r, Math.max(0, next - Date.now())));
    }
  })();
  return {
    stop: async () => {
      running = false;
      await done;
      return { times: [...times].sort((a, b) => a - b), errors };
    },
  };
}
