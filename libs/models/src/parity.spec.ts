import { listModels, modelsDir } from './model-registry';
import { loadModel, releaseModels } from './model-loader';
import { checkParity, readParity } from './parity';
import { TOY_MODEL_DIR } from './testing/toy-model';

/**
 * The contract's parity test, for the toy model and for every trained model under models/: onnxruntime-node
 * against the PyTorch outputs stored at export (1e-4), this build's featurizer against the stored inputs (exact
 * integers, 1e-6 floats), and the whole serving path against the stored ensemble mean (1e-4).
 */
const trained = listModels(modelsDir()).map((m) => [m.name, m.dir] as const);
const models: (readonly [string, string])[] = [['toy-model (fixture)', TOY_MODEL_DIR], ...trained];

afterAll(() => releaseModels());

describe.each(models)('parity of %s', (_name, dir) => {
  it('agrees with the stored PyTorch outputs and inputs', async () => {
    const model = await loadModel(dir);
    const parity = readParity(model);
    expect(parity.outputs).toHaveLength(model.members.length);
    const report = await checkParity(model, parity);
    expect(report.molecules).toBe(parity.smiles.length);
    expect(report.onnxMaxAbsDiff).toBeLessThan(1e-4);
    expect(report.inputs.firstProblem).toBeUndefined();
    expect(report.inputs).toMatchObject({ sameShapes: true, intMismatches: 0 });
    expect(report.inputs.floatMaxAbsDiff).toBeLessThanOrEqual(1e-6);
    expect(report.endToEndMaxAbsDiff).toBeLessThan(1e-4);
  });
});
