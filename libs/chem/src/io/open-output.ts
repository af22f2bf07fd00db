import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import type { Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGzip } from 'node:zlib';
import { isGzipPath } from './format';

/** A file opened for writing: the stream to write to and a promise that settles when it is on disk. */
export interface OutputFile {
  stream: Writable;
  /** Resolves when everything written has been flushed and the file closed; rejects with a write error. */
  finished: Promise<void>;
}

/**
 * Opens `path` for writing, through gzip when it ends in `.gz`. Waits for the file to open so that a bad path
 * (missing folder, no permission) fails here, before any work is done, not at the first write.
 */
export async function openOutputFile(path: string): Promise<OutputFile> {
  const file = createWriteStream(path);
  await once(file, 'open');
  if (!isGzipPath(path)) {
    const finished = once(file, 'close').then(() => undefined);
    finished.catch(() => undefined); // observed by close(); avoids an unhandled rejection before then
    return { stream: file, finished };
  }
  const gzip = createGzip();
  const finished = pipeline(gzip, file);
  finished.catch(() => undefined);
  return { stream: gzip, finished };
}

/**
 * Text written to a Writable with backpressure: small pieces are gathered into ~64 KiB chunks (one write per
 * row would make gzip output slow) and each chunk waits for 'drain' when the stream's buffer is full, so a slow
 * disk or consumer holds the producer instead of growing memory.
 */
export class TextSink {
  private pending: string[] = [];
  private pendingLength = 0;
  private closed = false;
  private failure: Error | undefined;

  constructor(
    private readonly stream: Writable,
    private readonly finished?: Promise<void>,
    private readonly chunkSize = 64 * 1024,
  ) {
    // Remember the first stream error so the next write or close reports it instead of hanging.
    stream.on('error', (error: Error) => {
      this.failure ??= error;
    });
  }

  async write(text: string): Promise<void> {
    if (this.closed) throw new Error('write after close');
    if (this.failure) throw this.failure;
    this.pending.push(text);
    this.pendingLength += text.length;
    if (this.pendingLength >= this.chunkSize) await this.flush();
  }

  /** Writes what is gathered, ends the stream and waits until it is finished (for a file: closed on disk). */
  async close(): Promise<void> {
    if (this.closed) return;
    await this.flush();
    this.closed = true;
    if (this.failure) throw this.failure;
    const ended = once(this.stream, 'finish');
    this.stream.end();
    await ended;
    if (this.finished) await this.finished;
  }

  private async flush(): Promise<void> {
    if (this.pendingLength === 0) return;
    const chunk = this.pending.join('');
    this.pending = [];
    this.pendingLength = 0;
    if (!this.stream.write(chunk)) await once(this.stream, 'drain');
    if (this.failure) throw this.failure;
  }
}
