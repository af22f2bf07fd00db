// Request latency of `GET /screens/:id/results` on a screened library of BENCH_MOLECULES (5,000) MUV molecules:
// the bundled API (`dist/api/main.js`, as `npm run start:api` runs it) and one worker process on PostgreSQL and
// Redis on this machine. The library is submitted over HTTP and screened; the worker is then stopped, so the
// load measures the API and the database only. Each query shape gets BENCH_REQUESTS requests from
// BENCH_CONCURRENCY keep-alive connections, after a warm-up; p50/p95/p99 from the client side, localhost only.
// Writes its section of docs/BENCHMARKS.md (BENCH_WRITE=0: print only). Run:
//   node scripts/build.mjs --quiet && node dist/bench/api-results-latency.js
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { cpus, totalmem } from 'node:os';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { Redis } from 'ioredis';
import { AUTH_ENTITIES, authConfigFromEnv, IdentityService } from '@hitscreen/auth';
import { readRecords } from '@hitscreen/chem';
import { createDataSource, dropSchema } from '@hitscreen/db';
import { createScreeningService, SYSTEM_VIEWER, type ResultsQuery } from '@hitscreen/screening';

const ROOT = resolve(__dirname, '../..');
const datasets = resolve(process.env.HITSCREEN_DATASETS ?? join(ROOT, '../shared/datasets'));
const library = process.env.BENCH_LIBRARY ?? join(datasets, 'library_muv.csv.gz');
const molecules = Number(process.env.BENCH_MOLECULES ?? 5000);
const models = (process.env.BENCH_MODELS ?? 'esol,bbbp').split(',');
const requests = Number(process.env.BENCH_REQUESTS ?? 400);
const concurrency = Number(process.env.BENCH_CONCURRENCY ?? 4);
const databaseUrl = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const redisUrl = process.env.BENCH_REDIS_URL ?? 'redis://127.0.0.1:6379';
const port = 20000 + Math.floor(Math.random() * 20000);
const tag = randomBytes(4).toString('hex');
const env = {
  ...process.env,
  PORT: String(port),
  DATABASE_URL: databaseUrl,
  DATABASE_SCHEMA: `apibench_${tag}`,
  REDIS_URL: redisUrl,
  QUEUE_PREFIX: `apibench-${tag}`,
  CHUNK_SIZE: '500',
  WORKER_THREADS: process.env.BENCH_THREADS ?? '2',
  // One sign-in for the whole run. The load below (thousands of requests a minute from one user) is far above the
  // default per-user rate limit, which is not what this bench measures.
  AUTH_TOKEN_TTL_S: '86400',
  RATE_LIMIT_PER_MINUTE: '1000000',
};
const agent = new Agent({ keepAlive: true, maxSockets: concurrency });
/** The bench's bearer token (a chemist signed in through `POST /auth/token`), sent with every request. */
let bearer: string | undefined;

