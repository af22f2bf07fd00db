/**
 * The properties whose distribution is compared with the training set's: the screen's result keys (props columns,
 * computed on the structure as given, as the screen stores them) and the names used in reports.
 */
export const DRIFT_PROPERTIES = [
  { name: 'mol_wt', label: 'MW' },
  { name: 'clogp', label: 'cLogP' },
  { name: 'tpsa', label: 'TPSA' },
  { name: 'hbd', label: 'HBD' },
  { name: 'hba', label: 'HBA' },
  { name: 'rot_bonds', label: 'rotatable bonds' },
  { name: 'rings', label: 'rings' },
] as const;

export type DriftPropertyName = (typeof DRIFT_PROPERTIES)[number]['name'];

export const DRIFT_PROPERTY_NAMES: readonly DriftPropertyName[] = DRIFT_PROPERTIES.map((p) => p.name);

export const propertyLabel = (name: string): string =>
  DRIFT_PROPERTIES.find((p) => p.name === name)?.label ?? name;
