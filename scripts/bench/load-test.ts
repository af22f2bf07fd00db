// `npm run bench:load`: the API under many clients at once (issue 6, robustness). The bundled API and one worker
// process run on PostgreSQL and Redis (a schema and a queue prefix of their own); one seeded screen is screened
// first; then LOAD_CLIENTS clients (default 50) hammer the API for LOAD_SECONDS (default 60) over keep-alive
// connections on localhost: most read result pages (sorted, filtered, deep pages, one compound, the screen), and
// one in LOAD_SUBMIT_EVERY requests (default 10) submits a small screen. Recorded per request kind: count, status
// codes, p50/p95/p99/max latency; the run fails (exit 1) on any 5xx or transport error. Results go into
// docs/BENCHMARKS.md between the load-test markers (LOAD_WRITE=0: print only).
//
// Access control: when the API has `POST /auth/token`, the bench bootstraps an admin with the CLI on the same
// database and sends its bearer token; the rate limit is raised for the run (RATE_LIMIT_PER_MINUTE), since 50
// clients share one principal here and the limiter is not what is measured.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { dropSchema } from '@hitscreen/db';

const ROOT = resolve(__dirname, '../..');
const clients = Number(process.env.LOAD_CLIENTS ?? 50);
const seconds = Number(process.env.LOAD_SECONDS ?? 60);
const submitEvery = Number(process.env.LOAD_SUBMIT_EVERY ?? 10);
const databaseUrl = process.env.LOAD_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const redisUrl = process.env.LOAD_REDIS_URL ?? 'redis://127.0.0.1:6379';
const tag = randomBytes(4).toString('hex');
const schema = `load_${tag}`;
const port = 20000 + Math.floor(Math.random() * 20000);
const base = `http://127.0.0.1:${port}`;

/** Real drugs for the seeded screen and the small submissions (public structures). */
const DRUGS = [
  'CC(=O)Oc1ccccc1C(=O)O',
  'CC(C)Cc1ccc(cc1)C(C)C(=O)O',
  'CN1C=NC2=C1C(=O)N(C(=O)N2C)C',
  'CC(=O)Nc1ccc(O)cc1',
  'CN1CCC[C@H]1c1cccnc1',
  'COc1ccc2[nH]cc(CCNC(C)=O)c2c1',
  'CCN(CC)CCOC(=O)c1ccc(N)cc1',
  'CN(C)CCCN1c2ccccc2CCc2ccccc21',
  'CC12CCC3c4ccc(O)cc4CCC3C1CCC2O',
  'O=c1cc(-c2ccccc2)oc2ccccc12',
  'CC(C)NCC(O)COc1cccc2ccccc12',
  'CN1C(=O)CN=C(c2ccccc2)c2cc(Cl)ccc21',
];

const log = (message: string) => console.error(`${new Date().toISOString()} load ${message}`);
const uptime = () =>
  execFileSync('uptime', { encoding: 'utf8' })
    .trim()
    .replace(/^.*load/, 'load');

function start(name: string, entry: string, env: NodeJS.ProcessEnv): ChildProcess {
  const child = spawn(process.execPath, [join(ROOT, 'dist', entry)], {
    env,
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  child.stderr?.on('data', (d: Buffer) => {
    if (process.env.LOAD_VERBOSE) process.stderr.write(`${name}: ${d.toString()}`);
  });
  return child;
}

function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((done) => {
    child.once('exit', () => done());
    child.kill('SIGTERM');
  });
}

async function until<T>(what: string, timeoutMs: number, check: () => Promise<T | undefined>): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      const value = await check();
      if (value !== undefined) return value;
    } catch {
      // not up yet
    }
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

const percentile = (sorted: number[], p: number) =>
  sorted.length === 0 ? NaN : sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];

interface Kind {
  name: string;
  latencies: number[];
  statuses: Map<number, number>;
  errors: number;
}

