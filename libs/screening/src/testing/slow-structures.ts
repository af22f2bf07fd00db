/**
 * The SMILES of a saturated carbon nanotorus: `width` × `height` carbons on a honeycomb wrapped around a torus,
 * each a CH bonded to three others (every ring a six-membered one; width and height even). RDKit takes seconds to
 * minutes over these ring meshes although they stay within the default limits: profiling (its descriptors), and
 * drawing them, grow steeply with the size. Written out depth-first with ring-closure digits.
 */
export function nanotorusSmiles(width: number, height: number): string {
  const id = (x: number, y: number) => (((y + height) % height) * width + ((x + width) % width)) as number;
  const neighbours: number[][] = Array.from({ length: width * height }, () => []);
  const bond = (a: number, b: number) => {
    neighbours[a].push(b);
    neighbours[b].push(a);
  };
  for (let y = 0; y < height; y++)
    for (let x = 0; x < width; x++) {
      bond(id(x, y), id(x + 1, y));
      if ((x + y) % 2 === 0) bond(id(x, y), id(x, y + 1));
    }

  const key = (a: number, b: number) => (a < b ? `${a}-${b}` : `${b}-${a}`);
  const parent = new Array<number>(neighbours.length).fill(-1);
  const seen = new Array<boolean>(neighbours.length).fill(false);
  const treeBonds = new Set<string>();
  const visit = (atom: number) => {
    seen[atom] = true;
    for (const next of neighbours[atom])
      if (!seen[next]) {
        parent[next] = atom;
        treeBonds.add(key(atom, next));
        visit(next);
      }
  };
  visit(0);

  const open = new Map<string, number>();
  const free: number[] = [];
  let nextDigit = 1;
  const digit = (d: number) => (d < 10 ? String(d) : `%${d}`);
  const write = (atom: number): string => {
    let smiles = 'C';
    for (const other of neighbours[atom]) {
      const k = key(atom, other);
      if (treeBonds.has(k)) continue;
      const closing = open.get(k);
      if (closing !== undefined) {
        open.delete(k);
        free.push(closing);
        smiles += digit(closing);
      } else {
        free.sort((a, b) => a - b);
        const d = free.shift() ?? nextDigit++;
        open.set(k, d);
        smiles += digit(d);
      }
    }
    const children = neighbours[atom].filter((n) => parent[n] === atom);
    children.forEach((child, i) => {
      const branch = write(child);
      smiles += i < children.length - 1 ? `(${branch})` : branch;
    });
    return smiles;
  };
  return write(0);
}

/**
 * A real structure within the default limits (144 heavy atoms ≤ 150, 500 characters ≤ 20,000) that keeps RDKit
 * busy for minutes: the 12 × 12 nanotorus (C144H144). The whole pipeline with esol took 128 s on the loaded 2-core
 * development machine (`scripts/bench/molecule-times.ts --nanotorus 12x12`, docs/BENCHMARKS.md); the 10 × 10 torus
 * 3.0 s quiet, 10–12 s loaded. The time-budget tests use it as the molecule that "runs for seconds".
 */
export const SLOW_NANOTORUS = nanotorusSmiles(12, 12);
