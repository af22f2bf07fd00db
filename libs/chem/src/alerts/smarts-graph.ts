import { tokenizeSmarts } from './smarts-tokens';

/** A SMARTS as a graph of expression texts: what the prefilter needs (no query semantics here). */
export interface SmartsGraph {
  /** Atom expressions: bracket contents without `[]`, or the organic-subset symbol. */
  atoms: string[];
  /** Bonds between atom indices; `expr` is the bond expression text, '' when implicit. */
  bonds: { a: number; b: number; expr: string }[];
}

export function readSmartsGraph(smarts: string): SmartsGraph {
  const graph: SmartsGraph = { atoms: [], bonds: [] };
  const branches: (number | null)[] = [];
  const openRings = new Map<string, { atom: number; expr: string }>();
  let prev: number | null = null;
  let bond = '';
  for (const tok of tokenizeSmarts(smarts)) {
    switch (tok.kind) {
      case 'atom': {
        const index = graph.atoms.push(tok.bracket ? tok.text.slice(1, -1) : tok.text) - 1;
        if (prev !== null) graph.bonds.push({ a: prev, b: index, expr: bond });
        prev = index;
        bond = '';
        break;
      }
      case 'bond':
        bond = tok.text;
        break;
      case 'ring': {
        const open = openRings.get(tok.text);
        if (open) {
          openRings.delete(tok.text);
          graph.bonds.push({ a: open.atom, b: prev!, expr: bond || open.expr });
        } else {
          openRings.set(tok.text, { atom: prev!, expr: bond });
        }
        bond = '';
        break;
      }
      case 'open':
        branches.push(prev);
        break;
      case 'close':
        prev = branches.pop() ?? null;
        break;
      case 'dot':
        prev = null;
        break;
    }
  }
  return graph;
}
