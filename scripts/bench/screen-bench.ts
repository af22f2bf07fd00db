// The screening service end to end, as a pipeline client drives it (`npm run bench:screen`): the bundled API
// (`dist/api/main.js`) and BENCH_WORKERS worker processes (`dist/worker/main.js`), each in its own process, on
// PostgreSQL and Redis. The library (BENCH_MOLECULES of the MUV library, default all 93,087) is uploaded as a
// gzip CSV to `POST /screens`, and the bench polls `GET /screens/:id` to completion while it requests
// `GET /screens/:id/results?page=1&pageSize=100&sort=-score` every 250 ms (a client watching the hit list).
// Recorded: molecules/s from the first byte uploaded to the screen completed; the results latency (p50/p95/max);
// the peak RSS of the API and of each worker (VmHWM, all threads); Redis memory (the server's used_memory and the
// screen's own keys, peaks); the screen's database size per table; PostgreSQL WAL written; then the same
// molecules through the pipeline in this process (PipelineRunner, the same total threads, two chunks in flight
// like a worker) for the queue-and-storage overhead. Each configuration writes its own block of
// docs/BENCHMARKS.md (BENCH_WRITE=0: print only). The machine may be shared: `uptime` is recorded around each phase.
//
//   BENCH_MODELS     unset: every model; "" (empty): none, properties and alerts only; else a comma list
//   BENCH_MOLECULES  first N records of the library (default: all)
//   BENCH_WORKERS    worker processes (default 1)
//   BENCH_THREADS    pipeline threads per worker (default: cores / workers)
//   BENCH_CHUNK_SIZE molecules per chunk and job (default 1000, the service default)
//   BENCH_IN_PROCESS 0: skip the in-process comparison
//   BENCH_RESULTS_POLL 0: no results requests during the run (the database's CPU is then the pipeline's)
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { availableParallelism, cpus, totalmem } from 'node:os';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { gunzipSync, gzipSync } from 'node:zlib';
import { Redis } from 'ioredis';
import { readRecordsFromStream, type InputRecord } from '@hitscreen/chem';
import { AUTH_ENTITIES, authConfigFromEnv, IdentityService } from '@hitscreen/auth';
import { createDataSource, dropSchema } from '@hitscreen/db';
import { listModels } from '@hitscreen/models';
import { DEFAULT_SCREEN_LIMITS, DEFAULT_WEIGHTS, PipelineRunner } from '@hitscreen/screening';
import { writeRunBlock } from './screen-bench/doc-section';
import { HttpClient, percentile, pollLatency, until } from './screen-bench/http-client';
import { cpuSeconds, cpuSecondsOfCommand, peakRssBytes } from './screen-bench/process-memory';
import { redisCpuSeconds, sampleRedis } from './screen-bench/redis-usage';

const ROOT = resolve(__dirname, '../..');
const datasets = resolve(process.env.HITSCREEN_DATASETS ?? join(ROOT, '../shared/datasets'));
const library = process.env.BENCH_LIBRARY ?? join(datasets, 'library_muv.csv.gz');
const workerCount = Number(process.env.BENCH_WORKERS ?? 1);
const threads = Number(
  process.env.BENCH_THREADS ?? Math.max(1, Math.floor(availableParallelism() / workerCount)),
);
const chunkSize = Number(process.env.BENCH_CHUNK_SIZE ?? 1000);
const databaseUrl = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const redisUrl = process.env.BENCH_REDIS_URL ?? 'redis://127.0.0.1:6379';
const models =
  process.env.BENCH_MODELS === undefined
    ? listModels().map((m) => m.name)
    : process.env.BENCH_MODELS.split(',')
        .map((m) => m.trim())
        .filter(Boolean);
const modelsLabel = models.length === 0 ? 'none' : models.join('+');
/** The run's block in docs/BENCHMARKS.md: models, processes × threads, and the slice when not the whole library. */
const runId =
  `${models.length === 0 ? 'props' : models.length === listModels().length ? 'all-models' : modelsLabel}` +
  `-${workerCount}x${threads}${process.env.BENCH_MOLECULES ? `-${process.env.BENCH_MOLECULES}` : ''}`;
const tag = randomBytes(4).toString('hex');
const schema = `bench_${tag}`;
const queuePrefix = `bench-${tag}`;
const port = 20000 + Math.floor(Math.random() * 20000);
const RESULTS_PATH = (id: string) => `/screens/${id}/results?page=1&pageSize=100&sort=-score`;
/** Status polls; and the results page, unless BENCH_RESULTS_POLL=0 (then the database serves the pipeline alone). */
const POLL_MS = 250;
const pollResults = process.env.BENCH_RESULTS_POLL !== '0';
/** Results requests on the finished screen, one at a time. */
const FINISHED_QUERIES = 20;

