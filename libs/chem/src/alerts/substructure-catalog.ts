import type { Mol, RDKitModule } from '../rdkit';
import type { SubstructureDefinition } from './filter-definitions';
import { mergeQueryHs } from './merge-query-hs';
import { molGraphFor } from './mol-graph';
import { QueryPrefilter, type QueryRequirements } from './query-prefilter';

export interface CompileOptions {
  /** Apply RDKit's mergeQueryHs to the SMARTS text, as FilterCatalog does (PAINS/Brenk). Default true. */
  mergeHs?: boolean;
}

export interface MatchOptions {
  /**
   * Skip queries that cannot match: pattern-fingerprint bits not all set in the molecule's, or an atom or bond
   * expression no atom or bond of the molecule can satisfy (see QueryPrefilter). Default true.
   */
  prescreen?: boolean;
}

/** The query's set pattern-fingerprint bits as (32-bit word index, mask) pairs: few words, fast subset test. */
interface FpScreen {
  words: Int32Array;
  masks: Int32Array;
}

interface CompiledQuery {
  definition: SubstructureDefinition;
  qmol: Mol;
  screen: FpScreen;
  requirements: QueryRequirements;
}

function toWords(fp: Uint8Array): Int32Array {
  if (fp.byteOffset % 4 === 0 && fp.length % 4 === 0)
    return new Int32Array(fp.buffer, fp.byteOffset, fp.length / 4);
  const copy = new Uint8Array(Math.ceil(fp.length / 4) * 4);
  copy.set(fp);
  return new Int32Array(copy.buffer);
}

function screenOf(fp: Uint8Array): FpScreen {
  const all = toWords(fp);
  const words: number[] = [];
  const masks: number[] = [];
  all.forEach((mask, word) => {
    if (mask !== 0) {
      words.push(word);
      masks.push(mask);
    }
  });
  return { words: Int32Array.from(words), masks: Int32Array.from(masks) };
}

function passesScreen(screen: FpScreen, molWords: Int32Array): boolean {
  const { words, masks } = screen;
  for (let i = 0; i < words.length; i++) {
    if ((molWords[words[i]] & masks[i]) !== masks[i]) return false;
  }
  return true;
}

/** RDKit MinimalLib answers `{}` for "no match" and a JSON array / object of {atoms, bonds} otherwise. */
function parseMatches(json: string): number[][] {
  const parsed = JSON.parse(json) as { atoms: number[] }[] | { atoms?: number[] };
  if (Array.isArray(parsed)) return parsed.map((m) => m.atoms);
  return parsed.atoms ? [parsed.atoms] : [];
}

/**
 * A list of SMARTS compiled once per thread (the query molecules live as long as the process, so they are never
 * deleted) and matched with RDKit FilterCatalog's SmartsMatcher semantics: `maxMatches` 0 means "matches at
 * least once"; n > 0 means "between 1 and n unique matches".
 *
 * Speed: the caller computes the molecule's pattern fingerprint once and every query whose fingerprint bits are
 * not a subset is skipped without a WASM call (a pattern fingerprint of a substructure is always a subset); so is
 * every query the JavaScript prefilter rules out (about 9 in 10 of the rest). Surviving queries are tested with `get_substruct_match` (stops at the first match); all matches are
 * enumerated only on request.
 */
export class SubstructureCatalog {
  private constructor(
    private readonly queries: CompiledQuery[],
    private readonly prefilter: QueryPrefilter,
  ) {}

  static compile(
    rdkit: RDKitModule,
    definitions: SubstructureDefinition[],
    options: CompileOptions = {},
  ): SubstructureCatalog {
    const mergeHs = options.mergeHs ?? true;
    const prefilter = new QueryPrefilter();
    const queries = definitions.map((definition) => {
      const smarts = mergeHs ? mergeQueryHs(definition.smarts) : definition.smarts;
      const qmol = rdkit.get_qmol(smarts);
      if (!qmol) throw new Error(`cannot parse SMARTS of ${definition.group}/${definition.name}: ${smarts}`);
      const screen = screenOf(qmol.get_pattern_fp_as_uint8array() as Uint8Array);
      return { definition, qmol, screen, requirements: prefilter.register(smarts) };
    });
    return new SubstructureCatalog(queries, prefilter);
  }

  get size(): number {
    return this.queries.length;
  }

  definition(index: number): SubstructureDefinition {
    return this.queries[index].definition;
  }

  /** Indices (in definition order) of the entries that match `mol`. */
  matchingIndices(mol: Mol, patternFp: Uint8Array, options: MatchOptions = {}): number[] {
    const prescreen = options.prescreen ?? true;
    const molWords = toWords(patternFp);
    if (prescreen) this.prefilter.setMolecule(molGraphFor(mol, patternFp));
    const hits: number[] = [];
    for (let i = 0; i < this.queries.length; i++) {
      const query = this.queries[i];
      if (prescreen && !(passesScreen(query.screen, molWords) && this.prefilter.mayMatch(query.requirements)))
        continue;
      if (this.entryMatches(mol, query)) hits.push(i);
    }
    return hits;
  }

  /** Number of entries that match at least once (QED's ALERTS). */
  countMatching(mol: Mol, patternFp: Uint8Array): number {
    return this.matchingIndices(mol, patternFp).length;
  }

  /** Atom indices of every unique match of entry `index`. */
  matchAtoms(mol: Mol, index: number): number[][] {
    return parseMatches(mol.get_substruct_matches(this.queries[index].qmol));
  }

  private entryMatches(mol: Mol, query: CompiledQuery): boolean {
    if (query.definition.maxMatches <= 0) return mol.get_substruct_match(query.qmol) !== '{}';
    const count = parseMatches(mol.get_substruct_matches(query.qmol)).length;
    return count >= 1 && count <= query.definition.maxMatches;
  }
}
