import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FEATURIZER_VERSION } from '@hitscreen/chem';
import { checkFeaturizerVersion, loadModel, releaseModels } from './model-loader';
import { readModelCard } from './model-card';
import { TOY_MODEL_DIR } from './testing/toy-model';

/** A copy of the toy model whose card is edited by `edit`. */
function toyCopy(edit: (card: Record<string, unknown>) => void): string {
  const dir = join(mkdtempSync(join(tmpdir(), 'model-')), 'toy');
  cpSync(TOY_MODEL_DIR, dir, { recursive: true });
  const card = JSON.parse(readFileSync(join(dir, 'card.json'), 'utf8')) as Record<string, unknown>;
  edit(card);
  writeFileSync(join(dir, 'card.json'), JSON.stringify(card));
  return dir;
}

afterAll(() => releaseModels());

describe('loadModel', () => {
  it('loads the card, one session per member and the training fingerprints', async () => {
    const model = await loadModel(TOY_MODEL_DIR);
    expect(model.name).toBe('toy-model');
    expect(model.members).toHaveLength(2);
    expect(model.members[0].inputNames).toEqual([
      'atom_features',
      'edge_index',
      'edge_features',
      'atom_mol',
      'mol_ones',
    ]);
    expect(model.domain.size).toBe(5);
    expect(model.executionProvider).toBe('cpu');
  });

  it('creates the sessions once per thread and reuses them', async () => {
    const [a, b] = await Promise.all([loadModel(TOY_MODEL_DIR), loadModel(TOY_MODEL_DIR)]);
    expect(a).toBe(b);
    expect(await loadModel(TOY_MODEL_DIR)).toBe(a);
    expect(await loadModel(TOY_MODEL_DIR, { intraOpNumThreads: 2 })).not.toBe(a);
  });

  it('refuses a model trained with another featurizer version', async () => {
    const dir = toyCopy((card) => (card.featurizerVersion = 'graph-1.aaaaaaaaaaaa'));
    await expect(loadModel(dir)).rejects.toThrow(
      `model toy-model was trained with featurizer graph-1.aaaaaaaaaaaa but this build featurizes with ${FEATURIZER_VERSION}`,
    );
    expect(() => checkFeaturizerVersion(readModelCard(TOY_MODEL_DIR), 'graph-1.bbbbbbbbbbbb')).toThrow(
      /but this build featurizes with graph-1.bbbbbbbbbbbb$/,
    );
    rmSync(dir, { recursive: true });
  });

  it('names a missing member or fingerprint file, and a fingerprint count that disagrees with the card', async () => {
    const missing = toyCopy(
      (card) => ((card.ensemble as { members: string[] }).members[1] = 'member-9.onnx'),
    );
    await expect(loadModel(missing)).rejects.toThrow(/member .*member-9.onnx listed in card.json is missing/);
    const count = toyCopy((card) => ((card.domain as { count: number }).count = 7));
    await expect(loadModel(count)).rejects.toThrow(/holds 5 fingerprints but the card's domain.count is 7/);
    await expect(loadModel(join(missing, 'nowhere'))).rejects.toThrow(/is not a model directory/);
  });

  it('refuses unknown execution providers and thread counts', async () => {
    await expect(loadModel(TOY_MODEL_DIR, { executionProvider: 'tpu' as 'cpu' })).rejects.toThrow(
      'unknown execution provider "tpu"',
    );
    await expect(loadModel(TOY_MODEL_DIR, { intraOpNumThreads: 0 })).rejects.toThrow(/positive integer/);
  });
});
