// Ingest + evaluation of a generated population through the HTTP API and one trial worker process
// (`npm run bench:trial-api`; PostgreSQL and Redis as in the tests), next to the in-process figure for the same
// file (what `trial rank` does with one thread). BENCH_PATIENTS (10,000), BENCH_SEED (1), BENCH_DATABASE_URL,
// BENCH_REDIS_URL. Prints the phases, their sum, both results' equality, and the machine's load.
import 'reflect-metadata';
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createReadStream, existsSync, readFileSync, statSync } from 'node:fs';
import { availableParallelism, cpus, loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createGzip } from 'node:zlib';
import { pipeline } from 'node:stream/promises';
import { createWriteStream } from 'node:fs';
import { dropSchema } from '@hitscreen/db';
import { createScreeningService } from '@hitscreen/screening';
import { Pseudonymizer, parseTrial, rankTrial, readPatients, writeSyntheticPatients } from '@hitscreen/trial';
import { DEVELOPMENT_JWT_SECRET } from '@hitscreen/auth';
import { openAccessControl } from '../auth/access-control';
import type { ApiConfig } from '../config/api-config';
import { createApp } from '../create-app';
import { ModelCatalog } from '../models/model-catalog';

const ROOT = resolve(__dirname, '../..');
const count = Number(process.env.BENCH_PATIENTS ?? 10_000);
const seed = Number(process.env.BENCH_SEED ?? 1);
const databaseUrl = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const redisUrl = process.env.BENCH_REDIS_URL ?? 'redis://127.0.0.1:6379';
const KEY = 'bench-key-not-a-secret-0123456789';
const file = join(tmpdir(), `hitscreen-trial-bench-${count}-${seed}.ndjson`);

const seconds = (from: number) => (performance.now() - from) / 1000;

