/**
 * A small SMARTS tokenizer: bracket atoms (with nested recursive SMARTS kept whole), organic-subset atoms, bond
 * expressions, branches, ring closures (digits and %nn) and component dots. Enough structure to rewrite SMARTS
 * text and to read its graph without a full SMARTS parser.
 */
export type Token =
  | { kind: 'atom'; text: string; bracket: boolean }
  | { kind: 'bond'; text: string }
  | { kind: 'open' | 'close' | 'dot'; text: string }
  | { kind: 'ring'; text: string };

const BOND_CHARS = new Set(['-', '=', '#', ':', '~', '@', '/', '\\', '!', '&', ';', ',']);
const ORGANIC_TWO = new Set(['Cl', 'Br']);
const ORGANIC_ONE = new Set([
  'B',
  'C',
  'N',
  'O',
  'P',
  'S',
  'F',
  'I',
  'b',
  'c',
  'n',
  'o',
  'p',
  's',
  '*',
  'A',
  'a',
]);

/** Index just past the `]` matching the `[` at `start` (recursive SMARTS nest brackets). */
function bracketEnd(smarts: string, start: number): number {
  let depth = 0;
  for (let i = start; i < smarts.length; i++) {
    if (smarts[i] === '[') depth++;
    else if (smarts[i] === ']' && --depth === 0) return i + 1;
  }
  throw new Error(`unbalanced '[' in SMARTS ${smarts}`);
}

export function tokenizeSmarts(smarts: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < smarts.length) {
    const c = smarts[i];
    if (c === '[') {
      const end = bracketEnd(smarts, i);
      tokens.push({ kind: 'atom', text: smarts.slice(i, end), bracket: true });
      i = end;
    } else if (ORGANIC_TWO.has(smarts.slice(i, i + 2))) {
      tokens.push({ kind: 'atom', text: smarts.slice(i, i + 2), bracket: false });
      i += 2;
    } else if (ORGANIC_ONE.has(c)) {
      tokens.push({ kind: 'atom', text: c, bracket: false });
      i++;
    } else if (BOND_CHARS.has(c)) {
      let end = i;
      while (end < smarts.length && BOND_CHARS.has(smarts[end])) end++;
      tokens.push({ kind: 'bond', text: smarts.slice(i, end) });
      i = end;
    } else if (c >= '0' && c <= '9') {
      tokens.push({ kind: 'ring', text: c });
      i++;
    } else if (c === '%') {
      tokens.push({ kind: 'ring', text: smarts.slice(i, i + 3) });
      i += 3;
    } else if (c === '(' || c === ')' || c === '.') {
      tokens.push({ kind: c === '(' ? 'open' : c === ')' ? 'close' : 'dot', text: c });
      i++;
    } else {
      throw new Error(`unexpected '${c}' at ${i} in SMARTS ${smarts}`);
    }
  }
  return tokens;
}
