import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { dropSchema } from '@hitscreen/db';
import {
  generatePatientBundles,
  Pseudonymizer,
  rankTrial,
  readPatients,
  SYSTEM_TRIAL_VIEWER,
  trialConfigFromEnv,
  TrialService,
  type Trial,
} from '@hitscreen/trial';

// Trial worker processes from the esbuild bundle (as `npm run start:trial-worker` runs them) on PostgreSQL and
// Redis: one is killed with SIGKILL while it ingests, the other takes the job over; the set holds every patient
// once and the evaluation equals the in-process result.
const ROOT = join(__dirname, '../../..');
const POSTGRES_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
const KEY = 'worker-spec-pseudonym-key-0123456789';
const tag = randomBytes(4).toString('hex');
const env = {
  DATABASE_URL: POSTGRES_URL,
  DATABASE_SCHEMA: `trial_worker_${tag}`,
  REDIS_URL,
  QUEUE_PREFIX: `trial-worker-${tag}`,
  TRIAL_PSEUDONYM_KEY: KEY,
  WORKER_LOCK_MS: '2000',
};

interface WorkerProcess {
  child: ChildProcess;
  output: string[];
  exited: Promise<number | null>;
}

function startWorker(extra: Record<string, string> = {}): WorkerProcess {
  const child = spawn(process.execPath, ['dist/trial-worker/main.js'], {
    cwd: ROOT,
    env: { ...process.env, ...env, ...extra },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const output: string[] = [];
  const collect = (d: Buffer) => output.push(...d.toString().split('\n').filter(Boolean));
  child.stdout!.on('data', collect);
  child.stderr!.on('data', collect);
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, output, exited };
}

async function until<T>(read: () => T | Promise<T>, done: (value: T) => boolean, what: string): Promise<T> {
  const deadline = Date.now() + 90_000;
  for (;;) {
    const value = await read();
    if (done(value)) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('trial worker processes', () => {
  const dir = mkdtempSync(join(tmpdir(), 'trial-worker-'));
  let service: TrialService;
  const workers: WorkerProcess[] = [];

  beforeAll(async () => {
    const build = spawnSync(process.execPath, ['scripts/build.mjs', '--quiet'], {
      cwd: ROOT,
      encoding: 'utf8',
    });
    if (build.status !== 0) throw new Error(`build failed: ${build.stderr}`);
    service = await TrialService.open(trialConfigFromEnv({ ...env }));
  });
  afterAll(async () => {
    for (const w of workers) if (w.child.exitCode === null) w.child.kill('SIGKILL');
    await service?.close();
    await dropSchema(POSTGRES_URL, env.DATABASE_SCHEMA);
    const redis = new Redis(REDIS_URL);
    const keys = await redis.keys(`${env.QUEUE_PREFIX}:*`);
    if (keys.length > 0) await redis.del(...keys);
    redis.disconnect();
    rmSync(dir, { recursive: true, force: true });
  });

  it('stops at start-up on a malformed variable, naming it', async () => {
    const bad = startWorker({ TRIAL_MAX_PATIENTS: 'lots' });
    expect(await bad.exited).toBe(1);
    expect(bad.output.join('\n')).toMatch(/TRIAL_MAX_PATIENTS must be an integer/);
  });

  it('a worker killed mid-ingest: another takes the job over; every patient once; the same result', async () => {
    const trial: Trial = {
      id: 'W-1',
      title: 'takeover',
      asOf: '2026-11-01',
      targetEnrollment: 50,
      inclusion: [{ id: 'I1', type: 'age', min: 18, max: 80 }],
      exclusion: [
        {
          id: 'E1',
          type: 'condition',
          codes: [{ system: 'http://snomed.info/sct', code: '77386006' }],
          active: true,
        },
      ],
      sites: [{ id: 'S1', name: 'Massachusetts', match: { state: ['MA'] } }],
      assumptions: { consentRate: 0.3, screenFailureRate: 0.2 },
    };
    const text = [...generatePatientBundles({ count: 3000, seed: 4 })]
      .map((b) => JSON.stringify(b))
      .join('\n');
    const file = join(dir, 'patients.ndjson');
    writeFileSync(file, text);
    const expected = await rankTrial(trial, readPatients(file, { pseudonymizer: new Pseudonymizer(KEY) }));

    workers.push(startWorker(), startWorker());
    await until(
      () => workers.map((w) => w.output.some((l) => l.includes('ready'))),
      (r) => r.every(Boolean),
      'ready',
    );
    const { id } = await service.createTrial(trial);
    async function* body() {
      yield Buffer.from(text);
    }
    const set = await service.uploadPatients(id, body(), { name: 'patients.ndjson' }, SYSTEM_TRIAL_VIEWER);
    const busy = await until(
      () => workers.find((w) => w.output.some((l) => l.includes('trial-ingest') && l.includes('start'))),
      (w) => w !== undefined,
      'an ingest to start',
    );
    busy!.child.kill('SIGKILL');
    const other = workers.find((w) => w !== busy)!;
    const ready = await until(
      () => service.getPatientSet(id, set.id, SYSTEM_TRIAL_VIEWER),
      (s) => s !== null && ['ready', 'failed'].includes(s.status),
      'the set',
    );
    expect(ready).toMatchObject({ status: 'ready', patients: 3000, skipped: 0 });
    expect(other.output.some((l) => l.includes('trial-ingest') && l.includes('done'))).toBe(true);
    expect(
      await service.dataSource.query(
        'SELECT COUNT(*)::int AS n, COUNT(DISTINCT seq)::int AS d FROM trial_patient',
      ),
    ).toEqual([{ n: 3000, d: 3000 }]);

    const evaluation = await service.createEvaluation(id, undefined, SYSTEM_TRIAL_VIEWER);
    const done = await until(
      () => service.getEvaluation(id, evaluation.id, SYSTEM_TRIAL_VIEWER),
      (e) => e !== null && ['completed', 'failed'].includes(e.status),
      'the evaluation',
    );
    expect(done!.result).toEqual(JSON.parse(JSON.stringify(expected)));

    other.child.kill('SIGTERM');
    expect(await other.exited).toBe(0);
    expect(other.output.join('\n')).toMatch(/SIGTERM: finishing running jobs[\s\S]*closed/);
  });
});
