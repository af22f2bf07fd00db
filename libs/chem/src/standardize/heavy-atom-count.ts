/**
 * Heavy atoms of a SMILES or molblock counted on the text alone, so a structure too large for RDKit's
 * WebAssembly build is refused before RDKit parses it (parsing itself traps on linear chains of ~900 atoms).
 * `undefined` when the text is too malformed to count: RDKit then rejects it with its own reason.
 */
export function countHeavyAtomsInText(text: string, isMolblock: boolean): number | undefined {
  return isMolblock ? countMolblockHeavyAtoms(text) : countSmilesHeavyAtoms(text.trim());
}

const ORGANIC_SUBSET = 'BCNOPSFIbcnops*';

function countSmilesHeavyAtoms(smiles: string): number | undefined {
  let count = 0;
  for (let i = 0; i < smiles.length; i++) {
    const ch = smiles[i];
    if (ch === ' ' || ch === '\t') break; // the CXSMILES extension or a name follows
    if (ch === '[') {
      const end = smiles.indexOf(']', i);
      if (end < 0) return undefined;
      if (!isHydrogenBracket(smiles.slice(i + 1, end))) count += 1;
      i = end;
    } else if (ch === '%') {
      i += smiles[i + 1] === '(' ? Math.max(smiles.indexOf(')', i) - i, 1) : 2;
    } else if ((ch === 'C' && smiles[i + 1] === 'l') || (ch === 'B' && smiles[i + 1] === 'r')) {
      count += 1;
      i += 1;
    } else if (ORGANIC_SUBSET.includes(ch)) {
      count += 1;
    }
  }
  return count;
}

/** `[H]`, `[2H]`, `[H+]`, `[H-]`: hydrogen; `[Hg]`, `[He]`, `[Hf]`, `[Ho]`, `[Hs]`: not. */
function isHydrogenBracket(inside: string): boolean {
  const element = /^\d*([A-Za-z][a-z]?)/.exec(inside)?.[1] ?? '';
  return element === 'H' || (element.startsWith('H') && !/^H[efgos]$/.test(element));
}

function countMolblockHeavyAtoms(molblock: string): number | undefined {
  const lines = molblock.split(/\r?\n/);
  const countsIndex = lines.findIndex((line) => /V[23]000\s*$/.test(line));
  if (countsIndex < 0) return undefined;
  if (/V2000\s*$/.test(lines[countsIndex])) {
    const atoms = Number.parseInt(lines[countsIndex].slice(0, 3), 10);
    if (!Number.isFinite(atoms) || atoms < 0) return undefined;
    let heavy = 0;
    for (let i = 1; i <= atoms; i++) {
      const line = lines[countsIndex + i];
      if (line === undefined) return undefined;
      const symbol = line.slice(31, 34).trim();
      if (symbol !== 'H' && symbol !== 'D' && symbol !== 'T') heavy += 1;
    }
    return heavy;
  }
  let heavy = 0;
  let inAtoms = false;
  for (const line of lines.slice(countsIndex + 1)) {
    if (/^M {2}V30 BEGIN ATOM/.test(line)) inAtoms = true;
    else if (/^M {2}V30 END ATOM/.test(line)) return heavy;
    else if (inAtoms) {
      const symbol = line.trim().split(/\s+/)[3];
      if (symbol !== undefined && symbol !== 'H' && symbol !== 'D' && symbol !== 'T') heavy += 1;
    }
  }
  return undefined;
}
