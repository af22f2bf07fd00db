import type { MolGraph } from './mol-graph';
import { readSmartsGraph } from './smarts-graph';
import {
  NO,
  compileAtomExpression,
  compileBondExpression,
  type AtomFeatures,
  type BondFeatures,
  type Predicate,
} from './smarts-predicates';

/** Query atoms and bonds a molecule must be able to host, as ids into the prefilter's shared registries. */
export interface QueryRequirements {
  atoms: number[];
  edges: number[];
}

interface EdgeRequirement {
  a: number;
  bond: number;
  b: number;
}

/**
 * A necessary-condition screen evaluated in JavaScript: every atom expression of a query must be satisfiable by
 * some molecule atom, and every query bond by some molecule bond with compatible end atoms. Expressions are
 * registered once and shared across queries (`[#6]`, `c`, `-` recur hundreds of times), and each is evaluated
 * at most once per molecule, on the molecule's distinct atom and bond kinds rather than on every atom.
 */
export class QueryPrefilter {
  private readonly atomPredicates: Predicate<AtomFeatures>[] = [];
  private readonly bondPredicates: Predicate<BondFeatures>[] = [];
  private readonly edges: EdgeRequirement[] = [];
  private readonly ids = new Map<string, number>();

  // Per-molecule state. Atom kinds are bits of a 32-bit mask (molecules with more kinds skip the prefilter);
  // masks and edge answers are cached per expression and stamped with the molecule's generation.
  private generation = 0;
  private kinds: MoleculeKinds | null = null;
  private atomStamp = new Int32Array(0);
  private atomMaskOf = new Int32Array(0);
  private bondStamp = new Int32Array(0);
  private bondMaskOf = new Int32Array(0);
  private edgeStamp = new Int32Array(0);
  private edgeOkOf = new Uint8Array(0);

  register(smarts: string): QueryRequirements {
    const graph = readSmartsGraph(smarts);
    const atomIds = graph.atoms.map((expr) =>
      this.id(`a:${expr}`, () => this.atomPredicates.push(compileAtomExpression(expr)) - 1),
    );
    const edgeIds = graph.bonds.map(({ a, b, expr }) => {
      const bond = this.id(`b:${expr}`, () => this.bondPredicates.push(compileBondExpression(expr)) - 1);
      const [lo, hi] = atomIds[a] <= atomIds[b] ? [atomIds[a], atomIds[b]] : [atomIds[b], atomIds[a]];
      return this.id(`e:${lo}:${bond}:${hi}`, () => this.edges.push({ a: lo, bond, b: hi }) - 1);
    });
    const unique = (xs: number[]) => [...new Set(xs)];
    this.atomStamp = new Int32Array(this.atomPredicates.length);
    this.atomMaskOf = new Int32Array(this.atomPredicates.length);
    this.bondStamp = new Int32Array(this.bondPredicates.length);
    this.bondMaskOf = new Int32Array(this.bondPredicates.length);
    this.edgeStamp = new Int32Array(this.edges.length);
    this.edgeOkOf = new Uint8Array(this.edges.length);
    return { atoms: unique(atomIds), edges: unique(edgeIds) };
  }

  /** Starts a new molecule; later `mayMatch` calls answer for it. */
  setMolecule(graph: MolGraph): void {
    this.generation++;
    this.kinds = moleculeKinds(graph);
  }

  /** False only when the query certainly cannot match the current molecule. */
  mayMatch(req: QueryRequirements): boolean {
    if (!this.kinds) return true;
    for (const id of req.atoms) if (this.atomMask(id) === 0) return false;
    for (const id of req.edges) if (!this.edgeOk(id)) return false;
    return true;
  }

  private id(key: string, create: () => number): number {
    let id = this.ids.get(key);
    if (id === undefined) {
      id = create();
      this.ids.set(key, id);
    }
    return id;
  }

