import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import type { ScreeningServiceConfig } from '../contract';

/** The repository root (this file is libs/screening/src/testing/). */
const ROOT = join(__dirname, '../../../..');

/** A screening worker process from the esbuild bundle, as `npm run start:worker` runs it, and what it printed. */
export interface WorkerProcess {
  child: ChildProcess;
  /** stdout and stderr, line by line, as they arrive. */
  output: string[];
  /** Resolves with the exit code (null when killed by a signal). */
  exited: Promise<number | null>;
  /** The chunks this process stored ("screen … chunk N: M rows" lines). */
  chunksStored(): number;
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
): WorkerProcess {
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
  const collect = (data: Buffer) => output.push(...data.toString().split('\n').filter(Boolean));
  child.stdout!.on('data', collect);
  child.stderr!.on('data', collect);
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return {
    child,
    output,
    exited,
    chunksStored: () => output.filter((line) => / chunk \d+: \d+ rows/.test(line)).length,
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
