import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { listModels, modelDir, modelsDir } from './model-registry';
import { TOY_FIXTURES_DIR, TOY_MODEL_DIR } from './testing/toy-model';

describe('model registry', () => {
  const saved = process.env.HITSCREEN_MODELS_DIR;
  afterEach(() => {
    if (saved === undefined) delete process.env.HITSCREEN_MODELS_DIR;
    else process.env.HITSCREEN_MODELS_DIR = saved;
  });

  it('finds <repo>/models from source', () => {
    delete process.env.HITSCREEN_MODELS_DIR;
    expect(modelsDir()).toBe(resolve(__dirname, '../../../models'));
  });

  it('honours HITSCREEN_MODELS_DIR', () => {
    process.env.HITSCREEN_MODELS_DIR = TOY_FIXTURES_DIR;
    expect(modelsDir()).toBe(TOY_FIXTURES_DIR);
    expect(listModels().map((m) => m.name)).toEqual(['toy-model']);
  });

  it('lists model directories with their cards and resolves names', () => {
    const [toy] = listModels(TOY_FIXTURES_DIR);
    expect(toy).toMatchObject({ name: 'toy-model', dir: TOY_MODEL_DIR });
    expect(toy.card?.tasks).toHaveLength(3);
    expect(modelDir('toy-model', TOY_FIXTURES_DIR)).toBe(TOY_MODEL_DIR);
    expect(modelDir(TOY_MODEL_DIR)).toBe(TOY_MODEL_DIR);
    expect(() => modelDir('tox99', TOY_FIXTURES_DIR)).toThrow(
      `no model "tox99" in ${TOY_FIXTURES_DIR} (available: toy-model)`,
    );
    expect(listModels(mkdtempSync(join(tmpdir(), 'empty-')))).toEqual([]);
  });
});
