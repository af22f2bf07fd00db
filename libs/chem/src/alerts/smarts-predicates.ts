import { readSmartsGraph } from './smarts-graph';

/**
 * Conservative JavaScript evaluation of SMARTS atom and bond expressions, for prefiltering only.
 *
 * Each primitive answers NO, YES or MAYBE for a molecule atom or bond. Only primitives whose meaning is exact on
 * the features below give a definite answer (element, aromaticity, charge, total H, degree, total degree, ring
 * membership, isotope); everything else (valence, ring sizes, chirality, the non-anchor part of recursive SMARTS,
 * ...) is MAYBE. A
 * query can only match where no atom or bond expression is NO, so dropping queries on NO never loses a match.
 */

export const NO = 0;
export const YES = 1;
export const MAYBE = 2;
export type Tri = typeof NO | typeof YES | typeof MAYBE;

export interface AtomFeatures {
  z: number;
  aromatic: boolean;
  charge: number;
  /** SMARTS H: all attached hydrogens, implicit and explicit atoms. */
  totalHs: number;
  /** SMARTS D: explicit neighbours in the graph. */
  degree: number;
  /** SMARTS X: explicit neighbours plus implicit hydrogens. */
  totalDegree: number;
  inRing: boolean;
  isotope: number;
}

export interface BondFeatures {
  /** 1, 2, 3 for single, double, triple; 0 for anything else (dative, zero-order...). */
  order: number;
  aromatic: boolean;
  inRing: boolean;
}

export type Predicate<T> = (x: T) => Tri;

const ELEMENTS = (
  'H He Li Be B C N O F Ne Na Mg Al Si P S Cl Ar K Ca Sc Ti V Cr Mn Fe Co Ni Cu Zn Ga Ge As Se Br Kr Rb Sr Y Zr ' +
  'Nb Mo Tc Ru Rh Pd Ag Cd In Sn Sb Te I Xe Cs Ba La Ce Pr Nd Pm Sm Eu Gd Tb Dy Ho Er Tm Yb Lu Hf Ta W Re Os Ir ' +
  'Pt Au Hg Tl Pb Bi Po At Rn Fr Ra Ac Th Pa U Np Pu Am Cm Bk Cf Es Fm Md No Lr Rf Db Sg Bh Hs Mt Ds Rg Cn Nh Fl ' +
  'Mc Lv Ts Og'
).split(' ');
const ATOMIC_NUMBER = new Map(ELEMENTS.map((symbol, i) => [symbol, i + 1]));
/** Aromatic symbols SMARTS allows, longest first so `se` is not read as `s` + `e`. */
const AROMATIC_SYMBOLS = ['se', 'as', 'te', 'c', 'n', 'o', 's', 'p', 'b'];

const tri = (b: boolean): Tri => (b ? YES : NO);
const and =
  (ps: Predicate<never>[]) =>
  (x: never): Tri => {
    let result: Tri = YES;
    for (const p of ps) {
      const r = p(x);
      if (r === NO) return NO;
      if (r === MAYBE) result = MAYBE;
    }
    return result;
  };
const or =
  (ps: Predicate<never>[]) =>
  (x: never): Tri => {
    let result: Tri = NO;
    for (const p of ps) {
      const r = p(x);
      if (r === YES) return YES;
      if (r === MAYBE) result = MAYBE;
    }
    return result;
  };
const not =
  <T>(p: Predicate<T>) =>
  (x: T): Tri => {
    const r = p(x);
    return r === MAYBE ? MAYBE : r === YES ? NO : YES;
  };
const maybe = (): Tri => MAYBE;

type PrimitiveReader<T> = (text: string, at: number) => { predicate: Predicate<T>; end: number };

/** Precedence climbing over `;` (low AND) < `,` (OR) < `&` or juxtaposition (high AND) < `!`. */
function compileExpression<T>(text: string, readPrimitive: PrimitiveReader<T>): Predicate<T> {
  let i = 0;
  const unary = (): Predicate<T> => {
    if (text[i] === '!') {
      i++;
      return not(unary());
    }
    const { predicate, end } = readPrimitive(text, i);
    i = end;
    return predicate;
  };
  const highAnd = (): Predicate<T> => {
    const parts = [unary()];
    while (i < text.length && text[i] !== ',' && text[i] !== ';') {
      if (text[i] === '&') i++;
      parts.push(unary());
    }
    return parts.length === 1 ? parts[0] : (and(parts as Predicate<never>[]) as Predicate<T>);
  };
  const orExpr = (): Predicate<T> => {
    const parts = [highAnd()];
    while (text[i] === ',') {
      i++;
      parts.push(highAnd());
    }
    return parts.length === 1 ? parts[0] : (or(parts as Predicate<never>[]) as Predicate<T>);
  };
  const parts = [orExpr()];
  while (text[i] === ';') {
    i++;
    parts.push(orExpr());
  }
  if (i !== text.length) throw new Error(`cannot read SMARTS expression '${text}' at ${i}`);
  return parts.length === 1 ? parts[0] : (and(parts as Predicate<never>[]) as Predicate<T>);
}

function readNumber(text: string, at: number): { value: number | null; end: number } {
  let end = at;
  while (end < text.length && text[end] >= '0' && text[end] <= '9') end++;
  return { value: end > at ? Number(text.slice(at, end)) : null, end };
}

function element(z: number, aromatic: boolean | null): Predicate<AtomFeatures> {
  return (a) => tri(a.z === z && (aromatic === null || a.aromatic === aromatic));
}

