import { featurizeStructure } from '@hitscreen/chem';
import { attributeAtoms, maskAtom } from './attribution';
import { loadModel, releaseModels, type LoadedModel } from './model-loader';
import { predictGraphs } from './predictor';
import { TOY_MODEL_DIR } from './testing/toy-model';

let model: LoadedModel;
beforeAll(async () => {
  model = await loadModel(TOY_MODEL_DIR);
});
afterAll(() => releaseModels());

describe('attributeAtoms', () => {
  it('gives one row per parent atom and one column per task, relative to the unmasked prediction', async () => {
    const graph = (await featurizeStructure('CC(=O)Oc1ccccc1C(=O)O'))!.graph!;
    const attribution = await attributeAtoms(model, graph);
    expect(attribution.tasks).toEqual(['toy-active', 'toy-other', 'toy-logS']);
    expect(attribution.atoms).toHaveLength(13);
    for (const row of attribution.atoms) expect(row).toHaveLength(3);
    const [unmasked] = await predictGraphs(model, [graph]);
    unmasked.forEach((p, t) => expect(Math.abs(p.value - attribution.prediction[t])).toBeLessThan(1e-5));
    // masking an atom changes the prediction: every atom has a non-zero effect on some task
    for (const row of attribution.atoms) expect(Math.max(...row.map(Math.abs))).toBeGreaterThan(1e-7);
    // and the attribution is exactly prediction minus the masked molecule's own prediction
    const [masked] = await predictGraphs(model, [maskAtom(graph, 4, model.atomDim)]);
    masked.forEach((p, t) =>
      expect(Math.abs(attribution.prediction[t] - p.value - attribution.atoms[4][t])).toBeLessThan(1e-5),
    );
  });

  it('does not depend on how the masked variants are batched', async () => {
    const graph = (await featurizeStructure('Clc1ccc(cc1)C(c1ccc(Cl)cc1)C(Cl)(Cl)Cl'))!.graph!;
    const one = await attributeAtoms(model, graph);
    const chunked = await attributeAtoms(model, graph, { batchSize: 4 });
    chunked.atoms.forEach((row, a) =>
      row.forEach((v, t) => expect(Math.abs(v - one.atoms[a][t])).toBeLessThan(1e-5)),
    );
  });

  it('leaves the input graph untouched', async () => {
    const graph = (await featurizeStructure('CCO'))!.graph!;
    const before = graph.atomFeatures.slice();
    await attributeAtoms(model, graph);
    expect(graph.atomFeatures).toEqual(before);
  });
});
