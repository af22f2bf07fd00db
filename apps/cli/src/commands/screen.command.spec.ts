import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { loadRDKit, profileRecord, readRecords, toPropsRow } from '@hitscreen/chem';
import { loadModel, modelDir, readModelCard, scoreSmiles } from '@hitscreen/models';
import { exportColumns } from '@hitscreen/screen-report';

// Runs the bundle (`npm test` builds first), as a user does: the pipeline threads need the bundled thread file.
const root = join(__dirname, '../../../..');
const main = join(root, 'dist/cli/main.js');
// Four drugs and two invalid SMILES (apps/cli/test-fixtures/SOURCE.md).
const fixture = join(__dirname, '../../test-fixtures/mini.smi');
const MODELS = ['esol', 'bbbp'];

function cli(...args: string[]) {
  const result = spawnSync(process.execPath, [main, ...args], { cwd: root, encoding: 'utf8' });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** The output's rows as column → cell text (read back with the chem CSV reader), in file order. */
async function readCsv(path: string): Promise<Record<string, string>[]> {
  const rows: Record<string, string>[] = [];
  for await (const r of readRecords(path, { smilesColumn: 'input', idColumn: 'id' }))
    rows.push({ ...r.fields, input: r.structure, id: r.id });
  return rows;
}

describe('screen', () => {
  const dir = mkdtempSync(join(tmpdir(), 'hitscreen-screen-spec-'));
  const out = join(dir, 'results.csv');
  const report = join(dir, 'report.html');
  const db = join(dir, 'screen.sqlite');
  let run: ReturnType<typeof cli>;
  let rows: Record<string, string>[];

  beforeAll(async () => {
    run = cli(
      'screen',
      fixture,
      '-o',
      out,
      '--report',
      report,
      '--models',
      MODELS.join(','),
      '-t',
      '1',
      '--db',
      `sqlite:${db}`,
    );
    rows = await readCsv(out);
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('writes every record exactly once, the invalid ones with their reason, and a summary line', () => {
    expect(run.code).toBe(0);
    expect(rows.map((r) => Number(r.row)).sort((a, b) => a - b)).toEqual([1, 2, 3, 4, 5, 6]);
    const invalid = rows.filter((r) => r.status === 'invalid');
    expect(invalid.map((r) => r.id).sort()).toEqual(['broken_ring', 'unknown_element']);
    for (const r of invalid) {
      expect(r.error).toMatch(/^SMILES Parse Error/);
      expect(r.rank).toBe('');
      expect(r.desirability).toBe('');
    }
    expect(run.stderr).toMatch(
      /^screen: 6 molecules \(4 scored, 2 invalid, 0 failed\); 2 model\(s\); .* molecules\/s/m,
    );
  });

  it('has exactly the columns of the API export for these models', () => {
    const header = readFileSync(out, 'utf8').split('\n', 1)[0].split(',');
    const cards = MODELS.map((m) => readModelCard(modelDir(m)));
    expect(header).toEqual(
      exportColumns(cards.map((c) => ({ name: c.name, tasks: c.tasks.map((t) => t.name) }))),
    );
  });

  it('lists the scored rows by rank 1..n, with desirability never rising, before the invalid rows', () => {
    const ranked = rows.filter((r) => r.rank !== '');
    expect(ranked.map((r) => Number(r.rank))).toEqual([1, 2, 3, 4]);
    expect(rows.slice(0, 4)).toEqual(ranked);
    const desirability = ranked.map((r) => Number(r.desirability));
    for (let i = 1; i < desirability.length; i++)
      expect(desirability[i]).toBeLessThanOrEqual(desirability[i - 1]);
    expect(desirability.every((d) => d > 0 && d <= 1)).toBe(true);
  });

  it('gives the QED and the predictions that the chemistry and model libraries give for the same SMILES', async () => {
    await loadRDKit();
    const esol = await loadModel(modelDir('esol'));
    for (const r of rows.filter((x) => x.status === 'ok')) {
      const profile = profileRecord({ record: 1, id: r.id, structure: r.input, fields: {} });
      expect(Number(r.qed)).toBe(toPropsRow(profile).qed);
      // Models score the standardized parent, as the pipeline does.
      const [score] = await scoreSmiles(esol, [r.parent_smiles]);
      const prediction = score.predictions?.[0];
      expect(Number(r['esol.log_solubility_mol_per_l'])).toBeCloseTo(prediction?.value ?? NaN, 5);
      expect(Number(r['esol.log_solubility_mol_per_l.std'])).toBeCloseTo(prediction?.uncertainty ?? NaN, 5);
      expect(r['esol.in_domain']).toBe(String(score.domain?.inDomain));
    }
  });

  it('writes the HTML report with the top hit', () => {
    const html = readFileSync(report, 'utf8');
    expect(html.startsWith('<!DOCTYPE html>')).toBe(true);
    expect(html).toContain('<title>Screen mini.smi</title>');
    expect(html).toContain(`#1 ${rows[0].id}`);
    expect(html).toContain(rows[0].parent_smiles);
  });

  it('keeps the screen in the --db database as an ordinary completed screen', () => {
    const sqlite = new Database(db, { readonly: true });
    try {
      const screen = sqlite.prepare('SELECT status, total, done, invalid FROM screen').all();
      expect(screen).toEqual([{ status: 'completed', total: 6, done: 6, invalid: 2 }]);
      const results = sqlite.prepare('SELECT COUNT(*) AS n FROM screen_result').get() as { n: number };
      expect(results.n).toBe(6);
    } finally {
      sqlite.close();
    }
  });

  it('writes SDF by extension, with the same rows in the same order on two threads, and reads it back', async () => {
    const sdf = join(dir, 'hits.sdf');
    expect(cli('screen', fixture, '-o', sdf, '--models', MODELS.join(','), '-t', '2').code).toBe(0);
    const entries = readFileSync(sdf, 'utf8').split('$$$$\n').filter(Boolean);
    const field = (entry: string, name: string) => new RegExp(`> <${name}>\n(.*)\n`).exec(entry)?.[1];
    expect(
      entries.map((e) => [
        field(e, 'row'),
        field(e, 'desirability'),
        field(e, 'esol.log_solubility_mol_per_l'),
      ]),
    ).toEqual(
      rows.map((r) => [r.row, r.desirability || undefined, r['esol.log_solubility_mol_per_l'] || undefined]),
    );
    expect(entries[0]).toMatch(new RegExp(`^${rows[0].id}\n.*V2000\n`, 's'));

    // The SDF read back as a library (SDF input): the same molecules, ids and scores; the empty entries of the
    // invalid rows are invalid again.
    const again = join(dir, 'again.csv');
    expect(cli('screen', sdf, '-o', again, '--models', 'esol', '-t', '1').code).toBe(0);
    // Same ids and parents; predictions equal up to float32 summation order (other batch neighbours). Properties are
    // not compared: they are computed on the input structure, which is now the parent.
    const reread = await readCsv(again);
    const scored = (list: Record<string, string>[]) =>
      list.filter((r) => r.status === 'ok').sort((a, b) => a.id.localeCompare(b.id));
    expect(scored(reread).map((r) => [r.id, r.parent_smiles])).toEqual(
      scored(rows).map((r) => [r.id, r.parent_smiles]),
    );
    scored(reread).forEach((r, i) =>
      expect(Number(r['esol.log_solubility_mol_per_l'])).toBeCloseTo(
        Number(scored(rows)[i]['esol.log_solubility_mol_per_l']),
        5,
      ),
    );
    expect(reread.filter((r) => r.status === 'invalid').map((r) => [r.id, r.error])).toEqual([
      ['broken_ring', 'structure has no atoms'],
      ['unknown_element', 'structure has no atoms'],
    ]);
  });

  it('refuses bad options with a one-line reason and exit code 2, before any work', () => {
    const x = join(dir, 'x.csv');
    const cases: [string[], RegExp][] = [
      [['--models', 'esol,nope'], /unknown model\(s\) nope/],
      [['--models', 'esol', '--weights', 'bace.pIC50=2'], /weight on "bace.pIC50": not a desirability term/],
      [['--weights', 'qed=-1'], /--weights: "qed=-1"/],
      [['-t', '0'], /--threads must be a positive integer/],
      [['--db', 'mysql://x'], /--db must be sqlite:<path> or postgres/],
    ];
    for (const [args, message] of cases) {
      const r = cli('screen', fixture, '-o', x, ...args);
      expect({ code: r.code, stderr: r.stderr }).toEqual({ code: 2, stderr: expect.stringMatching(message) });
    }
    expect(cli('screen', fixture, '-o', join(dir, 'x.json')).code).toBe(2);
  });
});