const readAtomPrimitive: PrimitiveReader<AtomFeatures> = (text, at) => {
  const c = text[at];
  const number = (from: number) => readNumber(text, from);
  if (c === '$') {
    // Recursive SMARTS: its anchor (first atom) must satisfy the first atom's own expression; the rest is
    // left to RDKit.
    let depth = 0;
    let j = at + 1;
    for (; j < text.length; j++) {
      if (text[j] === '(') depth++;
      else if (text[j] === ')' && --depth === 0) break;
    }
    const anchor = readSmartsGraph(text.slice(at + 2, j)).atoms[0];
    const inner = compileAtomExpression(anchor);
    return { predicate: (a) => (inner(a) === NO ? NO : MAYBE), end: j + 1 };
  }
  if (c === '#') {
    const { value, end } = number(at + 1);
    if (value === null) throw new Error(`bad atomic number in '${text}'`);
    return { predicate: element(value, null), end };
  }
  if (c >= '0' && c <= '9') {
    const { value, end } = number(at);
    return { predicate: (a) => tri(a.isotope === value), end };
  }
  if (c === '*') return { predicate: () => YES, end: at + 1 };
  if (c === 'a' && text[at + 1] !== 's') return { predicate: (a) => tri(a.aromatic), end: at + 1 };
  if (c === 'A' && !ATOMIC_NUMBER.has(text.slice(at, at + 2)))
    return { predicate: (a) => tri(!a.aromatic), end: at + 1 };
  for (const symbol of AROMATIC_SYMBOLS) {
    if (text.startsWith(symbol, at))
      return {
        predicate: element(ATOMIC_NUMBER.get(symbol[0].toUpperCase() + symbol.slice(1))!, true),
        end: at + symbol.length,
      };
  }
  if (c === '+' || c === '-') {
    let end = at;
    while (text[end] === c) end++;
    const n = number(end);
    const magnitude = n.value ?? end - at;
    const charge = c === '+' ? magnitude : -magnitude;
    return { predicate: (a) => tri(a.charge === charge), end: n.end };
  }
  if (c === 'H') {
    // `[H]` alone is a hydrogen atom, `Hg` mercury; otherwise H<n> is the total hydrogen count.
    if (text === 'H') return { predicate: element(1, null), end: 1 };
    const two = text.slice(at, at + 2);
    if (two.length === 2 && two[1] >= 'a' && two[1] <= 'z' && ATOMIC_NUMBER.has(two))
      return { predicate: element(ATOMIC_NUMBER.get(two)!, false), end: at + 2 };
    const { value, end } = number(at + 1);
    const n = value ?? 1;
    return { predicate: (a) => tri(a.totalHs === n), end };
  }
  if (c === 'D' || c === 'X') {
    const { value, end } = number(at + 1);
    const n = value ?? 1;
    return { predicate: c === 'D' ? (a) => tri(a.degree === n) : (a) => tri(a.totalDegree === n), end };
  }
  if (c === 'R' || c === 'r' || c === 'x') {
    // Definite only for acyclic atoms (R0 yes, any other ring count, size or ring connectivity no).
    const { value, end } = number(at + 1);
    const ringFree = value === 0;
    return {
      predicate: (a) =>
        a.inRing ? (ringFree ? NO : c === 'R' && value === null ? YES : MAYBE) : tri(ringFree),
      end,
    };
  }
  if (c >= 'A' && c <= 'Z') {
    const two = text.slice(at, at + 2);
    if (two.length === 2 && two[1] >= 'a' && two[1] <= 'z' && ATOMIC_NUMBER.has(two))
      return { predicate: element(ATOMIC_NUMBER.get(two)!, false), end: at + 2 };
    const z = ATOMIC_NUMBER.get(c);
    if (z !== undefined) return { predicate: element(z, false), end: at + 1 };
  }
  if (c === 'v' || c === 'h' || c === '^' || c === 'z' || c === 'Z')
    return { predicate: maybe, end: number(at + 1).end };
  if (c === '@') {
    let end = at;
    while (text[end] === '@') end++;
    return { predicate: maybe, end };
  }
  if (c === ':') return { predicate: () => YES, end: number(at + 1).end };
  throw new Error(`unsupported SMARTS atom primitive '${c}' in '${text}'`);
};

const readBondPrimitive: PrimitiveReader<BondFeatures> = (text, at) => {
  const c = text[at];
  const end = at + 1;
  switch (c) {
    case '-':
      return { predicate: (b) => tri(b.order === 1 && !b.aromatic), end };
    case '=':
      return { predicate: (b) => tri(b.order === 2 && !b.aromatic), end };
    case '#':
      return { predicate: (b) => tri(b.order === 3 && !b.aromatic), end };
    case ':':
      return { predicate: (b) => tri(b.aromatic), end };
    case '~':
      return { predicate: () => YES, end };
    case '@':
      return { predicate: (b) => tri(b.inRing), end };
    case '/':
    case '\\':
      return { predicate: maybe, end };
    default:
      throw new Error(`unsupported SMARTS bond primitive '${c}' in '${text}'`);
  }
};

/** `expr` is a bracket atom's contents or an organic-subset symbol (`C` aliphatic, `c` aromatic, `*`, `A`, `a`). */
export function compileAtomExpression(expr: string): Predicate<AtomFeatures> {
  return compileExpression(expr, readAtomPrimitive);
}

/** An empty (implicit) bond means "single or aromatic". */
export function compileBondExpression(expr: string): Predicate<BondFeatures> {
  if (expr === '') return (b) => tri((b.order === 1 && !b.aromatic) || b.aromatic);
  return compileExpression(expr, readBondPrimitive);
}
