import { describeRDKitFailure, type Mol, type RDKitModule } from '../rdkit';
import { countHeavyAtomsInText } from './heavy-atom-count';

export interface ParseOptions {
  /**
   * Most heavy atoms accepted, checked on the text before RDKit parses it and again on the molecule. 500 is
   * well above drug-like molecules (peptides and macrolides stay under ~300). The WebAssembly build cannot go
   * much further: measured on linear alkanes, descriptors throw from ~600 atoms, standardization traps (stack
   * exhausted) from ~650 and parsing from ~900, and a trap ruins the thread's RDKit instance.
   */
  maxHeavyAtoms?: number;
  /**
   * Most characters accepted, checked before RDKit sees the text. 200 000 fits a V3000 molblock of the largest
   * accepted molecule (about 80 characters per atom and bond line) and stops a runaway line from reaching WASM.
   */
  maxLength?: number;
}

export const DEFAULT_MAX_HEAVY_ATOMS = 500;
export const DEFAULT_MAX_INPUT_LENGTH = 200_000;

export type ParseResult = { mol: Mol } | { error: string };

/** A V2000/V3000 counts line ends the header; a text with one is a molblock, whatever RDKit makes of it. */
const MOLBLOCK_COUNTS_LINE = /^.{0,39}V[23]000\s*$/m;
const MOLBLOCK_END = /^M {2}END\s*$/m;

/**
 * Parses a SMILES or a molblock (V2000/V3000) into a sanitized RDKit molecule. Never throws: a structure RDKit
 * rejects gives RDKit's own reason (e.g. "Explicit valence for atom # 0 C, 5, is greater than permitted").
 * The caller owns the returned Mol and must `delete()` it.
 */
export function parseStructure(rdkit: RDKitModule, text: string, options: ParseOptions = {}): ParseResult {
  const maxLength = options.maxLength ?? DEFAULT_MAX_INPUT_LENGTH;
  const maxHeavyAtoms = options.maxHeavyAtoms ?? DEFAULT_MAX_HEAVY_ATOMS;
  if (typeof text !== 'string' || text.trim() === '') return { error: 'empty structure' };
  if (text.length > maxLength)
    return { error: `structure too long: ${text.length} characters (limit ${maxLength})` };

  const isMolblock = MOLBLOCK_COUNTS_LINE.test(text);
  // Counted before RDKit sees the text: a structure too large for the WebAssembly stack must never reach it.
  const counted = countHeavyAtomsInText(text, isMolblock);
  if (counted !== undefined && counted > maxHeavyAtoms)
    return { error: `structure too large: ${counted} heavy atoms (limit ${maxHeavyAtoms})` };
  // A molblock's first line is its (possibly empty) name, so only a SMILES is trimmed.
  const input = isMolblock ? text : text.trim();
  if (isMolblock && !MOLBLOCK_END.test(text)) return { error: "molblock has no 'M  END' line" };

  // The capture keeps RDKit's messages off stderr and gives the reason for a rejection. It is opened per parse
  // (about 17 µs) rather than held, because RDKit allows one capture at a time and others may need theirs.
  const log = rdkit.set_log_capture('rdApp.*');
  let mol: Mol | null = null;
  let reason: string | undefined;
  try {
    mol = rdkit.get_mol(input);
    if (!mol) reason = log ? summarizeLog(log.get_buffer()) : undefined;
  } catch (error) {
    return { error: `RDKit failed on the structure: ${describeRDKitFailure(error)}` };
  } finally {
    log?.delete();
  }
  if (!mol) return { error: reason ?? (isMolblock ? 'invalid molblock' : 'invalid SMILES') };
  const heavyAtoms = mol.get_num_atoms(true);
  if (mol.get_num_atoms() === 0) {
    mol.delete();
    return { error: 'structure has no atoms' };
  }
  if (heavyAtoms > maxHeavyAtoms) {
    mol.delete();
    return { error: `structure too large: ${heavyAtoms} heavy atoms (limit ${maxHeavyAtoms})` };
  }
  return { mol };
}

/**
 * The first message of an RDKit log, without its "[hh:mm:ss] " stamps, plus the error position for SMILES.
 * The echo of the input and the "~~~^" caret line only make sense in a monospace terminal, so they are dropped.
 */
export function summarizeLog(buffer: string): string | undefined {
  const lines = buffer
    .split('\n')
    .map((line) => line.replace(/^\[\d{2}:\d{2}:\d{2}\]\s?/, '').trim())
    .filter((line) => line !== '' && line !== '****');
  if (lines.length === 0) return undefined;
  const position = lines.map((line) => /check for mistakes around position (\d+)/.exec(line)).find(Boolean);
  return position ? `${lines[0]} (near position ${position[1]})` : lines[0];
}
