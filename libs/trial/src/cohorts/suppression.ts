/**
 * Small-cell suppression (the CMS cell-size rule the contract follows): no aggregate shows a count from 1 to 10;
 * it shows the string "<11". Zero is shown. Where a group of cells is shown with its total, one suppressed cell
 * could be recovered by subtraction, so a second non-zero cell is hidden with it (complementary suppression),
 * shown as "hidden" (it is not small itself).
 */
export const SUPPRESSED = '<11' as const;
export const HIDDEN = 'hidden' as const;
export const MIN_CELL = 11;
export type Count = number | typeof SUPPRESSED | typeof HIDDEN;

export function isSmall(n: number): boolean {
  return n >= 1 && n < MIN_CELL;
}

export function suppressCount(n: number): Count {
  return isSmall(n) ? SUPPRESSED : n;
}

/**
 * The complementary cell to hide when exactly one cell of a group is small: the first non-zero cell in
 * `preference` order (cell indices), else the smallest other non-zero cell. -1 when none is needed or possible.
 */
export function complementaryCell(values: number[], small: boolean[], preference: number[] = []): number {
  if (small.filter(Boolean).length !== 1) return -1;
  const candidate = (i: number) => !small[i] && values[i] > 0;
  const preferred = preference.find(candidate);
  if (preferred !== undefined) return preferred;
  let pick = -1;
  values.forEach((v, i) => {
    if (candidate(i) && (pick < 0 || v < values[pick])) pick = i;
  });
  return pick;
}

export function suppressGroup(values: number[], preference: number[] = []): Count[] {
  const small = values.map(isSmall);
  const extra = complementaryCell(values, small, preference);
  return values.map((v, i) => (small[i] ? SUPPRESSED : i === extra ? HIDDEN : v));
}

export function suppressRecord(counts: Record<string, number>): Record<string, Count> {
  const keys = Object.keys(counts);
  const shown = suppressGroup(keys.map((k) => counts[k]));
  return Object.fromEntries(keys.map((k, i) => [k, shown[i]]));
}

/**
 * A funnel (non-increasing counts after a shown start): a step is hidden when it is small, or when the drop from
 * the last shown step is small (the drop is a count of excluded patients).
 */
export function suppressFunnel(start: number, steps: number[]): Count[] {
  let lastShown = start;
  return steps.map((n) => {
    if (isSmall(n) || isSmall(lastShown - n)) return SUPPRESSED;
    lastShown = n;
    return n;
  });
}
