export * from './rdkit-descriptors';
export * from './descriptors';
export * from './rules';
// qed exported by the QED module
export * from './qed';
