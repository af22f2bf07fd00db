export {
  findStructuralAlerts,
  painsNames,
  brenkNames,
  structuralAlertCatalog,
  type StructuralAlert,
} from './alerts';
export {
  ALERT_CATALOGS,
  readFilterDefinitions,
  type AlertCatalogName,
  type SubstructureDefinition,
} from './filter-definitions';
export { SubstructureCatalog, type CompileOptions, type MatchOptions } from './substructure-catalog';
export { mergeQueryHs } from './merge-query-hs';
