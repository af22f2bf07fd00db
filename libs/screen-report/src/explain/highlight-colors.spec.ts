import { depictStructure } from '@hitscreen/chem';
import { DEFAULT_HIGHLIGHT_COLORS as C, RDKIT_HIGHLIGHT, recolorHighlights } from './highlight-colors';

describe('recolorHighlights', () => {
  it('colours RDKit highlight ellipses and bonds by the sets their atoms are in', async () => {
    // phenylacetic acid: ring atoms 0-5, CH2 6, carboxyl C 7, O 8, O 9
    const depicted = await depictStructure('c1ccccc1CC(=O)O', { highlightAtoms: [0, 1, 7, 8] });
    if (!('svg' in depicted)) throw new Error(depicted.error);
    const svg = recolorHighlights(depicted.svg, new Set([0, 1]), new Set([1, 7, 8]));
    expect(svg).not.toContain(RDKIT_HIGHLIGHT);
    const fillOf = (cls: RegExp) =>
      [...svg.matchAll(/<(?:ellipse|path)\b[^>]*>/g)]
        .map((m) => m[0])
        .filter((e) => cls.test(e) && /fill:#[0-9A-F]{6}/i.test(e) && !e.includes('fill:none'))
        .map((e) => /fill:(#[0-9A-F]{6})/i.exec(e)?.[1]);
    expect(fillOf(/class='atom-0'/)).toEqual([C.driving]);
    expect(fillOf(/class='atom-1'/)).toEqual([C.both]);
    expect(fillOf(/class='atom-7'/)).toEqual([C.alert]);
    expect(fillOf(/class='bond-\d+ atom-0 atom-1'/)).toEqual([C.driving]);
    expect(fillOf(/class='bond-\d+ atom-7 atom-8'/)).toEqual([C.alert]);
  });

  it('leaves an SVG without highlights as it is', () => {
    const svg = "<svg><path class='bond-0 atom-0 atom-1' style='fill:none;stroke:#000000' /></svg>";
    expect(recolorHighlights(svg, new Set([0]), new Set())).toBe(svg);
  });
});
