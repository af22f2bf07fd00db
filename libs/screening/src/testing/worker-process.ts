import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { appendFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ScreeningServiceConfig } from '../contract';

/** The repository root (this file is libs/screening/src/testing/). */
const ROOT = join(__dirname, '../../../..');

/** A screening worker process from the esbuild bundle, as `npm run start:worker` runs it, and what it printed. */
export interface WorkerProcess {
  child: ChildProcess;
  /** stdout and stderr, line by line, as they arrive. */
  output: string[];
  /** Resolves with the exit code (null when killed by a signal) once the output has been read to its end. */
  exited: Promise<number | null>;
  /** The chunks this process stored ("screen … chunk N: M rows" lines). */
  chunksStored(): number;
  /** The file that also holds every line, `[pid N]`-prefixed, and how the process exited. */
  logFile: string;
}

export interface WorkerProcessOptions {
  /**
   * Where the lines also go, to read after a failure in CI, when the test's own output is gone: by default one
   * file per test process in the temp folder, shared by the workers it starts (each line names its pid).
   */
  logFile?: string;
}

/** Bundles the worker (and the rest) with scripts/build.mjs, so the processes run the code under test. */
export function buildBundles(): void {
  const build = spawnSync(process.execPath, ['scripts/build.mjs', '--quiet'], {
    cwd: ROOT,
    encoding: 'utf8',
  });
  if (build.status !== 0) throw new Error(`build failed: ${build.stderr}`);
}

/**
 * Starts `dist/worker/main.js` on the back end of `config` (database, schema, Redis, queue prefix), one pipeline
 * thread and one chunk at a time unless `env` says otherwise. Call `buildBundles()` first.
 */
export function startWorkerProcess(
  config: ScreeningServiceConfig,
  env: Record<string, string> = {},
  options: WorkerProcessOptions = {},
): WorkerProcess {
  const logFile = options.logFile ?? join(tmpdir(), `hitscreen-worker-processes-${process.pid}.log`);
  const child = spawn(process.execPath, ['dist/worker/main.js'], {
    cwd: ROOT,
    env: {
      ...process.env,
      DATABASE_URL: config.databaseUrl,
      ...(config.databaseSchema ? { DATABASE_SCHEMA: config.databaseSchema } : {}),
      REDIS_URL: config.redisUrl,
      ...(config.queuePrefix ? { QUEUE_PREFIX: config.queuePrefix } : {}),
      WORKER_THREADS: '1',
      WORKER_CONCURRENCY: '1',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const output: string[] = [];
  const collect = (data: Buffer) => {
    const lines = data.toString().split('\n').filter(Boolean);
    output.push(...lines);
    appendFileSync(logFile, lines.map((line) => `[pid ${child.pid}] ${line}\n`).join(''));
  };
  child.stdout!.on('data', collect);
  child.stderr!.on('data', collect);
  // 'close', not 'exit': the process has ended and its output has been read, so `output` is complete.
  const exited = new Promise<number | null>((resolve) =>
    child.on('close', (code, signal) => {
      appendFileSync(logFile, `[pid ${child.pid}] exited: code ${code}, signal ${signal}\n`);
      resolve(code);
    }),
  );
  return {
    child,
    output,
    exited,
    chunksStored: () => output.filter((line) => / chunk \d+: \d+ rows/.test(line)).length,
    logFile,
  };
}

/** SIGTERM (running chunks finish), then SIGKILL after `graceMs`; the exit code. */
export async function stopWorkerProcess(worker: WorkerProcess, graceMs = 15_000): Promise<number | null> {
  if (worker.child.exitCode !== null || worker.child.signalCode !== null) return worker.child.exitCode;
  worker.child.kill('SIGTERM');
  const timer = setTimeout(() => worker.child.kill('SIGKILL'), graceMs);
  try {
    return await worker.exited;
  } finally {
    clearTimeout(timer);
  }
}
