// End-to-end throughput of the screening service: a slice of the MUV library submitted through
// createScreeningService to `BENCH_WORKERS` worker processes (the bundled `dist/worker/main.js`, as
// `npm run start:worker` runs them) on PostgreSQL and Redis, every model. Reports molecules/s from the first
// record submitted to the screen completed, Redis memory (peak over the run, sampled every 100 ms), database
// size, and the same molecules through the pipeline in-process (PipelineRunner, same threads) for the queue and
// storage overhead. Writes its section of docs/BENCHMARKS.md. The machine is shared: `uptime` is recorded.
import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { availableParallelism, cpus, totalmem } from 'node:os';
import { join, resolve } from 'node:path';
import { Redis } from 'ioredis';
import { readRecords, type InputRecord } from '@hitscreen/chem';
import { createDataSource, dropSchema } from '@hitscreen/db';
import { listModels } from '@hitscreen/models';
import {
  createScreeningService,
  PipelineRunner,
  DEFAULT_WEIGHTS,
  DEFAULT_SCREEN_LIMITS,
} from '@hitscreen/screening';

const ROOT = resolve(__dirname, '../..');
const datasets = resolve(process.env.HITSCREEN_DATASETS ?? join(ROOT, '../shared/datasets'));
const library = process.env.BENCH_LIBRARY ?? join(datasets, 'library_muv.csv.gz');
const count = Number(process.env.BENCH_MOLECULES ?? 3000);
const workerCount = Number(process.env.BENCH_WORKERS ?? 1);
const threads = Number(process.env.BENCH_THREADS ?? availableParallelism());
const chunkSize = Number(process.env.BENCH_CHUNK_SIZE ?? 500);
const databaseUrl = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const redisUrl = process.env.BENCH_REDIS_URL ?? 'redis://127.0.0.1:6379';
const tag = randomBytes(4).toString('hex');
const config = {
  databaseUrl,
  databaseSchema: `bench_${tag}`,
  redisUrl,
  queuePrefix: `bench-${tag}`,
  chunkSize,
};

/** Molecules per thread in the warm-up: one pipeline task (50) each, so every thread loads RDKit and the models. */
const WARM_UP_PER_THREAD = 50;

const uptime = () => execFileSync('uptime', { encoding: 'utf8' }).trim();

async function firstRecords(n: number): Promise<InputRecord[]> {
  const out: InputRecord[] = [];
  for await (const record of readRecords(library, {})) {
    out.push(record);
    if (out.length >= n) break;
  }
  return out;
}

