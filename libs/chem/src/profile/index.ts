export { profileRecord, type MoleculeProfile } from './profile-record';
export { fingerprintRecord, fingerprintStructure, type RecordFingerprint } from './fingerprint-record';
export { PROPS_COLUMNS, toPropsRow, type PropsRow } from './props-row';
export { featurizeRecord, featurizeStructure, type RecordFeatures } from './featurize-record';
export { profileAndFeaturizeRecord, type ProfiledAndFeaturized } from './profile-and-featurize';
