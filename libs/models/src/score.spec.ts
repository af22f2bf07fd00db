import { loadModel, releaseModels, type LoadedModel } from './model-loader';
import { predictGraphs } from './predictor';
import { scoreSmiles } from './score';
import { TOY_MODEL_DIR } from './testing/toy-model';
import { featurizeStructure } from '@hitscreen/chem';

let model: LoadedModel;
beforeAll(async () => {
  model = await loadModel(TOY_MODEL_DIR);
});
afterAll(() => releaseModels());

describe('scoreSmiles', () => {
  it('scores the standardized parent, keeps order, reports failures in place', async () => {
    const scores = await scoreSmiles(model, ['[Na+].CC(=O)[O-]', 'C1CC', 'CCO'], { batchSize: 2 });
    expect(scores.map((s) => s.record)).toEqual([1, 2, 3]);
    expect(scores[0].parentSmiles).toBe('CC(=O)O');
    expect(scores[1].error).toBeTruthy();
    expect(scores[1].predictions).toBeUndefined();
    expect(scores[2].domain).toEqual({ maxSimilarity: 1, inDomain: true, nearest: 0 });
    // the salt scores exactly as its parent
    const [acid] = await predictGraphs(model, [(await featurizeStructure('CC(=O)O')).graph!]);
    scores[0].predictions!.forEach((p, t) => expect(Math.abs(p.value - acid[t].value)).toBeLessThan(1e-6));
    expect(scores[0].attribution).toBeUndefined();
  });

  it('adds attributions on request', async () => {
    const [score] = await scoreSmiles(model, ['Oc1ccccc1'], { attributions: true });
    expect(score.attribution?.atoms).toHaveLength(7);
  });
});
