/**
 * Two-colour highlights on an RDKit depiction. The chem library draws one highlight colour; an explanation
 * needs two (atoms that drove the score, alert atoms) and a third where they meet. RDKit marks every
 * highlight element with the atoms it belongs to (`class='atom-3'`, `class='bond-2 atom-3 atom-4'`) and
 * fills it with its default highlight colour, so each is recoloured by the sets its atoms are in. A highlighted
 * bond that joins a driving atom to an alert atom (depicted because both ends were highlighted) is removed.
 */
export const RDKIT_HIGHLIGHT = '#FF7F7F';

export interface HighlightColors {
  driving: string;
  alert: string;
  both: string;
}

export const DEFAULT_HIGHLIGHT_COLORS: HighlightColors = {
  driving: '#8FD18F',
  alert: '#FF9F7F',
  both: '#C8A2E8',
};

const ELEMENT = /<(ellipse|path)\b[^>]*>/g;

export function recolorHighlights(
  svg: string,
  driving: ReadonlySet<number>,
  alert: ReadonlySet<number>,
  colors: HighlightColors = DEFAULT_HIGHLIGHT_COLORS,
): string {
  return svg.replace(ELEMENT, (element) => {
    if (!element.includes(`fill:${RDKIT_HIGHLIGHT}`)) return element;
    const atoms = [...element.matchAll(/\batom-(\d+)\b/g)].map((m) => Number(m[1]));
    if (atoms.length === 0) return element;
    const inDriving = atoms.every((a) => driving.has(a));
    const inAlert = atoms.every((a) => alert.has(a));
    const color =
      inDriving && inAlert ? colors.both : inDriving ? colors.driving : inAlert ? colors.alert : null;
    if (color === null) return '';
    return element.split(RDKIT_HIGHLIGHT).join(color);
  });
}
