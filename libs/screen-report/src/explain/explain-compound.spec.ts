import { join } from 'node:path';
import { loadModel, modelsDir, releaseModels, type LoadedModel } from '@hitscreen/models';
import { DEFAULT_HIGHLIGHT_COLORS } from './highlight-colors';
import { explainCompound, ExplanationError } from './explain-compound';

let model: LoadedModel;
beforeAll(async () => {
  model = await loadModel(join(modelsDir(), 'esol'));
});
afterAll(() => releaseModels());

describe('explainCompound', () => {
  it('attributes every parent atom, highlights the driving and the alert atoms in one depiction', async () => {
    // nitrobenzaldehyde: Brenk alerts (nitro, aldehyde) on a small molecule the solubility model scores
    const smiles = 'O=Cc1ccc(cc1)[N+](=O)[O-]';
    const explanation = await explainCompound(smiles, model);
    expect(explanation.model).toBe('esol');
    expect(explanation.task).toBe(model.card.tasks[0].name);
    expect(explanation.atomWeights).toHaveLength(11);
    expect(Number.isFinite(explanation.prediction)).toBe(true);
    expect(explanation.drivingAtoms.length).toBeGreaterThan(0);
    for (const atom of explanation.drivingAtoms) expect(explanation.atomWeights[atom]).toBeGreaterThan(0);
    const alertNames = explanation.alerts.map((a) => a.name);
    expect(alertNames.length).toBeGreaterThan(0);
    for (const alert of explanation.alerts) for (const atom of alert.atoms) expect(atom).toBeLessThan(11);
    expect(explanation.svg).toMatch(/^<\?xml[\s\S]*<svg[\s\S]*<\/svg>\s*$/);
    const colours = Object.values(DEFAULT_HIGHLIGHT_COLORS).filter((c) => explanation.svg.includes(c));
    expect(colours.length).toBeGreaterThanOrEqual(2);
  });

  it('refuses a task the model does not have', async () => {
    await expect(explainCompound('CCO', model, { task: 'nope' })).rejects.toThrow(ExplanationError);
  });
});
