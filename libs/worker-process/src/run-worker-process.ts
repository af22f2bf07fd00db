/** What the start-up line names: where the worker's jobs and data live. */
export interface WorkerConnections {
  databaseUrl: string;
  redisUrl: string;
  queuePrefix?: string;
}

/** The started queue workers of one process; `close` lets the running jobs finish and takes no new ones. */
export interface RunningWorker {
  close(): Promise<unknown>;
}

export interface WorkerProcessSpec<C extends WorkerConnections> {
  /** The process's name: the prefix of every log line and error (`screen-worker`, `trial-worker`). */
  name: string;
  /** What a first signal lets finish, in the log line `SIGTERM: finishing running <running>`. */
  running: string;
  /** Configuration from the environment, validated once; a throw ends the process (exit 1) with its message. */
  config: () => C;
  /** Starts the queue workers; resolves once they take jobs. */
  start: (config: C, log: (message: string) => void) => Promise<RunningWorker>;
}

/** A URL for a log line, without its credentials (`postgres://user:password@host` → `postgres://…@host`). */
export function withoutCredentials(url: string): string {
  return url.replace(/\/\/[^@/]*@/, '//…@');
}

const messageOf = (error: unknown) => (error instanceof Error ? error.message : String(error));

/**
 * The entry point of a queue worker process: configuration validated once and named (no secret) in the first log
 * line, then the workers started. SIGTERM/SIGINT close them gracefully (running jobs finish, no new ones are
 * taken: a deployment's stop) and exit 0, or 1 when closing fails; a second signal exits 1 at once (the killed
 * worker's job is taken over by another worker when its lock expires). A failure to start exits 1 with the reason
 * on stderr, so a process manager sees a bad configuration at once.
 */
export function runWorkerProcess<C extends WorkerConnections>(spec: WorkerProcessSpec<C>): void {
  const log = (message: string) => console.log(`${new Date().toISOString()} ${spec.name} ${message}`);
  const fail = (message: string) => {
    console.error(`${spec.name}: ${message}`);
    process.exit(1);
  };

  const main = async () => {
    const config = spec.config();
    log(
      `database ${withoutCredentials(config.databaseUrl)}, redis ${withoutCredentials(config.redisUrl)}, prefix ${config.queuePrefix}`,
    );
    const worker = await spec.start(config, log);
    let closing = false;
    const shutdown = (signal: string) => {
      if (closing) {
        log(`${signal} again: exiting now`);
        process.exit(1);
      }
      closing = true;
      log(`${signal}: finishing running ${spec.running}`);
      worker.close().then(
        () => {
          log('closed');
          process.exit(0);
        },
        (error: unknown) => fail(`close failed: ${messageOf(error)}`),
      );
    };
    process.on('SIGTERM', () => shutdown('SIGTERM'));
    process.on('SIGINT', () => shutdown('SIGINT'));
  };
  main().catch((error: unknown) => fail(messageOf(error)));
}
