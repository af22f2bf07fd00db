/**
 * End to end on the embedded default: the API over SQLite (a database file of this test's own) with real Redis and
 * a worker, on a smaller library than the PostgreSQL suite: upload, completion, results, export, and /metrics. The
 * database is this test's alone, so the deployment totals on /metrics must equal exactly what it submitted.
 */
import type { ResultRow, ScreenSummary } from '@hitscreen/screening';
import type { Caller } from './e2e-access';
import { DRUGS, finalScreen, startStack, type E2eStack } from './e2e-backend';

let stack: E2eStack;
/** Every request is a signed-in chemist's (e2e-access.ts). */
let chemist: Caller;

beforeAll(async () => {
  stack = await startStack({}, { maxMolecules: 100 }, 'sqlite');
  chemist = stack.people.as.chemist;
});
afterAll(async () => {
  await stack?.close();
});

const final = (id: string, timeoutMs?: number) => finalScreen(chemist, id, timeoutMs);

/** Prometheus text → `name{labels}` → value (labels as printed). */
function parseMetrics(text: string): Map<string, number> {
  const samples = new Map<string, number>();
  for (const line of text.split('\n')) {
    if (line === '' || line.startsWith('#')) continue;
    const space = line.lastIndexOf(' ');
    samples.set(line.slice(0, space), Number(line.slice(space + 1)));
  }
  return samples;
}

const LIBRARY = [
  'name,smiles',
  ...DRUGS.slice(0, 10).map(([name, smiles]) => `${name},${smiles}`),
  'broken,C1CC(',
].join('\n');

describe('on SQLite, the embedded default', () => {
  let screen: ScreenSummary;

  it('screens an uploaded CSV to completion; results and export agree', async () => {
    const res = await chemist
      .post('/screens')
      .field('models', 'esol')
      .attach('file', Buffer.from(LIBRARY), 'library.csv')
      .expect(202);
    screen = await final(res.body.id);
    expect(screen).toMatchObject({
      status: 'completed',
      counts: { total: 11, done: 11, invalid: 1, failed: 0 },
      error: null,
    });

    const results = await chemist.get(`/screens/${screen.id}/results?sort=-score&pageSize=100`).expect(200);
    const rows = results.body.items as ResultRow[];
    expect(rows.map((r) => r.rank)).toEqual([...Array.from({ length: 10 }, (_, i) => i + 1), null]);
    expect(rows.at(-1)).toMatchObject({ row: 11, id: 'broken', status: 'invalid' });
    const scores = rows.slice(0, 10).map((r) => r.desirability!);
    expect(scores).toEqual([...scores].sort((a, b) => b - a));

    const csv = await chemist.get(`/screens/${screen.id}/export?format=csv`).buffer(true).expect(200);
    const lines = csv.text.trimEnd().split('\n');
    expect(lines).toHaveLength(12);
    const header = lines[0].split(',');
    const byRow = [...rows].sort((a, b) => a.row - b.row);
    expect(lines.slice(1).map((l) => l.split(',')[header.indexOf('id')])).toEqual(byRow.map((r) => r.id));
    expect(lines.slice(1).map((l) => l.split(',')[0])).toEqual(byRow.map((r) => String(r.row)));
  });

  it('exposes the deployment totals on /metrics, equal to what was screened', async () => {
    const res = await chemist.get('/metrics').expect(200);
    const m = parseMetrics(res.text);
    if (process.env.E2E_LOG) console.log(res.text);
    expect(
      ['queued', 'running', 'completed', 'completed_with_errors', 'failed', 'cancelled'].map((s) =>
        m.get(`hitscreen_screens{status="${s}"}`),
      ),
    ).toEqual([0, 0, 1, 0, 0, 0]);
    expect(res.text).toMatch(/^# TYPE hitscreen_molecules_processed_total counter$/m);
    expect(
      ['ok', 'invalid', 'failed'].map((s) => m.get(`hitscreen_molecules_processed_total{status="${s}"}`)),
    ).toEqual([10, 1, 0]);
    // 11 molecules in chunks of 8: two chunks, both done at the first attempt.
    expect(['pending', 'done', 'failed'].map((s) => m.get(`hitscreen_chunks{status="${s}"}`))).toEqual([
      0, 2, 0,
    ]);
    expect(m.get('hitscreen_chunk_retries_total')).toBe(0);
    expect(res.text).toMatch(/^# TYPE hitscreen_chunk_duration_seconds histogram$/m);
    expect(m.get('hitscreen_chunk_duration_seconds_count')).toBe(2);
    expect(m.get('hitscreen_chunk_duration_seconds_bucket{le="+Inf"}')).toBe(2);
    expect(m.get('hitscreen_chunk_duration_seconds_sum')).toBeGreaterThan(0);
    const buckets = [...m]
      .filter(([k]) => k.startsWith('hitscreen_chunk_duration_seconds_bucket'))
      .map(([, v]) => v);
    expect(buckets).toEqual([...buckets].sort((a, b) => a - b));
    expect(m.get('hitscreen_screens_submitted_total{source="upload"}')).toBe(1);
    expect(m.get('hitscreen_molecules_submitted_total')).toBe(11);
    expect(m.get('hitscreen_queue_jobs{state="waiting"}')).toBe(0);
    expect(m.get('hitscreen_queue_jobs{state="active"}')).toBe(0);
  });
});