function startWorker(index: number): { child: ChildProcess; ready: Promise<void> } {
  const child = spawn(process.execPath, [join(ROOT, 'dist/worker/main.js')], {
    env: {
      ...process.env,
      DATABASE_URL: databaseUrl,
      DATABASE_SCHEMA: config.databaseSchema,
      REDIS_URL: redisUrl,
      QUEUE_PREFIX: config.queuePrefix,
      WORKER_THREADS: String(threads),
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const ready = new Promise<void>((resolveReady, reject) => {
    child.stdout!.on('data', (data: Buffer) => {
      const text = data.toString();
      if (text.includes('ready')) resolveReady();
      // Per-chunk timings of the worker, for reading the end-to-end figure.
      for (const line of text.split('\n'))
        if (/chunk \d+:/.test(line)) console.error(`worker ${index}: ${line}`);
    });
    child.on('exit', (code) => reject(new Error(`worker ${index} exited with ${code}`)));
  });
  return { child, ready };
}

async function redisUsedMemory(redis: Redis): Promise<number> {
  const info = await redis.info('memory');
  return Number(/used_memory:(\d+)/.exec(info)![1]);
}

/** Bytes of the bench schema's tables with their indexes and TOAST (PostgreSQL). */
async function databaseSize(): Promise<number> {
  const ds = await createDataSource({
    url: databaseUrl,
    schema: config.databaseSchema,
    entities: [],
    migrations: [],
  });
  try {
    const [{ size }] = (await ds.query(
      `SELECT SUM(pg_total_relation_size(c.oid))::bigint AS size FROM pg_class c ` +
        `JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = $1 AND c.relkind = 'r'`,
      [config.databaseSchema],
    )) as { size: string }[];
    return Number(size);
  } finally {
    await ds.destroy();
  }
}

const mb = (bytes: number) => (bytes / 1024 / 1024).toFixed(1);

async function main(): Promise<void> {
  const records = await firstRecords(count);
  const models = listModels().map((m) => m.name);
  const loadBefore = uptime();
  const redis = new Redis(redisUrl);
  const workers = Array.from({ length: workerCount }, (_, i) => startWorker(i));
  const service = await createScreeningService(config);
  try {
    await Promise.all(workers.map((w) => w.ready));
    // Warm-up: each worker thread loads RDKit and the models on its first batch; a small screen with one chunk
    // per worker process pays for that outside the measured run, as a long-running worker would have.
    const warmService = await createScreeningService({ ...config, chunkSize: threads * WARM_UP_PER_THREAD });
    try {
      const warm = await warmService.submit({
        options: { models },
        records: (async function* () {
          yield* records.slice(0, threads * workerCount * WARM_UP_PER_THREAD);
        })(),
      });
      for await (const event of warmService.events(warm.id)) void event;
    } finally {
      await warmService.close();
    }

    const redisBase = await redisUsedMemory(redis);
    let redisPeak = redisBase;
    const sampler = setInterval(() => {
      redisUsedMemory(redis).then(
        (m) => (redisPeak = Math.max(redisPeak, m)),
        () => undefined,
      );
    }, 100);
    const started = process.hrtime.bigint();
    const screen = await service.submit({
      options: { name: 'bench', models },
      records: (async function* () {
        yield* records;
      })(),
    });
    const submitted = process.hrtime.bigint();
    let last;
    for await (const event of service.events(screen.id)) last = event;
    const finished = process.hrtime.bigint();
    clearInterval(sampler);
    if (last?.status !== 'completed') throw new Error(`screen ended ${JSON.stringify(last)}`);
    const seconds = Number(finished - started) / 1e9;
    const submitSeconds = Number(submitted - started) / 1e9;
    const size = await databaseSize();
    const loadDuring = uptime();
    for (const w of workers) w.child.kill('SIGTERM');

    // The same molecules through the pipeline in this process, no queue, no database.
    const runner = new PipelineRunner(threads, join(__dirname, 'screen-chunk.worker.js'));
    const options = { weights: { ...DEFAULT_WEIGHTS }, limits: DEFAULT_SCREEN_LIMITS };
    await runner.run(records.slice(0, threads * WARM_UP_PER_THREAD), { models, options });
    const inStart = process.hrtime.bigint();
    for (let i = 0; i < records.length; i += chunkSize)
      await runner.run(records.slice(i, i + chunkSize), { models, options });
    const inSeconds = Number(process.hrtime.bigint() - inStart) / 1e9;
    await runner.close();
    const loadAfter = uptime();

    const summary = (await service.get(screen.id))!;
    const rate = count / seconds;
    const inRate = count / inSeconds;
    const lines = [
      '<!-- screen-bench:start -->',
      '## Screening service end to end (`npm run bench:screen`)',
      '',
      `${count} MUV molecules (\`${library.replace(/^.*\/shared\//, 'shared/')}\`, first ${count}), all ${models.length} models ` +
        `(${models.join(', ')}), ${workerCount} worker process(es) × ${threads} pipeline threads, chunks of ${chunkSize}, ` +
        `PostgreSQL 15 + Redis on this machine (${cpus().length} cores ${cpus()[0].model}, ${mb(totalmem())} MB).`,
      '',
      '| measure | value |',
      '| --- | --- |',
      `| end to end (submit → completed) | ${seconds.toFixed(1)} s, **${rate.toFixed(1)} molecules/s** |`,
      `| of which submit (store ${summary.counts.total} records in ${Math.ceil(count / chunkSize)} chunks, add the flow) | ${submitSeconds.toFixed(2)} s |`,
      `| same molecules through the pipeline in-process (PipelineRunner, ${threads} threads) | ${inSeconds.toFixed(1)} s, ${inRate.toFixed(1)} molecules/s |`,
      `| end-to-end rate / in-process rate | ${((rate / inRate) * 100).toFixed(0)} % |`,
      `| Redis used_memory before → peak during the screen | ${mb(redisBase)} MB → ${mb(redisPeak)} MB (+${mb(redisPeak - redisBase)} MB) |`,
      `| database size of the screen (tables + indexes, PostgreSQL) | ${mb(size)} MB |`,
      `| counts | ${JSON.stringify(summary.counts)} |`,
      '',
      `Load (\`uptime\`, the machine is shared): before \`${loadBefore}\`; after the end-to-end run \`${loadDuring}\`; after the in-process run \`${loadAfter}\`.`,
      '',
      `Reproduce: \`BENCH_MOLECULES=${count} BENCH_WORKERS=${workerCount} BENCH_THREADS=${threads} npm run bench:screen\` (PostgreSQL at 127.0.0.1:5432 database \`test\`, Redis at 127.0.0.1:6379; a schema and a queue prefix of its own, removed after).`,
      '<!-- screen-bench:end -->',
    ];
    console.log(lines.join('\n'));
    const file = join(ROOT, 'docs/BENCHMARKS.md');
    if (process.env.BENCH_WRITE !== '0' && existsSync(file)) {
      const doc = readFileSync(file, 'utf8');
      const section = lines.join('\n');
      const updated = /<!-- screen-bench:start -->[\s\S]*<!-- screen-bench:end -->/.test(doc)
        ? doc.replace(/<!-- screen-bench:start -->[\s\S]*<!-- screen-bench:end -->/, section)
        : `${doc.trimEnd()}\n\n${section}\n`;
      writeFileSync(file, updated);
    }
  } finally {
    for (const w of workers) if (w.child.exitCode === null) w.child.kill('SIGTERM');
    await service.close();
    const keys = await redis.keys(`${config.queuePrefix}:*`);
    if (keys.length > 0) await redis.del(...keys);
    redis.disconnect();
    await dropSchema(databaseUrl, config.databaseSchema);
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