async function main(): Promise<void> {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    PORT: String(port),
    DATABASE_URL: databaseUrl,
    DATABASE_SCHEMA: schema,
    REDIS_URL: redisUrl,
    QUEUE_PREFIX: `load-${tag}`,
    CHUNK_SIZE: '50',
    WORKER_THREADS: '1',
    RATE_LIMIT_PER_MINUTE: '1000000',
    AUTH_JWT_SECRET: randomBytes(32).toString('hex'),
  };
  const api = start('api', 'api/main.js', env);
  const worker = start('worker', 'worker/main.js', env);
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  try {
    await until('API healthy', 90_000, async () => ((await fetch(`${base}/health`)).ok ? true : undefined));
    const probe = await fetch(`${base}/auth/token`, { method: 'POST', headers, body: '{}' });
    if (probe.status !== 404) {
      const out = execFileSync(
        process.execPath,
        [join(ROOT, 'dist/cli/main.js'), 'users', 'create-admin', '--email', 'load@example.org'],
        { env, encoding: 'utf8' },
      );
      const password = /password \(shown once, store it now\): (\S+)/.exec(out)?.[1];
      const signIn = await fetch(`${base}/auth/token`, {
        method: 'POST',
        headers,
        body: JSON.stringify({ email: 'load@example.org', password }),
      });
      headers.authorization = `Bearer ${((await signIn.json()) as { token: string }).token}`;
    }
    // The seeded screen: 240 molecules (the drugs, repeated with their own ids), properties and one model.
    const molecules = Array.from({ length: 240 }, (_, i) => ({
      id: `m${i + 1}`,
      smiles: DRUGS[i % DRUGS.length],
    }));
    const seeded = await fetch(`${base}/screens`, {
      method: 'POST',
      headers,
      body: JSON.stringify({ molecules, options: { name: 'load seed', models: ['esol'] } }),
    });
    if (seeded.status !== 202) throw new Error(`seed screen: ${seeded.status} ${await seeded.text()}`);
    const { id } = (await seeded.json()) as { id: string };
    await until('seed screen completed', 600_000, async () => {
      const screen = (await (await fetch(`${base}/screens/${id}`, { headers })).json()) as { status: string };
      return screen.status.startsWith('completed') ? true : undefined;
    });
    log(`seeded screen ${id} completed; ${clients} clients for ${seconds} s`);

    const reads = [
      ['results, first page, best first', `/screens/${id}/results?page=1&pageSize=100&sort=-score`],
      ['results, page 2, filtered', `/screens/${id}/results?page=2&pageSize=50&sort=-qed&filter=qed>=0.3`],
      ['one compound with its explanation', `/screens/${id}/results/7`],
      ['the screen', `/screens/${id}`],
    ] as const;
    const kinds = new Map<string, Kind>();
    const kind = (name: string) => {
      let k = kinds.get(name);
      if (!k) kinds.set(name, (k = { name, latencies: [], statuses: new Map(), errors: 0 }));
      return k;
    };
    const before = uptime();
    const deadline = performance.now() + seconds * 1000;
    let sequence = 0;
    const client = async (c: number) => {
      while (performance.now() < deadline) {
        const n = sequence++;
        const submit = n % submitEvery === submitEvery - 1;
        const [name, path] = submit ? ['submit a 3-molecule screen', '/screens'] : reads[n % reads.length];
        const k = kind(name);
        const started = performance.now();
        try {
          const answer = await fetch(`${base}${path}`, {
            method: submit ? 'POST' : 'GET',
            headers,
            body: submit
              ? JSON.stringify({
                  molecules: DRUGS.slice(c % 9, (c % 9) + 3).map((smiles) => ({ smiles })),
                  options: { models: ['esol'] },
                })
              : undefined,
          });
          await answer.arrayBuffer();
          k.latencies.push(performance.now() - started);
          k.statuses.set(answer.status, (k.statuses.get(answer.status) ?? 0) + 1);
        } catch {
          k.errors += 1;
        }
      }
    };
    await Promise.all(Array.from({ length: clients }, (_, c) => client(c)));
    const after = uptime();

    const rows = [...kinds.values()].map((k) => {
      const sorted = [...k.latencies].sort((a, b) => a - b);
      const codes = [...k.statuses.entries()]
        .sort()
        .map(([s, n]) => `${s}: ${n}`)
        .join(', ');
      const ms = (p: number) => percentile(sorted, p).toFixed(0);
      return `| ${k.name} | ${k.latencies.length + k.errors} | ${codes}${k.errors ? `, transport errors: ${k.errors}` : ''} | ${ms(50)} | ${ms(95)} | ${ms(99)} | ${sorted.length ? sorted[sorted.length - 1].toFixed(0) : '?'} |`;
    });
    const total = [...kinds.values()].reduce((n, k) => n + k.latencies.length, 0);
    const serverErrors = [...kinds.values()].reduce(
      (n, k) =>
        n + k.errors + [...k.statuses.entries()].filter(([s]) => s >= 500).reduce((m, [, c]) => m + c, 0),
      0,
    );
    const block = [
      '<!-- load-test:start -->',
      '## The API under load (`npm run bench:load`)',
      '',
      `${clients} concurrent clients for ${seconds} s against the bundled API on localhost (one worker process with one pipeline thread screening the submissions meanwhile; PostgreSQL and Redis on the same machine: ${cpus().length} cores ${cpus()[0]?.model.trim()}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB). One request in ${submitEvery} submits a 3-molecule screen (model esol); the others read a 240-molecule screen. ${total} requests answered (${(total / seconds).toFixed(0)}/s), **${serverErrors} server errors (5xx) or transport errors**. Date: ${new Date().toISOString().slice(0, 10)}.`,
      '',
      '| request | count | status codes | p50 ms | p95 ms | p99 ms | max ms |',
      '| --- | ---: | --- | ---: | ---: | ---: | ---: |',
      ...rows,
      '',
      `Machine load before: \`${before}\`; after: \`${after}\` (the machine may be shared; latencies are upper bounds).`,
      '',
      'Reproduce: `npm run bench:load` (`LOAD_CLIENTS`, `LOAD_SECONDS`, `LOAD_SUBMIT_EVERY`; PostgreSQL at 127.0.0.1:5432 database `test`, Redis at 127.0.0.1:6379; a schema and a queue prefix of its own, removed after).',
      '<!-- load-test:end -->',
    ].join('\n');
    console.log(block);
    const doc = join(ROOT, 'docs/BENCHMARKS.md');
    if (process.env.LOAD_WRITE !== '0' && existsSync(doc)) {
      const text = readFileSync(doc, 'utf8');
      const from = text.indexOf('<!-- load-test:start -->');
      const to = text.indexOf('<!-- load-test:end -->');
      writeFileSync(
        doc,
        from >= 0 && to > from
          ? text.slice(0, from) + block + text.slice(to + '<!-- load-test:end -->'.length)
          : `${text.trimEnd()}\n\n${block}\n`,
      );
    }
    if (serverErrors > 0) process.exitCode = 1;
  } finally {
    await stop(worker);
    await stop(api);
    await dropSchema(databaseUrl, schema);
    execFileSync(
      'sh',
      [
        '-c',
        `redis-cli -u ${redisUrl} --scan --pattern 'load-${tag}:*' | xargs -r redis-cli -u ${redisUrl} del`,
      ],
      {
        stdio: 'ignore',
      },
    );
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
