import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildSync } from 'esbuild';
import { withoutCredentials } from './run-worker-process';

// The skeleton in a real process (signals and exit codes cannot be observed in Jest's own): the fixture worker is
// bundled once, then started per case with the environment that steers its fake start and close.
const dir = mkdtempSync(join(tmpdir(), 'worker-process-'));
const bundle = join(dir, 'fixture-worker.js');
const children: ChildProcess[] = [];

interface Run {
  lines: () => string[];
  exited: Promise<number | null>;
  signal: (name: NodeJS.Signals) => void;
  until: (text: string) => Promise<void>;
}

function run(env: Record<string, string>): Run {
  const child = spawn(process.execPath, [bundle], {
    env: { PATH: process.env.PATH, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  const output: string[] = [];
  const waiting: { text: string; resolve: () => void }[] = [];
  const collect = (data: Buffer) => {
    output.push(...data.toString().split('\n').filter(Boolean));
    for (const w of waiting) if (output.some((l) => l.includes(w.text))) w.resolve();
  };
  child.stdout.on('data', collect);
  child.stderr.on('data', collect);
  return {
    lines: () => output,
    exited: new Promise((resolve) => child.on('exit', (code) => resolve(code))),
    signal: (name) => child.kill(name),
    until: (text) =>
      new Promise((resolve) => {
        if (output.some((l) => l.includes(text))) resolve();
        else waiting.push({ text, resolve });
      }),
  };
}

/** The log lines without their ISO timestamps. */
const messages = (lines: string[]) => lines.map((l) => l.replace(/^\d{4}-\d\d-\d\dT[\d:.]+Z /, ''));

beforeAll(() => {
  buildSync({
    entryPoints: [join(__dirname, 'testing/fixture-worker.ts')],
    bundle: true,
    platform: 'node',
    format: 'cjs',
    outfile: bundle,
    logLevel: 'silent',
  });
});
// A test that failed half-way may leave its fixture running (the 'hang' close never ends by itself).
afterEach(() => {
  for (const child of children)
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('runWorkerProcess', () => {
  const database = { DATABASE_URL: 'postgres://screener:s3cret@db.internal:5432/hitscreen' };

  it('names its connections without the password, starts, and on SIGTERM closes and exits 0', async () => {
    const worker = run(database);
    await worker.until('ready');
    worker.signal('SIGTERM');
    expect(await worker.exited).toBe(0);
    expect(messages(worker.lines())).toEqual([
      'fixture-worker database postgres://…@db.internal:5432/hitscreen, redis redis://127.0.0.1:6379, prefix fixture',
      'fixture-worker ready',
      'fixture-worker SIGTERM: finishing running jobs',
      'fixture-worker closed',
    ]);
    expect(worker.lines().join('\n')).not.toContain('s3cret');
  });

  it('a second signal while closing exits 1 at once', async () => {
    const worker = run({ ...database, FIXTURE_CLOSE: 'hang' });
    await worker.until('ready');
    worker.signal('SIGINT');
    await worker.until('finishing running jobs');
    worker.signal('SIGTERM');
    expect(await worker.exited).toBe(1);
    expect(messages(worker.lines()).slice(-2)).toEqual([
      'fixture-worker SIGINT: finishing running jobs',
      'fixture-worker SIGTERM again: exiting now',
    ]);
  });

  it('exits 1 with the reason when the configuration, the start or the close fails', async () => {
    const badConfig = run({});
    expect(await badConfig.exited).toBe(1);
    expect(badConfig.lines()).toEqual(['fixture-worker: DATABASE_URL is required']);

    const noStart = run({ ...database, FIXTURE_START: 'fail' });
    expect(await noStart.exited).toBe(1);
    expect(noStart.lines().at(-1)).toBe('fixture-worker: no Redis at redis://127.0.0.1:6379');

    const badClose = run({ ...database, FIXTURE_CLOSE: 'fail' });
    await badClose.until('ready');
    badClose.signal('SIGTERM');
    expect(await badClose.exited).toBe(1);
    expect(badClose.lines().at(-1)).toBe('fixture-worker: close failed: the queue would not close');
  });
});

describe('withoutCredentials', () => {
  it('leaves out user and password, and leaves a URL without them as it is', () => {
    expect(withoutCredentials('postgres://u:p@h:5432/db')).toBe('postgres://…@h:5432/db');
    expect(withoutCredentials('postgres://127.0.0.1:5432/test')).toBe('postgres://127.0.0.1:5432/test');
    expect(withoutCredentials('sqlite:data/hitscreen.sqlite')).toBe('sqlite:data/hitscreen.sqlite');
    // A Redis password (redis://:password@host, or rediss:// with a user) stays out of the start-up line too.
    expect(withoutCredentials('redis://:s3cret@cache.internal:6379/0')).toBe(
      'redis://…@cache.internal:6379/0',
    );
    expect(withoutCredentials('rediss://app:s3cret@cache.internal:6380')).toBe(
      'rediss://…@cache.internal:6380',
    );
  });
});