function http(method: string, path: string, body?: unknown): Promise<{ status: number; body: string }> {
  return new Promise((resolvePromise, reject) => {
    const payload = body === undefined ? undefined : Buffer.from(JSON.stringify(body));
    const req = request(
      {
        host: '127.0.0.1',
        port,
        path,
        method,
        agent,
        headers: {
          ...(payload ? { 'content-type': 'application/json', 'content-length': payload.length } : {}),
          ...(bearer ? { authorization: `Bearer ${bearer}` } : {}),
        },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () =>
          resolvePromise({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }),
        );
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(payload);
  });
}

/** A chemist created in the bench's schema (the API made the identity tables at start-up), signed in over HTTP. */
async function signIn(): Promise<void> {
  const ds = await createDataSource({
    url: databaseUrl,
    schema: env.DATABASE_SCHEMA,
    entities: AUTH_ENTITIES,
    migrations: [],
  });
  const email = `apibench-${tag}@example.org`;
  const password = randomBytes(18).toString('base64url');
  try {
    await new IdentityService(ds, authConfigFromEnv(env)).createUser({ email, password, role: 'chemist' });
  } finally {
    await ds.destroy();
  }
  const answer = await http('POST', '/auth/token', { email, password });
  if (answer.status !== 200 && answer.status !== 201)
    throw new Error(`sign-in: ${answer.status} ${answer.body.slice(0, 300)}`);
  bearer = (JSON.parse(answer.body) as { token: string }).token;
}

function start(entry: string): ChildProcess {
  const child = spawn(process.execPath, [join(ROOT, 'dist', entry)], {
    env,
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  child.on('exit', (code, signal) => {
    if (code !== 0 && signal === null) console.error(`${entry} exited with ${code}`);
  });
  return child;
}

async function until<T>(what: string, timeoutMs: number, probe: () => Promise<T | undefined>): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe().catch(() => undefined);
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`${what}: not after ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

/** `requests` GETs of `path` from `concurrency` connections; every answer must be 200. */
async function load(
  path: string,
): Promise<{ p50: number; p95: number; p99: number; max: number; perSecond: number }> {
  const times: number[] = [];
  let next = 0;
  const began = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < requests) {
        next++;
        const t0 = performance.now();
        const res = await http('GET', path);
        times.push(performance.now() - t0);
        if (res.status !== 200) throw new Error(`${path}: ${res.status} ${res.body.slice(0, 200)}`);
      }
    }),
  );
  const elapsed = (performance.now() - began) / 1000;
  times.sort((a, b) => a - b);
  return {
    p50: percentile(times, 50),
    p95: percentile(times, 95),
    p99: percentile(times, 99),
    max: times[times.length - 1],
    perSecond: times.length / elapsed,
  };
}

async function main(): Promise<void> {
  const input: { id: string; smiles: string }[] = [];
  for await (const record of readRecords(library, {})) {
    if (record.error) continue;
    input.push({ id: record.id, smiles: record.structure });
    if (input.length >= molecules) break;
  }
  const api = start('api/main.js');
  let worker: ChildProcess | undefined = start('worker/main.js');
  try {
    await until('API ready', 60_000, async () =>
      (await http('GET', '/health')).status === 200 ? true : undefined,
    );
    await signIn();
    const t0 = performance.now();
    const submitted = await http('POST', '/screens', {
      molecules: input,
      options: { name: 'api bench', models },
    });
    if (submitted.status !== 202) throw new Error(`submit: ${submitted.status} ${submitted.body}`);
    const id = (JSON.parse(submitted.body) as { id: string }).id;
    const screen = await until('screen completed', 30 * 60_000, async () => {
      const s = JSON.parse((await http('GET', `/screens/${id}`)).body) as {
        status: string;
        counts: Record<string, number>;
      };
      return ['queued', 'running'].includes(s.status) ? undefined : s;
    });
    const screenSeconds = (performance.now() - t0) / 1000;
    worker.kill('SIGTERM');
    worker = undefined;

    const sortKey = `${models[0]}.${process.env.BENCH_SORT_TASK ?? 'log_solubility_mol_per_l'}`;
    const shapes: [string, string][] = [
      ['first page, best first', `/screens/${id}/results?page=1&pageSize=100&sort=-score`],
      ['page 40 of 50, best first', `/screens/${id}/results?page=40&pageSize=100&sort=-score`],
      [
        'filtered (qed ≥ 0.5, no alerts), by a prediction',
        `/screens/${id}/results?pageSize=100&sort=-${sortKey}&filter=qed>=0.5&filter=alerts=none`,
      ],
      ['1,000 rows in row order', `/screens/${id}/results?page=2&pageSize=1000&sort=row`],
    ];
    for (const [, path] of shapes) for (let i = 0; i < 20; i++) await http('GET', path); // warm-up
    // The same queries straight through the screening service in this process, one at a time: the share of the
    // SQL and row mapping in the HTTP figure.
    const service = await createScreeningService({
      databaseUrl,
      databaseSchema: env.DATABASE_SCHEMA,
      redisUrl,
      queuePrefix: env.QUEUE_PREFIX,
    });
    const serviceP50 = async (path: string): Promise<number> => {
      const params = new URL(path, 'http://x').searchParams;
      const query: ResultsQuery = {
        page: Number(params.get('page') ?? 1),
        pageSize: Number(params.get('pageSize') ?? 100),
        sort: params.get('sort') ?? undefined,
        filters: params.getAll('filter'),
      };
      const times: number[] = [];
      for (let i = 0; i < 50; i++) {
        const t = performance.now();
        await service.results(id, query, SYSTEM_VIEWER);
        times.push(performance.now() - t);
      }
      return percentile(
        times.sort((a, b) => a - b),
        50,
      );
    };
    const rows: string[] = [];
    for (const [name, path] of shapes) {
      const r = await load(path);
      const inService = await serviceP50(path);
      rows.push(
        `| ${name} | \`${path.replace(id, ':id').replace(/^\/screens\/:id\/results/, '')}\` | ${r.p50.toFixed(1)} | ${r.p95.toFixed(1)} | ${r.p99.toFixed(1)} | ${r.max.toFixed(1)} | ${r.perSecond.toFixed(0)} | ${inService.toFixed(1)} |`,
      );
    }
    await service.close();
    const uptime = execFileSync('uptime', { encoding: 'utf8' }).trim();
    const lines = [
      '<!-- api-bench:start -->',
      '## HTTP API: `GET /screens/:id/results` latency',
      '',
      `Command: \`node scripts/build.mjs --quiet && node dist/bench/api-results-latency.js\` (apps/api/bench). ` +
        `A screen of ${input.length} MUV molecules (first ${input.length} of \`${library.replace(/^.*\/shared\//, 'shared/')}\`, models ${models.join(', ')}) ` +
        `submitted as JSON to the bundled API and screened by one worker process (${env.WORKER_THREADS} threads) in ${screenSeconds.toFixed(1)} s ` +
        `(counts ${JSON.stringify(screen.counts)}); the worker is then stopped and each query shape gets ${requests} requests from ` +
        `${concurrency} keep-alive connections after 20 warm-up requests. PostgreSQL + Redis on this machine ` +
        `(${cpus().length} cores ${cpus()[0].model}, ${Math.round(totalmem() / 2 ** 20)} MB), shared with other work: \`${uptime}\`.`,
      '',
      '| query | parameters | p50 ms | p95 ms | p99 ms | max ms | req/s | service p50 ms |',
      '| --- | --- | --- | --- | --- | --- | --- | --- |',
      ...rows,
      '',
      'p50…max and req/s: measured by the client over localhost with the load above (HTTP, the service call and JSON ' +
        'encoding together). Service p50: the same query through `ScreeningService.results` in the benchmark process, ' +
        'one at a time, 50 times: the SQL and row-mapping share. The load average is the machine as the run found it; ' +
        'on this shared 2-core machine the figures are upper bounds. Pages use OFFSET, so deep pages cost more.',
      '<!-- api-bench:end -->',
    ];
    console.log(lines.join('\n'));
    const file = join(ROOT, 'docs/BENCHMARKS.md');
    if (process.env.BENCH_WRITE !== '0' && existsSync(file)) {
      const doc = readFileSync(file, 'utf8');
      const section = lines.join('\n');
      const marked = /<!-- api-bench:start -->[\s\S]*<!-- api-bench:end -->/;
      writeFileSync(
        file,
        marked.test(doc) ? doc.replace(marked, section) : `${doc.trimEnd()}\n\n${section}\n`,
      );
    }
  } finally {
    worker?.kill('SIGTERM');
    api.kill('SIGTERM');
    agent.destroy();
    await new Promise((r) => setTimeout(r, 1000));
    await dropSchema(databaseUrl, env.DATABASE_SCHEMA);
    const redis = new Redis(redisUrl);
    const keys = await redis.keys(`${env.QUEUE_PREFIX}:*`);
    if (keys.length > 0) await redis.del(...keys);
    redis.disconnect();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
