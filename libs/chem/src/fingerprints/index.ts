export * from './morgan';
export * from './tanimoto';
export * from './fingerprint-library';
