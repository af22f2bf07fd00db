import { loadRDKit, using, type RDKitModule } from '../rdkit';
import { FingerprintLibrary } from './fingerprint-library';
import { MORGAN_BITS, morganFingerprint } from './morgan';
import { popcount32, tanimoto } from './tanimoto';

let R: RDKitModule;
beforeAll(async () => {
  R = await loadRDKit();
});

function fp(smiles: string): Uint8Array {
  const mol = R.get_mol(smiles);
  if (!mol) throw new Error(`bad test SMILES ${smiles}`);
  return using(mol, morganFingerprint);
}

/** Reference Tanimoto from the bit strings RDKit itself prints, independent of the packed-word code. */
function tanimotoFromBitString(a: string, b: string): number {
  let both = 0;
  let either = 0;
  for (let i = 0; i < a.length; i++) {
    if (a[i] === '1' && b[i] === '1') both++;
    if (a[i] === '1' || b[i] === '1') either++;
  }
  return both / either;
}

describe('Morgan fingerprints and Tanimoto', () => {
  it('packs 2048 bits that agree with RDKit bit strings', () => {
    const smiles = 'CC(=O)Oc1ccccc1C(=O)O';
    const bytes = fp(smiles);
    expect(bytes.byteLength * 8).toBe(MORGAN_BITS);
    const bitString = using(R.get_mol(smiles)!, (m) =>
      m.get_morgan_fp(JSON.stringify({ radius: 2, nBits: 2048 })),
    );
    const ones = [...bitString].filter((c) => c === '1').length;
    const packedOnes = [...new Uint32Array(bytes.buffer)].reduce((n, w) => n + popcount32(w), 0);
    expect(packedOnes).toBe(ones);
  });

  it('matches Tanimoto computed from RDKit bit strings', () => {
    const pairs = [
      ['CC(=O)Oc1ccccc1C(=O)O', 'OC(=O)c1ccccc1O'],
      ['CN1C=NC2=C1C(=O)N(C(=O)N2C)C', 'CN1C=NC2=C1C(=O)NC(=O)N2C'],
      ['c1ccccc1', 'CCCCCCCC'],
    ];
    for (const [a, b] of pairs) {
      const bits = (s: string) =>
        using(R.get_mol(s)!, (m) => m.get_morgan_fp(JSON.stringify({ radius: 2, nBits: 2048 })));
      expect(tanimoto(fp(a), fp(b))).toBeCloseTo(tanimotoFromBitString(bits(a), bits(b)), 12);
    }
    expect(tanimoto(fp('CCO'), fp('CCO'))).toBe(1);
  });

  it('finds the k nearest neighbours in a packed library, best first', () => {
    const library = new FingerprintLibrary(MORGAN_BITS, 2);
    const members = [
      'CC(=O)Oc1ccccc1C(=O)O',
      'OC(=O)c1ccccc1O',
      'CCCCCCCC',
      'c1ccccc1',
      'CC(=O)Nc1ccc(O)cc1',
    ];
    members.forEach((s, i) => library.add(`m${i}`, fp(s)));
    expect(library.size).toBe(5);
    const hits = library.search(fp('CC(=O)Oc1ccccc1C(=O)O'), 3);
    expect(hits.map((h) => h.id)).toEqual(['m0', 'm1', expect.any(String)]);
    expect(hits[0].similarity).toBe(1);
    expect(hits[1].similarity).toBeCloseTo(tanimoto(fp(members[0]), fp(members[1])), 12);
    expect(hits[1].similarity).toBeGreaterThanOrEqual(hits[2].similarity);
  });
});
