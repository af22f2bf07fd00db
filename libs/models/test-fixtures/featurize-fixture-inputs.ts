// Writes the featurized fixture molecules as JSON for make_fixture_model.py, so the toy model's stored PyTorch
// outputs (parity.json) are computed on exactly what the TypeScript featurizer produces. Run by make-fixture.sh.
import { writeFileSync } from 'node:fs';
import { ATOM_FEATURE_DIM, BOND_FEATURE_DIM, FEATURIZER_VERSION, featurizeStructure } from '@hitscreen/chem';
import { FIXTURE_SMILES, FIXTURE_TRAINING_SMILES } from './fixture-molecules';

async function main(): Promise<void> {
  const out = process.argv[2];
  if (!out) throw new Error('usage: featurize-fixture-inputs <out.json>');
  const featurize = async (smiles: string) => {
    const f = await featurizeStructure(smiles);
    if (!f.graph || !f.fingerprint) throw new Error(`${smiles}: ${f.error}`);
    return { ...f, graph: f.graph, fingerprint: f.fingerprint };
  };
  const molecules = [];
  for (const smiles of FIXTURE_SMILES) {
    const { parentSmiles, graph } = await featurize(smiles);
    molecules.push({
      smiles,
      parentSmiles,
      numAtoms: graph.numAtoms,
      numEdges: graph.numEdges,
      atomFeatures: Array.from(graph.atomFeatures),
      edgeIndex: Array.from(graph.edgeIndex, Number),
      edgeFeatures: Array.from(graph.edgeFeatures),
    });
  }
  const training = [];
  for (const smiles of FIXTURE_TRAINING_SMILES) {
    training.push({
      smiles,
      fingerprint: Buffer.from((await featurize(smiles)).fingerprint).toString('hex'),
    });
  }
  const json = {
    featurizerVersion: FEATURIZER_VERSION,
    atomDim: ATOM_FEATURE_DIM,
    bondDim: BOND_FEATURE_DIM,
    molecules,
    training,
  };
  writeFileSync(out, JSON.stringify(json));
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
