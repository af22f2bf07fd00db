// Public API of the chemistry library: the only module in the workspace that talks to RDKit.
export { describeRDKitFailure, loadRDKit, rdkitNeedsReload } from './rdkit';
export { mapRecordsWithRDKit } from './rdkit-records';
export type { InputRecord } from './records';
export { InputError, RecordError } from './errors';
export * from './io';
export * from './standardize';
export * from './properties';
export * from './alerts';
export * from './fingerprints';
export * from './featurize';
export * from './depict';
export * from './profile';
export * from './pool';
