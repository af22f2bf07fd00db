import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const root = join(__dirname, '../../../..');
const main = join(root, 'dist/cli/main.js');
const fixture = join(__dirname, '../../test-fixtures/bace-test-40.csv');

function cli(...args: string[]) {
  const result = spawnSync(process.execPath, [main, ...args], { cwd: root, encoding: 'utf8' });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('predict --threads', () => {
  it('the worker pool writes exactly what one thread writes, in input order', () => {
    const dir = mkdtempSync(join(tmpdir(), 'hitscreen-predict-'));
    const outputs = ['1', '2'].map((threads) => {
      const out = join(dir, `predict-${threads}.csv`);
      // small batches so the 42 records make several pool tasks and ONNX runs
      const run = cli(
        'predict',
        fixture,
        '-o',
        out,
        '--models',
        'bace,tox21',
        '-t',
        threads,
        '--batch-size',
        '8',
      );
      expect(run.code).toBe(0);
      return readFileSync(out, 'utf8');
    });
    expect(outputs[1]).toBe(outputs[0]);
    const lines = outputs[0].trim().split('\n');
    expect(lines).toHaveLength(43);
    expect(lines[1]).toMatch(/^1,BACE_11,/);
    expect(lines[41]).toMatch(/^41,BACE_invalid_smiles,,.*SMILES Parse Error/);
    expect(cli('predict', fixture, '-o', join(dir, 'x.csv'), '-t', '0').code).toBe(2);
  });
});
