import type { Mol, RDKitModule } from '../rdkit';
import { chargeGraph } from './charge-graph';
import { parseStructure } from './parse';
import { largestFragment, type LargestFragmentOptions } from './largest-fragment';
import { editSmilesAtoms } from './smiles-atoms';
import { unchargeEdits } from './uncharge';

export interface StandardizedParent {
  /** The parent molecule; the caller owns it and must `delete()` it. */
  parent: Mol;
  /** Canonical SMILES of the parent (this RDKit release's canonicalization). */
  parentSmiles: string;
  /** Standard InChIKey of the parent; empty when InChI cannot represent it. */
  inchikey: string;
}

export type StandardizeOptions = LargestFragmentOptions;

/** A charge sign inside a bracket atom; a '-' outside brackets is a bond. */
const CHARGED_ATOM = /\[[^\]]*[+-]/;

/**
 * The parent structure RDKit's rdMolStandardize gives with LargestFragmentChooser then Uncharger (default
 * options): counter-ions and solvents dropped, acids and bases neutralized where a hydrogen can be moved.
 * `mol` is not modified. Most molecules have one uncharged fragment; they cost one SMILES and one copy.
 */
export function standardizeToParent(
  rdkit: RDKitModule,
  mol: Mol,
  options: StandardizeOptions = {},
): StandardizedParent {
  let fragment: Mol | null = null;
  let parent: Mol | null = null;
  try {
    let smiles = mol.get_smiles();
    if (smiles.includes('.')) {
      fragment = largestFragment(mol, options);
      smiles = fragment.get_smiles();
    }
    const source = fragment ?? mol;
    if (CHARGED_ATOM.test(smiles)) {
      const neutral = neutralize(rdkit, source, smiles);
      if (neutral) {
        parent = neutral.mol;
        smiles = neutral.smiles;
      }
    }
    if (!parent) {
      parent = fragment ?? copyOf(mol);
      fragment = null;
    }
    const inchi = parent.get_inchi();
    const inchikey = inchi ? rdkit.get_inchikey_for_inchi(inchi) : '';
    const result = { parent, parentSmiles: smiles, inchikey };
    parent = null;
    return result;
  } finally {
    fragment?.delete();
    parent?.delete();
  }
}

/**
 * Applies the Uncharger's edits to `smiles` (which must be `source.get_smiles()`, just computed, so that
 * RDKit's `_smilesAtomOutputOrder` maps its atoms). Null when nothing changes, or when RDKit rejects the edited
 * structure: the charged fragment is then kept, as RDKit keeps a charge it cannot move.
 */
function neutralize(rdkit: RDKitModule, source: Mol, smiles: string): { mol: Mol; smiles: string } | null {
  const outputOrder = JSON.parse(source.get_prop('_smilesAtomOutputOrder')) as number[];
  // RDKit orders competing sites by canonical rank; the canonical SMILES output position is the closest
  // stand-in the WebAssembly API exposes.
  const ranks: number[] = [];
  outputOrder.forEach((atom, position) => (ranks[atom] = position));
  const edits = unchargeEdits(chargeGraph(source), { ranks });
  if (edits.size === 0) return null;
  // Parsed with RDKit's log captured: a rejected edit is expected here and must not print to stderr.
  const parsed = parseStructure(rdkit, editSmilesAtoms(smiles, outputOrder, edits));
  if ('error' in parsed) return null;
  return { mol: parsed.mol, smiles: parsed.mol.get_smiles() };
}

function copyOf(mol: Mol): Mol {
  const copy = mol.copy();
  if (!copy) throw new Error('RDKit could not copy the molecule');
  return copy;
}
