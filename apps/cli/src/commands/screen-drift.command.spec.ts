import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { readRecords } from '@hitscreen/chem';
import { exportColumns } from '@hitscreen/screen-report';

// Runs the bundle (`npm test` builds first), as screen.command.spec.ts does: the threads need the bundled file.
const root = join(__dirname, '../../../..');
const main = join(root, 'dist/cli/main.js');
const mini = join(__dirname, '../../test-fixtures/mini.smi');
// libs/drift/test-fixtures/SOURCE.md: BBBP held-out molecules (must not drift) and 30 linear peptides (must).
const driftFixtures = join(root, 'libs/drift/test-fixtures');
const WARNING = 'Warning: this library drifted from the training data';

function cli(...args: string[]) {
  const result = spawnSync(process.execPath, [main, ...args], { cwd: root, encoding: 'utf8' });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** The screen_drift rows the command stored in its --db database: model and drift per screen. */
function storedDrift(db: string): { model: string; drift: boolean; molecules: number }[] {
  const sqlite = new Database(db, { readonly: true });
  try {
    return (
      sqlite.prepare('SELECT model, report FROM screen_drift').all() as { model: string; report: string }[]
    ).map((r) => {
      const report = JSON.parse(r.report) as { drift: boolean; molecules: number };
      return { model: r.model, drift: report.drift, molecules: report.molecules };
    });
  } finally {
    sqlite.close();
  }
}

describe('screen --models none (properties only)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'hitscreen-screen-props-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('runs the pipeline with no model: the export columns without predictions, ranked by QED and alerts', async () => {
    const out = join(dir, 'props.csv');
    const report = join(dir, 'props.html');
    const run = cli('screen', mini, '-o', out, '--report', report, '--models', 'none', '-t', '1');
    expect(run.code).toBe(0);
    expect(run.stderr).toMatch(/^screen: 6 molecules \(4 scored, 2 invalid, 0 failed\); 0 model\(s\); /m);
    expect(readFileSync(out, 'utf8').split('\n', 1)[0].split(',')).toEqual(exportColumns([]));
    const rows: Record<string, string>[] = [];
    for await (const r of readRecords(out, { smilesColumn: 'input', idColumn: 'id' })) rows.push(r.fields);
    const ranked = rows.filter((r) => r.rank !== '');
    expect(ranked.map((r) => Number(r.rank))).toEqual([1, 2, 3, 4]);
    expect(ranked.every((r) => Number(r.qed) > 0 && Number(r.desirability) > 0)).toBe(true);
    const html = readFileSync(report, 'utf8');
    expect(html).toContain('<title>Screen mini.smi</title>');
    expect(html).not.toContain(WARNING);
  });
});

describe('screen --report: the drift warning of the API report', () => {
  const dir = mkdtempSync(join(tmpdir(), 'hitscreen-screen-drift-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  function screen(input: string, name: string) {
    const db = join(dir, `${name}.sqlite`);
    const report = join(dir, `${name}.html`);
    const run = cli(
      'screen',
      input,
      '-o',
      join(dir, `${name}.csv`),
      '--report',
      report,
      '--models',
      'bbbp',
      '-t',
      '1',
      '--db',
      `sqlite:${db}`,
    );
    return { run, html: readFileSync(report, 'utf8'), drift: storedDrift(db) };
  }

  it('warns when the library drifted (linear peptides against BBBP), with the reasons', () => {
    const { run, html, drift } = screen(join(driftFixtures, 'shifted-peptides.smi'), 'peptides');
    expect(run.code).toBe(0);
    expect(drift).toEqual([{ model: 'bbbp', drift: true, molecules: 30 }]);
    expect(html).toContain(WARNING);
    expect(run.stderr).toContain('screen: this library drifted from the training data of bbbp;');
    const warning = /<div class="drift-warning"[\s\S]*?<\/div>/.exec(html)?.[0] ?? '';
    expect(warning).toContain('<b>bbbp</b> (30 molecules');
    expect(warning).toMatch(/PSI|population stability|out-of-domain/i);
  }, 120_000);

  it('does not warn for a library drawn from the training distribution (BBBP held-out molecules)', () => {
    const { run, html, drift } = screen(join(driftFixtures, 'bbbp-held-out.csv'), 'held-out');
    expect(run.code).toBe(0);
    // Drift was counted (so the missing warning means "no drift", not "not recorded").
    expect(drift).toEqual([{ model: 'bbbp', drift: false, molecules: expect.any(Number) }]);
    expect(drift[0].molecules).toBeGreaterThan(400);
    expect(html).not.toContain(WARNING);
    expect(run.stderr).not.toMatch(/drifted|drift not recorded/);
  }, 300_000);
});
