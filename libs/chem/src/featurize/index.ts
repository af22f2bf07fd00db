export { ATOM_FEATURE_DIM, BOND_FEATURE_DIM, ENCODING, FEATURIZER_VERSION } from './encoding';
export { featurizeGraph, type GraphTensors } from './graph-featurizer';