const uptime = () =>
  execFileSync('uptime', { encoding: 'utf8' })
    .trim()
    .replace(/^.*load/, 'load');
const mb = (bytes: number | undefined) => (bytes === undefined ? '?' : (bytes / 2 ** 20).toFixed(1));
const log = (message: string) => console.error(`${new Date().toISOString()} bench ${message}`);

/** The header and the first `n` data lines of the library, gzip-compressed (the upload), and the line count. */
function librarySlice(n: number | undefined): { gz: Buffer; molecules: number } {
  const raw = readFileSync(library);
  const lines = gunzipSync(raw).toString('utf8').split('\n');
  const data = lines.slice(1).filter((l) => l.trim() !== '');
  if (n === undefined || n >= data.length) return { gz: raw, molecules: data.length };
  return { gz: gzipSync(Buffer.from([lines[0], ...data.slice(0, n)].join('\n') + '\n')), molecules: n };
}

async function recordsOf(gz: Buffer): Promise<InputRecord[]> {
  const out: InputRecord[] = [];
  let record = 0;
  for await (const r of readRecordsFromStream(
    (async function* () {
      yield gz;
    })(),
    'csv',
    { name: 'library.csv.gz' },
  ))
    out.push({ ...r, record: ++record });
  return out;
}

function spawnProcess(
  name: string,
  entry: string,
  env: NodeJS.ProcessEnv,
  onLine: (line: string) => void,
): ChildProcess {
  const child = spawn(process.execPath, [join(ROOT, 'dist', entry)], {
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let pending = '';
  const lines = (data: Buffer) => {
    pending += data.toString();
    const parts = pending.split('\n');
    pending = parts.pop() ?? '';
    for (const line of parts) onLine(line);
  };
  child.stdout.on('data', lines);
  child.stderr.on('data', (d: Buffer) => process.stderr.write(`${name}: ${d.toString()}`));
  child.on('exit', (code, signal) => {
    if (code !== 0 && signal === null) log(`${name} exited with ${code}`);
  });
  return child;
}

function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((r) => {
    child.once('exit', () => r());
    child.kill('SIGTERM');
  });
}

/**
 * Signs the bench in as a chemist, as a pipeline client would: a user created straight in the bench's schema
 * (the API has created the identity tables at start-up), then `POST /auth/token` for a bearer token.
 */
async function signIn(client: HttpClient, env: NodeJS.ProcessEnv): Promise<void> {
  const ds = await createDataSource({ url: databaseUrl, schema, entities: AUTH_ENTITIES, migrations: [] });
  const email = `bench-${tag}@example.org`;
  const password = randomBytes(18).toString('base64url');
  try {
    await new IdentityService(ds, authConfigFromEnv(env)).createUser({ email, password, role: 'chemist' });
  } finally {
    await ds.destroy();
  }
  const answer = await client.send('POST', '/auth/token', Buffer.from(JSON.stringify({ email, password })), {
    'content-type': 'application/json',
  });
  if (answer.status !== 200 && answer.status !== 201)
    throw new Error(`sign-in: ${answer.status} ${answer.body.slice(0, 300)}`);
  client.bearerToken = (JSON.parse(answer.body) as { token: string }).token;
}

interface TableSize {
  table: string;
  bytes: number;
}

async function databaseFigures(): Promise<{ tables: TableSize[]; walLsn: string }> {
  const ds = await createDataSource({ url: databaseUrl, schema, entities: [], migrations: [] });
  try {
    const tables = (
      (await ds.query(
        `SELECT c.relname AS table, pg_total_relation_size(c.oid)::bigint AS bytes FROM pg_class c ` +
          `JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = $1 AND c.relkind = 'r' ORDER BY 2 DESC`,
        [schema],
      )) as { table: string; bytes: string }[]
    ).map((t) => ({ table: t.table, bytes: Number(t.bytes) }));
    return { tables, walLsn: await walLsn() };
  } finally {
    await ds.destroy();
  }
}

async function walLsn(): Promise<string> {
  const ds = await createDataSource({ url: databaseUrl, entities: [], migrations: [] });
  try {
    return ((await ds.query('SELECT pg_current_wal_lsn()::text AS lsn')) as { lsn: string }[])[0].lsn;
  } finally {
    await ds.destroy();
  }
}

async function walBytesBetween(from: string, to: string): Promise<number> {
  const ds = await createDataSource({ url: databaseUrl, entities: [], migrations: [] });
  try {
    const [{ bytes }] = (await ds.query('SELECT pg_wal_lsn_diff($1, $2)::bigint AS bytes', [to, from])) as {
      bytes: string;
    }[];
    return Number(bytes);
  } finally {
    await ds.destroy();
  }
}

/** The pipeline alone over the same records: chunks of `chunkSize`, two in flight, `totalThreads` threads. */
async function inProcessSeconds(records: InputRecord[], totalThreads: number): Promise<number> {
  const runner = new PipelineRunner(totalThreads, join(__dirname, 'screen-chunk.worker.js'));
  const options = { weights: { ...DEFAULT_WEIGHTS }, limits: DEFAULT_SCREEN_LIMITS };
  const started = performance.now();
  try {
    let next = 0;
    const lane = async () => {
      while (next < records.length) {
        const slice = records.slice(next, next + chunkSize);
        next += chunkSize;
        await runner.run(slice, { models, options });
      }
    };
    await Promise.all([lane(), lane()]);
    return (performance.now() - started) / 1000;
  } finally {
    await runner.close();
  }
}

/** CPU seconds so far of each process taking part: the API, each worker, PostgreSQL and Redis (whole servers). */
async function cpuSnapshot(api: ChildProcess, workers: ChildProcess[], redis: Redis) {
  return {
    api: cpuSeconds(api.pid) ?? NaN,
    workers: workers.reduce((sum, w) => sum + (cpuSeconds(w.pid) ?? NaN), 0),
    postgres: cpuSecondsOfCommand('postgres'),
    redis: await redisCpuSeconds(redis),
  };
}

interface ScreenState {
  status: string;
  counts: Record<string, number>;
}

async function main(): Promise<void> {
  const requested = process.env.BENCH_MOLECULES ? Number(process.env.BENCH_MOLECULES) : undefined;
  const { gz, molecules } = librarySlice(requested);
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    PORT: String(port),
    DATABASE_URL: databaseUrl,
    DATABASE_SCHEMA: schema,
    REDIS_URL: redisUrl,
    QUEUE_PREFIX: queuePrefix,
    CHUNK_SIZE: String(chunkSize),
    WORKER_THREADS: String(threads),
    // One sign-in lasts the whole run (the longest a token may live).
    AUTH_TOKEN_TTL_S: '86400',
  };
  const client = new HttpClient(port);
  const redis = new Redis(redisUrl);
  const chunkMs: number[] = [];
  let finalizeMs: number | undefined;
  const api = spawnProcess('api', 'api/main.js', env, () => undefined);
  const workers: ChildProcess[] = [];
  const ready: Promise<void>[] = [];
  for (let i = 0; i < workerCount; i++) {
    let markReady!: () => void;
    ready.push(new Promise<void>((r) => (markReady = r)));
    workers.push(
      spawnProcess(`worker ${i}`, 'worker/main.js', env, (line) => {
        if (line.includes('worker ready')) markReady();
        const timing = /chunk \d+: (\d+) rows in (\d+) ms/.exec(line);
        if (timing) chunkMs.push(Number(timing[2]));
        const ranked = /ranked and \S+ in (\d+) ms/.exec(line);
        if (ranked) finalizeMs = Number(ranked[1]);
      }),
    );
  }
  try {
    await until('API healthy', 60_000, 250, async () =>
      (await client.send('GET', '/health')).status === 200 ? true : undefined,
    );
    await Promise.all(ready);
    await signIn(client, env);
    log(
      `${runId}: ${molecules} molecules, models ${modelsLabel}, ${workerCount} worker(s) × ${threads} threads`,
    );

    const loadBefore = uptime();
    const walBefore = await walLsn();
    const redisSampler = sampleRedis(redis, queuePrefix);
    const cpuBefore = await cpuSnapshot(api, workers, redis);
    // Always named: an empty field is `models: []`, a properties-only screen (properties and alerts, no model
    // loaded: the cheapest pipeline, the strictest test of the queue and storage overhead).
    const fields: Record<string, string> = { name: `bench ${runId}`, models: models.join(',') };
    const t0 = performance.now();
    const submitted = await client.upload('/screens', fields, { name: 'library.csv.gz', bytes: gz });
    const tSubmitted = performance.now();
    if (submitted.status !== 202) throw new Error(`submit: ${submitted.status} ${submitted.body}`);
    const id = (JSON.parse(submitted.body) as { id: string }).id;
    const latency = pollResults ? pollLatency(client, RESULTS_PATH(id), POLL_MS) : undefined;
    const statusTimes: number[] = [];
    const final = await until('screen finished', 6 * 3600_000, POLL_MS, async () => {
      const { value, ms } = await client.getJson<ScreenState>(`/screens/${id}`);
      statusTimes.push(ms);
      return ['queued', 'running'].includes(value.status) ? undefined : value;
    });
    const tDone = performance.now();
    const cpuAfter = await cpuSnapshot(api, workers, redis);
    const lat = (await latency?.stop()) ?? { times: [], errors: [] };
    const redisPeaks = await redisSampler.stop();
    const loadAfter = uptime();
    if (!final.status.startsWith('completed')) throw new Error(`screen ended ${JSON.stringify(final)}`);
    const rss = { api: peakRssBytes(api.pid), workers: workers.map((w) => peakRssBytes(w.pid)) };
    // The results query on the finished screen, alone: its latency and its PostgreSQL CPU (whole server), to tell
    // the watching client's share of the database's CPU above from the pipeline's.
    const pgBeforeQueries = cpuSecondsOfCommand('postgres');
    const finished: number[] = [];
    for (let i = 0; i < FINISHED_QUERIES; i++) finished.push((await client.getJson(RESULTS_PATH(id))).ms);
    const pgPerQuery = (cpuSecondsOfCommand('postgres') - pgBeforeQueries) / FINISHED_QUERIES;
    finished.sort((a, b) => a - b);
    const { tables, walLsn: walAfter } = await databaseFigures();
    const walBytes = await walBytesBetween(walBefore, walAfter);
    await Promise.all([...workers, api].map(stop));

    const records = process.env.BENCH_IN_PROCESS === '0' ? undefined : await recordsOf(gz);
    const inLoadBefore = uptime();
    const inCpuBefore = process.cpuUsage();
    const inSeconds = records ? await inProcessSeconds(records, workerCount * threads) : undefined;
    const inCpuUsage = process.cpuUsage(inCpuBefore);
    const inCpu = (inCpuUsage.user + inCpuUsage.system) / 1e6;
    const inLoadAfter = uptime();

    const seconds = (tDone - t0) / 1000;
    const submitSeconds = (tSubmitted - t0) / 1000;
    const rate = molecules / seconds;
    const inRate = inSeconds ? molecules / inSeconds : undefined;
    const dbBytes = tables.reduce((s, t) => s + t.bytes, 0);
    const cpu = {
      api: cpuAfter.api - cpuBefore.api,
      workers: cpuAfter.workers - cpuBefore.workers,
      postgres: cpuAfter.postgres - cpuBefore.postgres,
      redis: cpuAfter.redis - cpuBefore.redis,
    };
    const cpuTotal = cpu.api + cpu.workers + cpu.postgres + cpu.redis;
    const perK = (seconds: number) => ((seconds / molecules) * 1000).toFixed(2);
    const sortedStatus = [...statusTimes].sort((a, b) => a - b);
    const chunkSorted = [...chunkMs].sort((a, b) => a - b);
    const lines = [
      `### ${modelsLabel === 'none' ? 'Properties and alerts only (no models)' : `Models: ${modelsLabel}`}, ${workerCount} worker process(es) × ${threads} threads, ${molecules.toLocaleString('en-US')} molecules`,
      '',
      `Run ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC on ${cpus().length} cores ${cpus()[0].model.trim()}, ` +
        `${Math.round(totalmem() / 2 ** 20)} MiB; chunks of ${chunkSize}; the library uploaded as gzip CSV (${mb(gz.length)} MiB).`,
      '',
      '| measure | value |',
      '| --- | --- |',
      `| end to end: upload start → \`completed\` seen by the client | ${seconds.toFixed(1)} s, **${rate.toFixed(1)} molecules/s** |`,
      `| of which the upload (\`POST /screens\` → 202: parse, store ${Math.ceil(molecules / chunkSize)} chunks, add the flow) | ${submitSeconds.toFixed(1)} s |`,
      inSeconds && inRate
        ? `| same molecules through the pipeline in-process (PipelineRunner, ${workerCount * threads} threads, 2 chunks in flight) | ${inSeconds.toFixed(1)} s, ${inRate.toFixed(1)} molecules/s |`
        : '| in-process comparison | not run (BENCH_IN_PROCESS=0) |',
      ...(inRate
        ? [`| end-to-end rate / in-process rate | **${((rate / inRate) * 100).toFixed(0)} %** |`]
        : []),
      `| CPU seconds during the run: workers; API; PostgreSQL, all processes (whole server); Redis (whole server) | ${cpu.workers.toFixed(1)}; ${cpu.api.toFixed(1)}; ${cpu.postgres.toFixed(1)}; ${cpu.redis.toFixed(1)} |`,
      `| CPU seconds per 1,000 molecules: workers alone; end to end (all four above) | ${perK(cpu.workers)}; ${perK(cpuTotal)} |`,
      ...(inSeconds
        ? [
            `| CPU seconds per 1,000 molecules in-process (the bench process, all threads) | ${perK(inCpu)} |`,
            `| in-process CPU / end-to-end CPU (the overhead measure that the machine's load moves least) | workers alone ${((inCpu / cpu.workers) * 100).toFixed(0)} %; end to end **${((inCpu / cpuTotal) * 100).toFixed(0)} %** |`,
          ]
        : []),
      `| worker chunk time (load, pipeline, upsert), ${chunkMs.length} chunks: p50 / max | ${percentile(chunkSorted, 50).toFixed(0)} / ${percentile(chunkSorted, 100).toFixed(0)} ms |`,
      `| finalize (rank every row in one UPDATE, close the screen) | ${finalizeMs ?? '?'} ms |`,
      pollResults
        ? `| \`GET ${RESULTS_PATH(':id')}\` every ${POLL_MS} ms during the run: n, p50 / p95 / max | ${lat.times.length}, ${percentile(lat.times, 50).toFixed(1)} / **${percentile(lat.times, 95).toFixed(1)}** / ${percentile(lat.times, 100).toFixed(1)} ms${lat.errors.length ? ` (${lat.errors.length} errors: ${lat.errors[0]})` : ''} |`
        : '| results page during the run | not requested (BENCH_RESULTS_POLL=0): the database served the pipeline and the status polls only |',
      `| the same request on the finished screen, ${FINISHED_QUERIES} in a row: p50; PostgreSQL CPU per request (whole server) | ${percentile(finished, 50).toFixed(1)} ms; ${(pgPerQuery * 1000).toFixed(0)} ms |`,
      `| \`GET /screens/:id\` (status polls) p50 / p95 | ${percentile(sortedStatus, 50).toFixed(1)} / ${percentile(sortedStatus, 95).toFixed(1)} ms |`,
      `| peak RSS (VmHWM): API; worker processes | ${mb(rss.api)} MiB; ${rss.workers.map((w) => `${mb(w)} MiB`).join(', ')} |`,
      `| Redis \`used_memory\` before → peak (whole server) | ${mb(redisPeaks.usedBefore)} → ${mb(redisPeaks.usedPeak)} MiB (+${mb(redisPeaks.usedPeak - redisPeaks.usedBefore)} MiB) |`,
      `| Redis keys of this screen's queue prefix, peak (MEMORY USAGE, sampled each second) | ${(redisPeaks.prefixPeakBytes / 1024).toFixed(0)} KiB in ${redisPeaks.prefixPeakKeys} keys |`,
      `| database size of the screen (tables + indexes + TOAST) | ${mb(dbBytes)} MiB = ${(dbBytes / molecules).toFixed(0)} bytes/molecule (${tables
        .filter((t) => t.bytes >= 2 ** 20 / 10)
        .map((t) => `${t.table} ${mb(t.bytes)}`)
        .join(', ')}) |`,
      `| PostgreSQL WAL written during the run (whole server) | ${mb(walBytes)} MiB = ${(walBytes / molecules).toFixed(0)} bytes/molecule |`,
      `| counts | ${JSON.stringify(final.counts)} (status \`${final.status}\`) |`,
      '',
      `Load (\`uptime\`; the 2 cores are shared with other work): before \`${loadBefore}\`; after the end-to-end run \`${loadAfter}\`` +
        (inSeconds ? `; in-process run from \`${inLoadBefore}\` to \`${inLoadAfter}\`.` : '.'),
      '',
      `Reproduce: \`${process.env.BENCH_MODELS === undefined ? '' : `BENCH_MODELS='${process.env.BENCH_MODELS}' `}` +
        `${requested ? `BENCH_MOLECULES=${requested} ` : ''}${inSeconds ? '' : 'BENCH_IN_PROCESS=0 '}${pollResults ? '' : 'BENCH_RESULTS_POLL=0 '}BENCH_WORKERS=${workerCount} BENCH_THREADS=${threads} npm run bench:screen\`.`,
    ];
    console.log(lines.join('\n'));
    if (process.env.BENCH_WRITE !== '0') writeRunBlock(join(ROOT, 'docs/BENCHMARKS.md'), runId, lines);
  } finally {
    await Promise.all([...workers, api].map(stop));
    client.close();
    const keys = await redis.keys(`${queuePrefix}:*`);
    if (keys.length > 0) await redis.del(...keys);
    redis.disconnect();
    await dropSchema(databaseUrl, schema);
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
