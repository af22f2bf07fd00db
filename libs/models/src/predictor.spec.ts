import { featurizeStructure, type GraphTensors } from '@hitscreen/chem';
import { FIXTURE_SMILES } from '../test-fixtures/fixture-molecules';
import { loadModel, releaseModels, type LoadedModel } from './model-loader';
import { readParity } from './parity';
import { predictGraphs } from './predictor';
import { TOY_MODEL_DIR } from './testing/toy-model';

let model: LoadedModel;
let graphs: GraphTensors[];
beforeAll(async () => {
  model = await loadModel(TOY_MODEL_DIR);
  graphs = [];
  for (const smiles of FIXTURE_SMILES) graphs.push((await featurizeStructure(smiles)).graph!);
});
afterAll(() => releaseModels());

describe('predictGraphs', () => {
  it('returns the ensemble mean and population standard deviation of the stored member outputs', async () => {
    const parity = readParity(model);
    const predictions = await predictGraphs(model, graphs);
    expect(predictions).toHaveLength(FIXTURE_SMILES.length);
    predictions.forEach((row, m) => {
      expect(row.map((p) => p.task)).toEqual(['toy-active', 'toy-other', 'toy-logS']);
      row.forEach((p, t) => {
        const members = parity.outputs.map((output) => output[m][t]);
        const mean = members.reduce((a, b) => a + b) / members.length;
        const std = Math.sqrt(members.reduce((a, v) => a + (v - mean) ** 2, 0) / members.length);
        expect(Math.abs(p.value - mean)).toBeLessThan(1e-4);
        expect(Math.abs(p.uncertainty - std)).toBeLessThan(1e-4);
      });
    });
  });

  it('flags classification tasks active at the card threshold and leaves regression unflagged', async () => {
    const [row] = await predictGraphs(model, graphs.slice(0, 1));
    expect(row[0].active).toBe(row[0].value >= 0.5);
    expect(row[1].active).toBe(row[1].value >= 0.3);
    expect(row[2]).not.toHaveProperty('active');
    expect(row[2].type).toBe('regression');
  });

  it('gives the same result whatever the batch size (batching invariance)', async () => {
    const reference = await predictGraphs(model, graphs, { batchSize: 1 });
    for (const batchSize of [2, 3, 8, 256]) {
      const batched = await predictGraphs(model, graphs, { batchSize });
      batched.forEach((row, m) =>
        row.forEach((p, t) => {
          expect(Math.abs(p.value - reference[m][t].value)).toBeLessThan(1e-5);
          expect(Math.abs(p.uncertainty - reference[m][t].uncertainty)).toBeLessThan(1e-5);
        }),
      );
    }
    // the same molecule repeated in a batch gets the same prediction at every position
    const repeated = await predictGraphs(model, [graphs[2], graphs[3], graphs[2]], { batchSize: 3 });
    repeated[2].forEach((p, t) => expect(Math.abs(p.value - repeated[0][t].value)).toBeLessThan(1e-6));
  });

  it('refuses graphs from another featurizer version', async () => {
    await expect(predictGraphs(model, [{ ...graphs[0], version: 'graph-1.000000000000' }])).rejects.toThrow(
      /featurized with graph-1.000000000000/,
    );
  });

  it('scores an empty list without running anything', async () => {
    expect(await predictGraphs(model, [])).toEqual([]);
  });
});
