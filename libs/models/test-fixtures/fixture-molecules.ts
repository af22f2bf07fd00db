/**
 * The toy model's fixture molecules. They cover the featurizer's corner cases that a batch must survive: a
 * molecule with no bonds (methane: zero edges), a salt (scored as its parent, acetic acid), stereo, aromatics.
 */
export const FIXTURE_SMILES = [
  'CCO',
  'Oc1ccccc1',
  'CC(=O)Oc1ccccc1C(=O)O',
  'C',
  '[Na+].CC(=O)[O-]',
  'Cn1cnc2c1c(=O)n(C)c(=O)n2C',
  'C[C@H](N)C(=O)O',
  'Clc1ccc(cc1)C(c1ccc(Cl)cc1)C(Cl)(Cl)Cl',
] as const;

/** The toy model's "training set" for the applicability domain: the first three plus two others. */
export const FIXTURE_TRAINING_SMILES = [
  'CCO',
  'Oc1ccccc1',
  'CC(=O)Oc1ccccc1C(=O)O',
  'CC(C)Cc1ccc(cc1)C(C)C(=O)O',
  'c1ccc2ccccc2c1',
] as const;
