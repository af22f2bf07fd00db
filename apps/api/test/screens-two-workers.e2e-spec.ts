/**
 * End to end at library scale: 2,000 real molecules (some invalid) uploaded over HTTP to the real app, screened by
 * TWO worker processes from the esbuild bundle (as `npm run start:worker` runs them) on PostgreSQL and Redis,
 * polled to completion. Every record has exactly one row, invalid rows carry their reasons, the ranking is sorted,
 * and the CSV export equals the results. The big screen is properties-only (`models: []`), which keeps the file
 * well under a minute on two cores; a small `esol` screen runs beside it, so the workers share two screens and
 * the two kinds of row are compared.
 *
 * The molecules: the first 1,980 SMILES of libs/chem/test-fixtures/rdkit_reference.csv.gz (Tox21, BACE and MUV
 * molecules from MoleculeNet; see that folder's SOURCE.md), four of which RDKit refuses, with 20 broken records
 * mixed in: 24 invalid rows.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { gunzipSync, gzipSync } from 'node:zlib';
import type request from 'supertest';
import { CsvWriter } from '@hitscreen/chem';
import { exportColumns, toExportRow } from '@hitscreen/screen-report';
import type { ResultRow, ScreenSummary } from '@hitscreen/screening';
import {
  buildBundles,
  startWorkerProcess,
  stopWorkerProcess,
  until,
  type WorkerProcess,
} from '@hitscreen/screening/testing';
import type { Caller } from './e2e-access';
import { finalScreen, startStack, type E2eStack } from './e2e-backend';

const FIXTURE = join(__dirname, '../../../libs/chem/test-fixtures/rdkit_reference.csv.gz');
const REFERENCE = 1_980;
const AL_VALENCE = /^Explicit valence for atom # \d+ Al, 6, is greater than permitted$/;
const CHUNK_SIZE = 50;

/** Broken records, each with the reason its row must carry; one every 100 records from record 50. */
const BROKEN: { smiles: string; reason: RegExp }[] = [
  { smiles: 'C1CC(', reason: /SMILES Parse Error/ },
  { smiles: 'c1ccccc1N(=O)=O=O', reason: /valence/i },
  { smiles: 'C[Xy]C', reason: /SMILES Parse Error/ },
  { smiles: '', reason: /^empty SMILES \(record \d+, line \d+\)$/ },
  { smiles: 'C'.repeat(200), reason: /^structure too large: 200 heavy atoms \(limit 150\)$/ },
];

interface Entry {
  id: string;
  smiles: string;
  reason?: RegExp;
}

/** The library in submission order (record n = entries[n - 1]). */
function library(): Entry[] {
  const lines = gunzipSync(readFileSync(FIXTURE)).toString('utf8').trimEnd().split('\n');
  // The first column is the SMILES (no quoting in this file: SMILES hold no commas).
  const reference = lines.slice(1, REFERENCE + 1).map((line, i): Entry => {
    const smiles = line.split(',')[0];
    // Four aluminium alkoxides of the set: RDKit's WebAssembly build refuses their hypervalent Al outright.
    return { id: `ref-${i + 1}`, smiles, ...(smiles.includes('[AlH3]') ? { reason: AL_VALENCE } : {}) };
  });
  const entries: Entry[] = [];
  let broken = 0;
  for (const molecule of reference) {
    if (entries.length % 100 === 49) {
      const bad = BROKEN[broken % BROKEN.length];
      entries.push({ id: `broken-${++broken}`, smiles: bad.smiles, reason: bad.reason });
    }
    entries.push(molecule);
  }
  return entries;
}

function csvGz(entries: Entry[]): Buffer {
  return gzipSync(Buffer.from(['id,smiles', ...entries.map((e) => `${e.id},${e.smiles}`)].join('\n') + '\n'));
}

/** The raw text of a streamed answer, collected until the server ends it. */
function text(res: request.Test): request.Test {
  return res.buffer(true).parse((response, callback) => {
    let body = '';
    response.setEncoding('utf8');
    response.on('data', (chunk: string) => (body += chunk));
    response.on('end', () => callback(null, body));
  });
}

/** Every result row, `pageSize` at a time, in the given order. */
async function allResults(caller: Caller, id: string, sort: string, pageSize = 1000): Promise<ResultRow[]> {
  const rows: ResultRow[] = [];
  for (let page = 1; ; page++) {
    const res = await caller.get(`/screens/${id}/results?sort=${sort}&page=${page}&pageSize=${pageSize}`);
    expect(res.status).toBe(200);
    rows.push(...(res.body.items as ResultRow[]));
    if (page * pageSize >= (res.body.total as number)) return rows;
  }
}

/** The CSV export the API must produce for these rows, written by the same writer from the results. */
async function csvOf(rows: ResultRow[]): Promise<string> {
  const sink = new PassThrough();
  let out = '';
  sink.on('data', (chunk: Buffer) => (out += chunk.toString('utf8')));
  const writer = new CsvWriter(sink, exportColumns([]));
  for (const row of rows) await writer.write(toExportRow(row));
  await writer.close();
  return out;
}

