import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FEATURIZER_VERSION } from '@hitscreen/chem';
import { loadModel, releaseModels } from './model-loader';
import { checkParity, readParity } from './parity';

/**
 * CI's smoke training, so the training code cannot rot (the models themselves are not retrained in CI): the
 * committed 200-molecule ESOL fixture is featurized by the TypeScript featurizer (the esbuild bundle that
 * `npm test` builds first), trained with Debian's PyTorch for one epoch and one member, exported, and the export
 * is checked against PyTorch with onnxruntime-node, as the committed models are in parity.spec.ts. Everything
 * happens in a temporary directory. It is a Jest spec rather than a separate CI step so that it runs with the
 * README's test command and reuses the TypeScript parity check.
 */
const root = join(__dirname, '../../..');
const python = process.env.HITSCREEN_PYTHON ?? '/usr/bin/python3';
const featurizer = join(root, 'dist/models/featurize-datasets.js');
const fixture = join(root, 'models/training/fixtures/esol-200.csv');

function run(command: string, args: string[]) {
  const result = spawnSync(command, args, { cwd: root, encoding: 'utf8' });
  if (result.status !== 0)
    throw new Error(
      `${command} ${args.join(' ')} exited with ${result.status}:\n${result.stderr || result.stdout}`,
    );
  return result.stdout;
}

describe('smoke training (1 member, 1 epoch, 200 molecules)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'hitscreen-smoke-'));
  afterAll(async () => {
    await releaseModels();
    rmSync(dir, { recursive: true, force: true });
  });

  it('featurizes, trains, exports, and the ONNX member agrees with PyTorch', async () => {
    // Not a skip: CI installs these (.ci/run APT_PACKAGES), so their absence is a broken environment.
    const probe = spawnSync(python, ['-c', 'import torch, onnx, sklearn, rdkit'], { encoding: 'utf8' });
    if (probe.status !== 0) {
      const reason =
        probe.error?.message ?? (probe.stderr.trim().split('\n').pop() || `exit status ${probe.status}`);
      throw new Error(
        `${python} cannot import torch, onnx, sklearn and rdkit (${reason}): install the Debian packages ` +
          'python3-torch python3-onnx python3-sklearn python3-rdkit (.ci/run does)',
      );
    }
    if (!existsSync(featurizer)) throw new Error(`${featurizer} is missing: run \`npm run build\` first`);

    // The featurizer reads <datasets>/esol.csv: the fixture stands in for the full set.
    copyFileSync(fixture, join(dir, 'esol.csv'));
    run(process.execPath, [featurizer, 'esol', '--datasets', dir, '--out', join(dir, 'features')]);
    const out = join(dir, 'model');
    run(python, [
      'models/training/train.py',
      '--dataset',
      'esol',
      '--members',
      '1',
      '--epochs',
      '1',
      '--max-molecules',
      '200',
      '--rf-trees',
      '20',
      '--features-dir',
      join(dir, 'features'),
      '--datasets-dir',
      dir,
      '--out',
      out,
    ]);

    const card = JSON.parse(readFileSync(join(out, 'card.json'), 'utf8'));
    expect(card.featurizerVersion).toBe(FEATURIZER_VERSION);
    expect(card.split.sizes.train + card.split.sizes.valid + card.split.sizes.test).toBe(200);
    expect(card.ensemble.members).toEqual(['member-0.onnx']);
    expect(Number.isFinite(card.metrics.test.log_solubility_mol_per_l.rmse)).toBe(true);
    expect(Number.isFinite(card.baseline.headline.value)).toBe(true);

    const model = await loadModel(out);
    const report = await checkParity(model, readParity(model));
    expect(report.onnxMaxAbsDiff).toBeLessThan(1e-4);
    expect(report.inputs.firstProblem).toBeUndefined();
    expect(report.endToEndMaxAbsDiff).toBeLessThan(1e-4);
  }, 180_000);
});