  /** Bit k set when the expression may match the molecule's atom kind k. */
  private atomMask(id: number): number {
    if (this.atomStamp[id] !== this.generation) {
      const predicate = this.atomPredicates[id];
      const kinds = this.kinds!.atomKinds;
      let mask = 0;
      for (let k = 0; k < kinds.length; k++) if (predicate(kinds[k]) !== NO) mask |= 1 << k;
      this.atomStamp[id] = this.generation;
      this.atomMaskOf[id] = mask;
    }
    return this.atomMaskOf[id];
  }

  private bondMask(id: number): number {
    if (this.bondStamp[id] !== this.generation) {
      const predicate = this.bondPredicates[id];
      const kinds = this.kinds!.bondKinds;
      let mask = 0;
      for (let k = 0; k < kinds.length; k++) if (predicate(kinds[k]) !== NO) mask |= 1 << k;
      this.bondStamp[id] = this.generation;
      this.bondMaskOf[id] = mask;
    }
    return this.bondMaskOf[id];
  }

  /** Some molecule bond may match the query bond: an a-kind atom with a b-kind neighbour through it. */
  private edgeOk(id: number): boolean {
    if (this.edgeStamp[id] !== this.generation) {
      const { a, bond, b } = this.edges[id];
      const maskA = this.atomMask(a);
      const maskB = this.atomMask(b);
      const bonds = this.bondMask(bond);
      const { neighbours, bondKinds } = this.kinds!;
      let ok = 0;
      for (let ka = 0; ka < 32 && !ok && maskA >>> ka; ka++) {
        if (!(maskA & (1 << ka))) continue;
        for (let kb = 0; kb < bondKinds.length; kb++) {
          if (bonds & (1 << kb) && neighbours[ka * MAX_BOND_KINDS + kb] & maskB) {
            ok = 1;
            break;
          }
        }
      }
      this.edgeStamp[id] = this.generation;
      this.edgeOkOf[id] = ok;
    }
    return this.edgeOkOf[id] === 1;
  }
}

const MAX_KINDS = 32;
const MAX_BOND_KINDS = 32;

interface MoleculeKinds {
  atomKinds: AtomFeatures[];
  bondKinds: BondFeatures[];
  /** neighbours[atomKind * MAX_BOND_KINDS + bondKind]: mask of atom kinds bonded to it through that bond kind. */
  neighbours: Int32Array;
}

/** Distinct atom and bond kinds of the molecule; null when there are too many for 32-bit masks. */
function moleculeKinds(graph: MolGraph): MoleculeKinds | null {
  const atomKinds: AtomFeatures[] = [];
  const atomKindIds = new Map<string, number>();
  const atomKindOf = new Int32Array(graph.atoms.length);
  for (let i = 0; i < graph.atoms.length; i++) {
    const a = graph.atoms[i];
    const key = `${a.z},${+a.aromatic},${a.charge},${a.totalHs},${a.degree},${a.totalDegree},${+a.inRing},${a.isotope}`;
    let id = atomKindIds.get(key);
    if (id === undefined) atomKindIds.set(key, (id = atomKinds.push(a) - 1));
    atomKindOf[i] = id;
  }
  if (atomKinds.length > MAX_KINDS) return null;
  const bondKinds: BondFeatures[] = [];
  const neighbours = new Int32Array(MAX_KINDS * MAX_BOND_KINDS);
  for (const bond of graph.bonds) {
    // At most 3 orders x aromatic x ring: 16 kinds, well under MAX_BOND_KINDS.
    let id = bondKinds.findIndex(
      (k) => k.order === bond.order && k.aromatic === bond.aromatic && k.inRing === bond.inRing,
    );
    if (id < 0) id = bondKinds.push(bond) - 1;
    const ka = atomKindOf[bond.a];
    const kb = atomKindOf[bond.b];
    neighbours[ka * MAX_BOND_KINDS + id] |= 1 << kb;
    neighbours[kb * MAX_BOND_KINDS + id] |= 1 << ka;
  }
  return { atomKinds, bondKinds, neighbours };
}
