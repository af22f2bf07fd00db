import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

// The CLI as a user runs it: the esbuild bundle that `npm test` builds first.
const root = join(__dirname, '../../..');
const main = join(root, 'dist/cli/main.js');
const fixture = join(__dirname, '../test-fixtures/mini.smi');

function cli(...args: string[]) {
  const result = spawnSync(process.execPath, [main, ...args], { cwd: root, encoding: 'utf8' });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** Minimal CSV parsing for the test (the writer quotes fields containing commas, quotes or newlines). */
function parseCsv(text: string): Record<string, string>[] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  const endCell = () => {
    row.push(cell);
    cell = '';
  };
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted && c === '"' && text[i + 1] === '"') {
      cell += '"';
      i++;
    } else if (c === '"') {
      quoted = !quoted;
    } else if (!quoted && c === ',') {
      endCell();
    } else if (!quoted && c === '\n') {
      endCell();
      rows.push(row);
      row = [];
    } else if (c !== '\r' || quoted) {
      cell += c;
    }
  }
  const [header, ...body] = rows;
  return body.map((cells) => Object.fromEntries(header.map((h, i) => [h, cells[i]])));
}

describe('hitscreen CLI', () => {
  const dir = mkdtempSync(join(tmpdir(), 'hitscreen-cli-'));

  it('props writes one row per record, errors in their own rows, in input order', () => {
    for (const threads of ['1', '2']) {
      const out = join(dir, `props-${threads}.csv`);
      const run = cli('props', fixture, '-o', out, '-t', threads);
      expect(run.code).toBe(0);
      const rows = parseCsv(readFileSync(out, 'utf8'));
      expect(rows.map((r) => r.id)).toEqual([
        'aspirin',
        'caffeine',
        'broken_ring',
        'ibuprofen_sodium',
        'unknown_element',
        'catechol',
      ]);
      expect(rows.map((r) => Number(r.record))).toEqual([1, 2, 3, 4, 5, 6]);
      const byId = Object.fromEntries(rows.map((r) => [r.id, r]));
      expect(Number(byId.aspirin.mol_wt)).toBeCloseTo(180.159, 2);
      expect(byId.aspirin.error).toBe('');
      expect(byId.aspirin.inchikey).toBe('BSYNRYMUTXBXSQ-UHFFFAOYSA-N');
      expect(byId.ibuprofen_sodium.parent_smiles).toBe('CC(C)Cc1ccc(C(C)C(=O)O)cc1');
      expect(byId.catechol.pains).toContain('catechol_A');
      expect(byId.broken_ring.error).toMatch(/SMILES Parse Error/);
      expect(byId.unknown_element.error).toMatch(/SMILES Parse Error/);
      expect(run.stderr).toMatch(/2 record\(s\) could not be processed/);
    }
  });

  it('similar ranks the query itself first', () => {
    const run = cli('similar', 'CC(=O)Oc1ccccc1C(=O)O', fixture, '-k', '2', '--json');
    expect(run.code).toBe(0);
    const result = JSON.parse(run.stdout) as { hits: { id: string; similarity: number }[]; skipped: number };
    expect(result.hits[0]).toEqual({ index: 0, id: 'aspirin', similarity: 1 });
    expect(result.hits).toHaveLength(2);
    expect(result.skipped).toBe(2);
  });

  it('depict writes an SVG with highlights', () => {
    const out = join(dir, 'aspirin.svg');
    const run = cli('depict', 'CC(=O)Oc1ccccc1C(=O)O', '-o', out, '--highlight', '1,2,3');
    expect(run.code).toBe(0);
    expect(readFileSync(out, 'utf8')).toMatch(/<svg[\s\S]*#FF7F7F/);
  });

  it('models list shows every trained model with its headline metric', () => {
    const run = cli('models', 'list', '--json');
    expect(run.code).toBe(0);
    const models = JSON.parse(run.stdout) as {
      name: string;
      headline: { name: string; value: number };
      error?: string;
    }[];
    expect(models.map((m) => m.name)).toEqual(['bace', 'bbbp', 'clintox', 'esol', 'lipophilicity', 'tox21']);
    for (const m of models) {
      expect(m.error).toBeUndefined();
      expect(Number.isFinite(m.headline.value)).toBe(true);
    }
  });

  it('predict writes predictions, spread and domain per record, errors in their rows', () => {
    const out = join(dir, 'predict.csv');
    const run = cli('predict', fixture, '-o', out, '--models', 'esol,bbbp');
    expect(run.code).toBe(0);
    const rows = parseCsv(readFileSync(out, 'utf8'));
    expect(rows.map((r) => r.id)).toEqual([
      'aspirin',
      'caffeine',
      'broken_ring',
      'ibuprofen_sodium',
      'unknown_element',
      'catechol',
    ]);
    const aspirin = rows[0];
    const logS = Number(aspirin['esol.log_solubility_mol_per_l']);
    expect(logS).toBeGreaterThan(-4);
    expect(logS).toBeLessThan(0); // aspirin: measured log S about -1.7
    expect(Number(aspirin['bbbp.p_np'])).toBeGreaterThanOrEqual(0);
    expect(Number(aspirin['bbbp.p_np'])).toBeLessThanOrEqual(1);
    expect(Number(aspirin['esol.log_solubility_mol_per_l.std'])).toBeGreaterThan(0);
    expect(['true', 'false']).toContain(aspirin['esol.in_domain']);
    expect(rows[2]['esol.log_solubility_mol_per_l']).toBe('');
    expect(rows[2].error).toMatch(/SMILES Parse Error/);
    // the sodium salt is scored as its parent acid
    expect(rows[3].parent_smiles).toBe('CC(C)Cc1ccc(C(C)C(=O)O)cc1');
    expect(cli('predict', fixture, '-o', out, '--models', 'nope').code).toBe(2);
  });

  it('fails with one line and a non-zero code on usage and file errors', () => {
    const missing = cli('props', join(dir, 'nope.smi'), '-o', join(dir, 'x.csv'));
    expect(missing.code).toBe(3);
    expect(missing.stderr.trim().split('\n')).toHaveLength(1);
    const badK = cli('similar', 'CCO', fixture, '-k', 'zero');
    expect(badK.code).toBe(2);
    expect(badK.stderr).toMatch(/-k must be a positive integer/);
    const badSmiles = cli('depict', 'C1CC(', '-o', join(dir, 'bad.svg'));
    expect(badSmiles.code).toBe(2);
    expect(badSmiles.stderr).toMatch(/cannot depict/);
    const noOutput = cli('props', fixture);
    expect(noOutput.code).toBe(2);
  });
});
