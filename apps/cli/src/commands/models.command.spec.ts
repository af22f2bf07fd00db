import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

// The CLI as a user runs it: the esbuild bundle that `npm test` builds first.
const root = join(__dirname, '../../../..');
const main = join(root, 'dist/cli/main.js');
const fixture = join(__dirname, '../../test-fixtures/bace-test-40.csv');

function cli(...args: string[]) {
  const result = spawnSync(process.execPath, [main, ...args], { cwd: root, encoding: 'utf8' });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('models eval', () => {
  it('reproduces the reference metrics on 40 molecules of the bace scaffold test split', () => {
    const run = cli('models', 'eval', 'bace', fixture, '--smiles-column', 'smiles');
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const report = JSON.parse(run.stdout);
    expect(report.model).toBe('bace');
    // 40 split rows + an invalid SMILES + an unlabelled molecule (test-fixtures/bace-test-40.md)
    expect(report.molecules).toEqual({ read: 42, scored: 41, invalid: 1 });
    const skipped = { invalid: 1, unlabelled: 1, badLabel: 0 };
    expect(report.tasks.pIC50).toMatchObject({ type: 'regression', n: 40, skipped });
    expect(report.tasks.active).toMatchObject({ type: 'classification', n: 40, positives: 34, skipped });
    // Reference: check_eval.py (numpy-executed ONNX members + scikit-learn), same molecules. ONNX Runtime and
    // numpy sum in different orders, so the ensemble means differ by ~1e-7; the metrics agree to 1e-6.
    expect(report.tasks.pIC50.rmse).toBeCloseTo(0.89636410773757, 6);
    expect(report.tasks.pIC50.mae).toBeCloseTo(0.5928587015327453, 6);
    expect(report.tasks.pIC50.r2).toBeCloseTo(0.34858784935810316, 6);
    expect(report.tasks.active.roc_auc).toBeCloseTo(0.7990196078431373, 6);
    expect(report.tasks.active.pr_auc).toBeCloseTo(0.9391563017246677, 6);
    expect(report.headline).toEqual({ name: 'mean ROC-AUC', value: report.tasks.active.roc_auc });
  });

  it("refuses a file without the model's label columns and an unknown model, with one line each", () => {
    const noLabels = cli('models', 'eval', 'esol', fixture);
    expect(noLabels.code).toBe(2);
    expect(noLabels.stderr).toMatch(/has none of model esol's label columns \(log_solubility_mol_per_l\)/);
    const unknown = cli('models', 'eval', 'nope', fixture);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr.trim().split('\n')).toHaveLength(1);
  });
});