describe('2,000 molecules over HTTP, two worker processes', () => {
  const entries = library();
  let stack: E2eStack;
  let chemist: Caller;
  const workers: WorkerProcess[] = [];

  beforeAll(async () => {
    buildBundles();
    stack = await startStack({ maxUploadBytes: 4 * 1024 * 1024 }, { maxMolecules: 10_000 }, 'postgres', {
      worker: false,
      chunkSize: CHUNK_SIZE,
    });
    chemist = stack.people.as.chemist;
    workers.push(startWorkerProcess(stack.config), startWorkerProcess(stack.config));
    await until(
      () => workers.every((w) => w.output.some((l) => l.includes('ready'))),
      30_000,
      'two workers ready',
    );
  }, 120_000);
  afterAll(async () => {
    const codes = await Promise.all(workers.map((w) => stopWorkerProcess(w)));
    await stack?.close();
    if (process.env.E2E_LOG) for (const w of workers) console.log(w.output.join('\n'));
    expect(codes).toEqual(workers.map(() => 0));
  });

  it('every record has one row, invalid rows their reasons, the ranking is sorted, the export equals the results', async () => {
    expect(entries).toHaveLength(2_000);
    const expectedInvalid = entries.filter((e) => e.reason).length;
    expect(expectedInvalid).toBe(24);
    const started = Date.now();
    const upload = await chemist
      .post('/screens')
      .field('options', JSON.stringify({ name: 'two workers', models: [] }))
      .attach('file', csvGz(entries), 'library.csv.gz')
      .expect(202);
    const big = upload.body as ScreenSummary;
    expect(big).toMatchObject({ status: 'queued', models: [], counts: { total: 2_000, done: 0 } });
    // A small scored screen beside it: the first 100 molecules through esol.
    const scoredMolecules = entries.slice(0, 100).map((e) => ({ id: e.id, smiles: e.smiles }));
    const small = (
      await chemist
        .post('/screens')
        .send({ molecules: scoredMolecules, options: { name: 'esol beside', models: ['esol'] } })
        .expect(202)
    ).body as ScreenSummary;

    const done = await finalScreen(chemist, big.id, 200_000);
    const scored = await finalScreen(chemist, small.id, 200_000);
    const seconds = (Date.now() - started) / 1000;
    console.log(
      `2,000 molecules (properties only) + 100 (esol) over HTTP, 2 worker processes: ${seconds.toFixed(1)} s; ` +
        `chunks stored per worker: ${workers.map((w) => w.chunksStored()).join(', ')}`,
    );
    expect(done).toMatchObject({
      status: 'completed',
      progress: 1,
      counts: { total: 2_000, done: 2_000, invalid: expectedInvalid, failed: 0 },
    });
    expect(scored).toMatchObject({ status: 'completed', counts: { total: 100, done: 100, failed: 0 } });
    // 40 chunks of the big screen and 2 of the small one, each stored once, and both processes took some.
    const stored = workers.map((w) => w.chunksStored());
    expect(stored[0] + stored[1]).toBe(2_000 / CHUNK_SIZE + 100 / CHUNK_SIZE);
    expect(stored.every((n) => n > 0)).toBe(true);

    // Every record exactly once, with its id and input; the broken ones invalid with the reason.
    const byRow = await allResults(chemist, big.id, 'row');
    expect(byRow.map((r) => r.row)).toEqual(entries.map((_, i) => i + 1));
    expect(byRow.map((r) => r.id)).toEqual(entries.map((e) => e.id));
    for (const [i, entry] of entries.entries()) {
      const row = byRow[i];
      if (entry.reason) {
        expect(row).toMatchObject({ status: 'invalid', rank: null, desirability: null });
        expect(row.error).toMatch(entry.reason);
      } else {
        expect(row.input).toBe(entry.smiles);
        expect(row).toMatchObject({ status: 'ok', error: null, predictions: [], domain: [] });
        expect(typeof row.properties.qed).toBe('number');
        expect(row.desirability).toBeGreaterThan(0);
      }
    }

    // The ranking: ranks 1..ok in order of non-increasing desirability, the unranked (invalid) rows after.
    const best = await allResults(chemist, big.id, '-score');
    const ranked = best.filter((r) => r.rank !== null);
    const ok = 2_000 - expectedInvalid;
    expect(ranked.map((r) => r.rank)).toEqual(Array.from({ length: ok }, (_, i) => i + 1));
    for (let i = 1; i < ranked.length; i++)
      expect(ranked[i].desirability!).toBeLessThanOrEqual(ranked[i - 1].desirability!);
    expect(best.slice(ok).every((r) => r.status === 'invalid')).toBe(true);
    expect(new Set(best.map((r) => r.row)).size).toBe(2_000);

    // The export: the whole screen, byte for byte what the results give.
    const csv = await text(chemist.get(`/screens/${big.id}/export?format=csv`).expect(200));
    expect(csv.body as string).toBe(await csvOf(byRow));

    // The small screen's rows: the same chemistry as the properties-only rows, plus the model's prediction.
    const withModel = await allResults(chemist, small.id, 'row');
    expect(withModel.map((r) => r.id)).toEqual(byRow.slice(0, 100).map((r) => r.id));
    for (const [i, row] of withModel.entries()) {
      expect(row.status).toBe(byRow[i].status);
      expect(row.properties).toEqual(byRow[i].properties);
      expect(row.alerts).toEqual(byRow[i].alerts);
      if (row.status === 'ok')
        expect(row.predictions.map((p) => p.key)).toEqual(['esol.log_solubility_mol_per_l']);
    }
  }, 240_000);

  it('serves the properties-only screen’s report and an explanation-free compound', async () => {
    const list = (await chemist.get('/screens?pageSize=10').expect(200)).body.items as ScreenSummary[];
    const big = list.find((s) => s.name === 'two workers')!;
    const report = await chemist.get(`/screens/${big.id}/report`).expect(200);
    expect(report.text).toContain('<h2>Top hits</h2>');
    const compound = await chemist.get(`/screens/${big.id}/results/1`).expect(200);
    expect(compound.body).toMatchObject({ row: 1, status: 'ok', predictions: [], explanation: null });
  });
});
