/**
 * Atom-level editing of an RDKit-written SMILES. Charge changes are applied to the SMILES text rather than to
 * the mol's JSON because RDKit's JSON reader drops double-bond stereo (C/C=C/C comes back as CC=CC), while a
 * SMILES keeps every stereo mark in place. Every charged atom is a bracket atom, which carries its own H count,
 * so changing charge and H count only rewrites that atom's brackets.
 */

/** [start, end) of each atom token, in the order the atoms are written. */
export function smilesAtomSpans(smiles: string): Array<[number, number]> {
  const spans: Array<[number, number]> = [];
  let i = 0;
  while (i < smiles.length) {
    const ch = smiles[i];
    if (ch === '[') {
      const end = smiles.indexOf(']', i);
      if (end < 0) throw new Error(`unterminated bracket atom in ${smiles}`);
      spans.push([i, end + 1]);
      i = end + 1;
    } else if (ch === '%') {
      // Two-digit ring closure (%nn) or the %(nnn) form: not an atom.
      i += smiles[i + 1] === '(' ? smiles.indexOf(')', i) - i + 1 : 3;
    } else if ((ch === 'C' && smiles[i + 1] === 'l') || (ch === 'B' && smiles[i + 1] === 'r')) {
      spans.push([i, i + 2]);
      i += 2;
    } else if ('BCNOPSFIbcnops*'.includes(ch)) {
      spans.push([i, i + 1]);
      i += 1;
    } else {
      // Bonds, branches, ring-closure digits, dots and the CXSMILES tail are not atoms.
      if (ch === ' ' || ch === '\t') break;
      i += 1;
    }
  }
  return spans;
}

const BRACKET_ATOM = /^\[(\d*)(\*|[A-Za-z][a-z]?)(@@?|@(?:TH|AL|SP|TB|OH)\d+)?(H\d*)?([+-]+\d*)?(:\d+)?\]$/;

/** A bracket atom with its H count and formal charge replaced; isotope, element, chirality and class kept. */
export function rewriteBracketAtom(token: string, hydrogens: number, charge: number): string {
  const m = BRACKET_ATOM.exec(token);
  if (!m) throw new Error(`unexpected SMILES atom ${token}`);
  const [, isotope, symbol, chirality = '', , , atomClass = ''] = m;
  const h = hydrogens === 0 ? '' : hydrogens === 1 ? 'H' : `H${hydrogens}`;
  const q = charge === 0 ? '' : `${charge > 0 ? '+' : '-'}${Math.abs(charge) === 1 ? '' : Math.abs(charge)}`;
  return `[${isotope}${symbol}${chirality}${h}${q}${atomClass}]`;
}

/**
 * Applies per-atom (H count, charge) edits to a SMILES whose atoms were written in `outputOrder`
 * (RDKit's `_smilesAtomOutputOrder`: the mol atom index of each written atom).
 */
export function editSmilesAtoms(
  smiles: string,
  outputOrder: readonly number[],
  edits: ReadonlyMap<number, { hydrogens: number; charge: number }>,
): string {
  const spans = smilesAtomSpans(smiles);
  if (spans.length !== outputOrder.length) {
    throw new Error(`SMILES ${smiles} has ${spans.length} atoms, output order ${outputOrder.length}`);
  }
  let out = '';
  let last = 0;
  spans.forEach(([start, end], k) => {
    const edit = edits.get(outputOrder[k]);
    if (!edit) return;
    out +=
      smiles.slice(last, start) + rewriteBracketAtom(smiles.slice(start, end), edit.hydrogens, edit.charge);
    last = end;
  });
  return out + smiles.slice(last);
}
