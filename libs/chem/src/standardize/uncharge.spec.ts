import { loadRDKit, using, type RDKitModule } from '../rdkit';
import { chargeGraph } from './charge-graph';
import { editSmilesAtoms, rewriteBracketAtom, smilesAtomSpans } from './smiles-atoms';
import { unchargeEdits } from './uncharge';

let rdkit: RDKitModule;
function molOf(smiles: string) {
  const mol = rdkit.get_mol(smiles);
  if (!mol) throw new Error(`does not parse: ${smiles}`);
  return mol;
}
beforeAll(async () => {
  rdkit = await loadRDKit();
});

/** Uncharged canonical SMILES of a single-fragment SMILES, through the same SMILES-editing route as the parent. */
function uncharge(smiles: string): string {
  return using(molOf(smiles), (mol) => {
    const canonical = mol.get_smiles();
    const order = JSON.parse(mol.get_prop('_smilesAtomOutputOrder')) as number[];
    const edited = editSmilesAtoms(canonical, order, unchargeEdits(chargeGraph(mol)));
    return using(molOf(edited), (m) => m.get_smiles());
  });
}

const canonical = (smiles: string) => using(molOf(smiles), (m) => m.get_smiles());

describe('unchargeEdits (RDKit Uncharger semantics)', () => {
  it.each([
    ['CC(=O)[O-]', 'CC(=O)O'], // acid anion protonated
    ['C[NH3+]', 'CN'], // ammonium deprotonated
    ['c1cc[nH+]cc1', 'c1ccncc1'],
    ['C[N+](C)(C)CC(=O)[O-]', 'C[N+](C)(C)CC(=O)[O-]'], // betaine: the anion balances a quaternary N
    ['C[N+](C)(C)CCC(O)=NC(C(=O)[O-])C(=O)[O-]', 'C[N+](C)(C)CCC(O)=NC(C(=O)[O-])C(=O)O'], // one acid left for N+
    ['C[N+](C)(C)CC([O-])CC(=O)[O-]', 'C[N+](C)(C)CC(O)CC(=O)[O-]'], // plain alkoxide neutralized before the acid
    ['C[N+](=O)[O-]', 'C[N+](=O)[O-]'], // nitro: charge-separated, untouched
    ['[N-]=[N+]=NC', '[N-]=[N+]=NC'], // azide
    ['O=[N+]([O-])[O-]', 'O=[N+]([O-])O'], // nitrate: one O- balances the N+
    ['[O-][Cl+3]([O-])([O-])[O-]', 'O[Cl+3]([O-])([O-])[O-]'], // perchlorate keeps the charges its Cl balances
    ['c1nn[n-]n1', 'c1nn[nH]n1'], // tetrazolide
    ['[CH2+]C', 'CC'], // carbocation gains a hydride
    ['[BH4-]', 'B'], // early atom loses a hydride
    ['F[B-](F)(F)F', 'F[B-](F)(F)F'], // nothing to move
    ['[NH4+]', 'N'],
    ['C[S-]', 'CS'],
  ])('%s -> %s', (input, expected) => {
    expect(uncharge(input)).toBe(canonical(expected));
  });
});

describe('SMILES atom editing', () => {
  it('finds atom tokens, skipping bonds, branches and ring closures', () => {
    const smiles = 'Clc1ccc%10cc1[N@@H+](C)Br.[Na+]';
    expect(smilesAtomSpans(smiles).map(([s, e]) => smiles.slice(s, e))).toEqual([
      'Cl',
      'c',
      'c',
      'c',
      'c',
      'c',
      'c',
      '[N@@H+]',
      'C',
      'Br',
      '[Na+]',
    ]);
  });

  it('rewrites H count and charge, keeping isotope, chirality and atom class', () => {
    expect(rewriteBracketAtom('[15NH3+:7]', 2, 0)).toBe('[15NH2:7]');
    expect(rewriteBracketAtom('[N@@H+]', 0, 0)).toBe('[N@@]');
    expect(rewriteBracketAtom('[O-]', 1, 0)).toBe('[OH]');
    expect(rewriteBracketAtom('[Fe+2]', 0, 1)).toBe('[Fe+]');
  });
});
