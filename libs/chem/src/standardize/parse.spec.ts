import { loadRDKit, type RDKitModule } from '../rdkit';
import { parseStructure, summarizeLog } from './parse';

let rdkit: RDKitModule;
function molOf(smiles: string) {
  const mol = rdkit.get_mol(smiles);
  if (!mol) throw new Error(`does not parse: ${smiles}`);
  return mol;
}
beforeAll(async () => {
  rdkit = await loadRDKit();
});

function parseError(text: string, options = {}): string {
  const result = parseStructure(rdkit, text, options);
  if ('mol' in result) {
    result.mol.delete();
    throw new Error(`expected ${text} to be rejected`);
  }
  return result.error;
}

describe('parseStructure', () => {
  it('parses a SMILES, trimming whitespace', () => {
    const result = parseStructure(rdkit, '  c1ccccc1O \n');
    if (!('mol' in result)) throw new Error(result.error);
    expect(result.mol.get_smiles()).toBe('Oc1ccccc1');
    result.mol.delete();
  });

  it('parses V2000 and V3000 molblocks, keeping an empty name line', () => {
    const source = molOf('CC(=O)[O-].[Na+]');
    for (const block of [source.get_molblock(), source.get_v3Kmolblock()]) {
      expect(block.startsWith('\n')).toBe(true);
      const result = parseStructure(rdkit, block);
      if (!('mol' in result)) throw new Error(result.error);
      expect(result.mol.get_smiles()).toBe('CC(=O)[O-].[Na+]');
      result.mol.delete();
    }
    source.delete();
  });

  it("gives RDKit's reason without timestamps", () => {
    expect(parseError('C1CC(')).toBe(
      'SMILES Parse Error: syntax error while parsing: C1CC( (near position 5)',
    );
    expect(parseError('C(C)(C)(C)(C)C')).toBe(
      'Explicit valence for atom # 0 C, 5, is greater than permitted',
    );
    expect(parseError('c1cccc1')).toMatch(/^Can't kekulize mol/);
  });

  it('rejects empty input, a molblock without M  END, and oversized input', () => {
    expect(parseError('')).toBe('empty structure');
    expect(parseError(' \n ')).toBe('empty structure');
    const block = molOf('CCO');
    expect(parseError(block.get_molblock().replace('M  END', ''))).toBe("molblock has no 'M  END' line");
    block.delete();
    expect(parseError('C'.repeat(50), { maxLength: 40 })).toBe(
      'structure too long: 50 characters (limit 40)',
    );
    expect(parseError('C'.repeat(50), { maxHeavyAtoms: 40 })).toBe(
      'structure too large: 50 heavy atoms (limit 40)',
    );
  });

  it('never throws on garbage', () => {
    for (const text of ['garbage', '[', ']]]', 'C.', '\u0000', '%', 'M  END']) {
      expect(() => parseStructure(rdkit, text)).not.toThrow();
      expect('error' in parseStructure(rdkit, text)).toBe(true);
    }
  });
});

describe('summarizeLog', () => {
  it('keeps the first message and the error position', () => {
    expect(
      summarizeLog(
        '[02:50:22] SMILES Parse Error: x\n[02:50:22] check for mistakes around position 3:\n[02:50:22] ~~^\n',
      ),
    ).toBe('SMILES Parse Error: x (near position 3)');
    expect(summarizeLog('')).toBeUndefined();
  });
});