async function main(): Promise<void> {
  if (!existsSync(file)) await writeSyntheticPatients(file, { count, seed });
  if (!existsSync(`${file}.gz`))
    await pipeline(createReadStream(file), createGzip(), createWriteStream(`${file}.gz`));
  const trialText = readFileSync(join(ROOT, 'examples/trial/t2d-001.json'), 'utf8');
  const trial = parseTrial(trialText, 't2d-001.json');

  // In process, one thread: read, pseudonymize, evaluate, rank (the CLI's path).
  let started = performance.now();
  const local = await rankTrial(trial, readPatients(file, { pseudonymizer: new Pseudonymizer(KEY) }));
  const inProcess = seconds(started);

  const tag = randomBytes(4).toString('hex');
  const schema = `trial_bench_${tag}`;
  const prefix = `trial-bench-${tag}`;
  const env = {
    ...process.env,
    TRIAL_PSEUDONYM_KEY: KEY,
    DATABASE_URL: databaseUrl,
    DATABASE_SCHEMA: schema,
  };
  Object.assign(env, { REDIS_URL: redisUrl, QUEUE_PREFIX: prefix });
  Object.assign(process.env, env);
  const screeningConfig = { databaseUrl, databaseSchema: schema, redisUrl, queuePrefix: prefix };
  const config: ApiConfig = {
    port: 0,
    limits: { maxUploadBytes: 1 << 30, maxPageSize: 1000 },
    screening: screeningConfig,
    auth: { jwtSecret: DEVELOPMENT_JWT_SECRET, tokenTtlSeconds: 3600 },
    rateLimitPerMinute: 1_000_000,
  };
  const screening = await createScreeningService(screeningConfig);
  const access = await openAccessControl(screeningConfig, config.auth);
  // A coordinator signs in: the bench goes through the same guard as any client.
  const password = randomBytes(18).toString('base64url');
  await access.identity.createUser({ email: 'bench@example.org', password, role: 'coordinator' });
  const session = await access.identity.signIn('bench@example.org', password);
  if (!session) throw new Error('the bench user could not sign in');
  const authorization = `Bearer ${session.token}`;
  const app = await createApp(
    { config, screening, models: ModelCatalog.fromDisk(), access },
    { logger: false },
  );
  await app.listen(0, '127.0.0.1');
  const base = await app.getUrl();
  const worker = spawn(process.execPath, [join(ROOT, 'dist/trial-worker/main.js')], {
    env,
    stdio: 'inherit',
  });
  try {
    const json = async (method: string, path: string, body?: unknown) => {
      const res = await fetch(base + path, {
        method,
        headers: { 'content-type': 'application/json', authorization },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      if (res.status >= 400) throw new Error(`${method} ${path}: ${res.status} ${await res.text()}`);
      return (await res.json()) as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
    };
    const until = async (path: string, final: string[]) => {
      for (;;) {
        const body = await json('GET', path);
        if (final.includes(body.status as string)) return body;
        await new Promise((r) => setTimeout(r, 50));
      }
    };
    const created = await json('POST', '/trials', JSON.parse(trialText));
    const load = loadavg()
      .map((x) => x.toFixed(1))
      .join(' ');

    started = performance.now();
    const upload = await fetch(`${base}/trials/${created.id}/patients?filename=patients.ndjson.gz`, {
      method: 'POST',
      headers: { 'content-type': 'application/gzip', authorization },
      body: readFileSync(`${file}.gz`),
    });
    const set = (await upload.json()) as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
    if (upload.status !== 202) throw new Error(`upload: ${upload.status} ${JSON.stringify(set)}`);
    const uploadSeconds = seconds(started);
    const ready = await until(set.url as string, ['ready', 'failed']);
    const ingestSeconds = seconds(started) - uploadSeconds;
    const evaluation = await json('POST', `/trials/${created.id}/evaluations`, {});
    const done = await until(evaluation.url as string, ['completed', 'failed']);
    const total = seconds(started);
    const evaluateSeconds = total - uploadSeconds - ingestSeconds;
    const same = JSON.stringify(done.result) === JSON.stringify(local);
    // The worker's peak resident memory (Linux), read before it exits: the bound the streaming design promises.
    const status = existsSync(`/proc/${worker.pid}/status`)
      ? readFileSync(`/proc/${worker.pid}/status`, 'utf8')
      : '';
    const workerPeak = /VmHWM:\s+(\d+) kB/.exec(status)?.[1];

    const rows = [
      ['upload (HTTP, gunzip, seal, stage in PostgreSQL)', uploadSeconds],
      ['ingest (worker: parse, pseudonymize, minimize, store)', ingestSeconds],
      ['evaluate (worker: criteria, cohorts, forecast, patient-level rows)', evaluateSeconds],
      ['through the API, all three', total],
      ['in process, one thread (`trial rank`)', inProcess],
    ] as const;
    console.log(
      `patients: ${count} (seed ${seed}), ${(statSync(file).size / 2 ** 20).toFixed(0)} MiB NDJSON, ` +
        `${(statSync(`${file}.gz`).size / 2 ** 20).toFixed(0)} MiB gzip; set ${ready.status}, ` +
        `${ready.patients} patients; evaluation ${done.status}; equal to in-process: ${same}; worker peak RSS ` +
        `${workerPeak ? `${Math.round(Number(workerPeak) / 1024)} MiB` : 'unknown'}`,
    );
    console.log(
      `machine: ${cpus()[0]?.model ?? '?'}, ${availableParallelism()} cores; load average before ${load}, after ${loadavg()
        .map((x) => x.toFixed(1))
        .join(' ')}`,
    );
    console.log('| step | seconds | patients/s |\n| --- | ---: | ---: |');
    for (const [step, s] of rows)
      console.log(`| ${step} | ${s.toFixed(1)} | ${Math.round(count / s).toLocaleString('en-US')} |`);
    if (!same || done.status !== 'completed') process.exitCode = 1;
  } finally {
    worker.kill('SIGTERM');
    await new Promise((r) => worker.once('exit', r));
    await app.close();
    await screening.close();
    await access.close();
    await dropSchema(databaseUrl, schema);
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.stack : String(error));
  process.exit(1);
});
