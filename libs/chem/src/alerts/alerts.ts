import { rdkit, rdkitGeneration, type Mol } from '../rdkit';
import { ALERT_CATALOGS, readFilterDefinitions, type AlertCatalogName } from './filter-definitions';
import { SubstructureCatalog } from './substructure-catalog';

/** One matching PAINS/Brenk entry; `atoms` holds the 0-based atom indices of each unique match. */
export interface StructuralAlert {
  catalog: AlertCatalogName;
  name: string;
  atoms: number[][];
}

let alertCatalog: { generation: number; catalog: SubstructureCatalog } | undefined;

/**
 * PAINS A/B/C and Brenk in one catalog, compiled on first use in this thread and again after RDKit's instance
 * was replaced (its query molecules live in the instance). RDKit must be loaded.
 */
export function structuralAlertCatalog(): SubstructureCatalog {
  if (alertCatalog?.generation !== rdkitGeneration())
    alertCatalog = {
      generation: rdkitGeneration(),
      catalog: SubstructureCatalog.compile(rdkit(), ALERT_CATALOGS.flatMap(readFilterDefinitions)),
    };
  return alertCatalog.catalog;
}

/**
 * The PAINS and Brenk entries that match, in catalog order (PAINS_A, PAINS_B, PAINS_C, Brenk; file order
 * within each), like RDKit's FilterCatalog on the molecule as given (salts included, no parent selection).
 * `patternFp` is `mol.get_pattern_fp_as_uint8array()`, computed once by the caller.
 */
export function findStructuralAlerts(mol: Mol, patternFp: Uint8Array): StructuralAlert[] {
  const catalog = structuralAlertCatalog();
  return catalog.matchingIndices(mol, patternFp).map((index) => {
    const { group, name } = catalog.definition(index);
    return { catalog: group as AlertCatalogName, name, atoms: catalog.matchAtoms(mol, index) };
  });
}

/** Names as the reference writes them: PAINS keep RDKit's "(count)" suffix; sorted, duplicates removed. */
function namesOf(alerts: StructuralAlert[], keep: (catalog: AlertCatalogName) => boolean): string[] {
  return [...new Set(alerts.filter((a) => keep(a.catalog)).map((a) => a.name))].sort();
}

export function painsNames(alerts: StructuralAlert[]): string[] {
  return namesOf(alerts, (c) => c !== 'Brenk');
}

export function brenkNames(alerts: StructuralAlert[]): string[] {
  return namesOf(alerts, (c) => c === 'Brenk');
}
