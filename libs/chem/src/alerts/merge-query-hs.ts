/**
 * SMARTS-text version of RDKit's `MolOps::mergeQueryHs`.
 *
 * RDKit's FilterCatalog parses PAINS/Brenk SMARTS with `SmartsToMol(smarts, 0, mergeHs = true)`: every query
 * hydrogen (`[#1]`) of degree 1 is deleted and its neighbour's query is ANDed with `!H0`, `!H1`, … `!H(n-1)` for n
 * removed hydrogens ("at least n hydrogens"), also inside recursive SMARTS. The WebAssembly build ignores the
 * `mergeHs` option of `get_qmol`, so an unrewritten `[#8]-[#1]` never matches a molecule whose hydrogens are
 * implicit. Rewriting the text keeps the query atom order (minus the hydrogens) exactly as RDKit builds it.
 */
import { tokenizeSmarts, type Token } from './smarts-tokens';

const HYDROGEN_ATOMS = new Set(['[#1]', '[H]']);

interface AtomNode {
  token: number;
  degree: number;
  /** Token index of the atom this one is bonded to by the chain or branch it was written in, if any. */
  prevAtomToken: number | null;
  /** Token index of the explicit bond symbol written before this atom (chain bond), if any. */
  prevBondToken: number | null;
  /** Atom written next in the same chain (the first bond after it that is not a branch or ring closure). */
  nextAtomToken: number | null;
  hasBranchOrRing: boolean;
}

/** Builds the connectivity the rewrite needs: degrees and how each atom is linked in the text. */
function readGraph(tokens: Token[]): Map<number, AtomNode> {
  const atoms = new Map<number, AtomNode>();
  const branchStack: (number | null)[] = [];
  const openRings = new Map<string, number>();
  let prev: number | null = null;
  let pendingBond: number | null = null;
  let branchJustOpened = false;
  tokens.forEach((tok, t) => {
    switch (tok.kind) {
      case 'atom': {
        const node: AtomNode = {
          token: t,
          degree: 0,
          prevAtomToken: prev,
          prevBondToken: pendingBond,
          nextAtomToken: null,
          hasBranchOrRing: false,
        };
        atoms.set(t, node);
        if (prev !== null) {
          const p = atoms.get(prev)!;
          p.degree++;
          node.degree++;
          if (branchJustOpened) p.hasBranchOrRing = true;
          else p.nextAtomToken = t;
        }
        prev = t;
        pendingBond = null;
        branchJustOpened = false;
        break;
      }
      case 'bond':
        pendingBond = t;
        break;
      case 'ring': {
        const p = atoms.get(prev!)!;
        const open = openRings.get(tok.text);
        if (open === undefined) {
          openRings.set(tok.text, prev!);
        } else {
          openRings.delete(tok.text);
          atoms.get(open)!.degree++;
          p.degree++;
        }
        p.hasBranchOrRing = true;
        pendingBond = null;
        break;
      }
      case 'open':
        branchStack.push(prev);
        branchJustOpened = true;
        break;
      case 'close':
        prev = branchStack.pop() ?? null;
        break;
      case 'dot':
        prev = null;
        break;
    }
  });
  return atoms;
}

/** `[X]` -> `[X;!H0;!H1]`, `c` -> `[c;!H0]`: AND "at least n hydrogens" at lowest precedence. */
function requireHydrogens(atomText: string, bracket: boolean, n: number): string {
  const extra = Array.from({ length: n }, (_, i) => `;!H${i}`).join('');
  if (!bracket) return `[${atomText}${extra}]`;
  const body = atomText.slice(1, -1);
  const map = /:\d+$/.exec(body);
  const core = map ? body.slice(0, map.index) : body;
  return `[${core}${extra}${map ? map[0] : ''}]`;
}

/** Rewrites recursive SMARTS `$(...)` inside one bracket atom. */
function mergeInsideBracket(atomText: string): string {
  let out = '';
  let i = 0;
  while (i < atomText.length) {
    if (atomText[i] === '$' && atomText[i + 1] === '(') {
      let depth = 0;
      let j = i + 1;
      for (; j < atomText.length; j++) {
        if (atomText[j] === '(') depth++;
        else if (atomText[j] === ')' && --depth === 0) break;
      }
      const inner = atomText.slice(i + 2, j);
      out += `$(${mergeQueryHs(inner, true)})`;
      i = j + 1;
    } else {
      out += atomText[i++];
    }
  }
  return out;
}

/**
 * Removes degree-1 query hydrogens and turns them into "at least n H" constraints on their neighbours.
 * `recursive` marks the body of a `$(...)`: its first atom is the anchor and must not be removed.
 */
export function mergeQueryHs(smarts: string, recursive = false): string {
  const tokens = tokenizeSmarts(smarts);
  const atoms = readGraph(tokens);
  const removed = new Set<number>();
  const hCount = new Map<number, number>();
  const firstAtom = tokens.findIndex((t) => t.kind === 'atom');

  for (const node of atoms.values()) {
    const tok = tokens[node.token];
    if (!HYDROGEN_ATOMS.has(tok.text) || node.degree !== 1) continue;
    if (recursive && node.token === firstAtom)
      throw new Error(`hydrogen anchor in recursive SMARTS ${smarts}`);
    let neighbour: number;
    if (node.prevAtomToken !== null) {
      // Written after its neighbour: drop "bond + H", and the branch parentheses if that empties them.
      neighbour = node.prevAtomToken;
      removed.add(node.token);
      if (node.prevBondToken !== null) removed.add(node.prevBondToken);
      const before = (node.prevBondToken ?? node.token) - 1;
      const after = node.token + 1;
      if (tokens[before]?.kind === 'open' && tokens[after]?.kind === 'close') {
        removed.add(before);
        removed.add(after);
      }
    } else if (node.nextAtomToken !== null && !node.hasBranchOrRing) {
      // First atom of a component: drop "H + bond"; the next atom starts the chain.
      neighbour = node.nextAtomToken;
      removed.add(node.token);
      const next = atoms.get(neighbour)!;
      if (next.prevBondToken !== null) removed.add(next.prevBondToken);
    } else {
      throw new Error(`unsupported hydrogen placement in SMARTS ${smarts}`);
    }
    hCount.set(neighbour, (hCount.get(neighbour) ?? 0) + 1);
  }

  return tokens
    .map((tok, t) => {
      if (removed.has(t)) return '';
      if (tok.kind !== 'atom') return tok.text;
      const text = tok.bracket ? mergeInsideBracket(tok.text) : tok.text;
      const n = hCount.get(t);
      return n ? requireHydrogens(text, tok.bracket, n) : text;
    })
    .join('');
}
