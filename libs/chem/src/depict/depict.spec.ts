import { loadRDKit, using, type RDKitModule } from '../rdkit';
import { depictSvg } from './depict';

let R: RDKitModule;
beforeAll(async () => {
  R = await loadRDKit();
});

describe('depiction', () => {
  it('draws an SVG and highlights the chosen atoms and the bonds between them', () => {
    const plain = using(R.get_mol('CC(=O)Oc1ccccc1C(=O)O')!, (m) =>
      depictSvg(m, { width: 320, height: 240 }),
    );
    const highlighted = using(R.get_mol('CC(=O)Oc1ccccc1C(=O)O')!, (m) =>
      depictSvg(m, { width: 320, height: 240, highlightAtoms: [1, 2, 3] }),
    );
    expect(plain).toContain('<svg');
    expect(plain).toContain("width='320px'");
    // RDKit fills highlighted atoms and bonds with its highlight colour (#FF7F7F): 3 atoms + 2 bonds
    const highlightFills = (svg: string) => (svg.match(/fill:#FF7F7F/g) ?? []).length;
    expect(highlightFills(plain)).toBe(0);
    expect(highlightFills(highlighted)).toBe(5);
  });

  it('rejects out-of-range atom indices with the molecule size', () => {
    expect(() => using(R.get_mol('CCO')!, (m) => depictSvg(m, { highlightAtoms: [5] }))).toThrow(/3 atoms/);
  });
});
