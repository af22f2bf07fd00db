import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

// The CLI as a user runs it: the esbuild bundle that `npm test` builds first.
const root = join(__dirname, '../../../..');
const main = join(root, 'dist/cli/main.js');
const fixtures = join(root, 'libs/drift/test-fixtures');

function cli(...args: string[]) {
  const result = spawnSync(process.execPath, [main, ...args], { cwd: root, encoding: 'utf8' });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('models drift', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'drift-cli-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('prints the issue’s JSON for a gzipped SMILES file, invalid records counted and skipped', () => {
    const input = join(dir, 'macrocycles.smi.gz');
    const text = readFileSync(join(fixtures, 'shifted-macrocycles.smi'), 'utf8') + 'C1CC( broken\n';
    writeFileSync(input, gzipSync(text));
    const run = cli('models', 'drift', 'bbbp', input);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const report = JSON.parse(run.stdout);
    expect(Object.keys(report).slice(0, 5)).toEqual([
      'molecules',
      'outOfDomainRate',
      'properties',
      'drift',
      'reasons',
    ]);
    expect(report).toMatchObject({ molecules: 30, invalid: 1, drift: true, model: 'bbbp' });
    expect(report.properties.map((p: { name: string }) => p.name)).toEqual([
      'mol_wt',
      'clogp',
      'tpsa',
      'hbd',
      'hba',
      'rot_bonds',
      'rings',
    ]);
    expect(report.reasons.some((r: string) => r.startsWith('rings: PSI'))).toBe(true);
    expect(report.predictions).toEqual([]); // models drift measures inputs; a screen adds its predictions
    expect(report.invalidExamples[0]).toMatchObject({ record: 31, id: 'broken' });
  });

  it('refuses an unknown model and a file without a valid molecule, one line each', () => {
    const unknown = cli('models', 'drift', 'nope', join(fixtures, 'shifted-peptides.smi'));
    expect(unknown.code).toBe(2);
    expect(unknown.stderr.trim().split('\n')).toHaveLength(1);
    const empty = join(dir, 'broken.smi');
    writeFileSync(empty, 'C1CC( a\n');
    const none = cli('models', 'drift', 'bbbp', empty);
    expect(none.code).toBe(2);
    expect(none.stderr).toMatch(/no valid molecule to compare \(1 invalid record\(s\), e\.g\. record 1: /);
  });
});
