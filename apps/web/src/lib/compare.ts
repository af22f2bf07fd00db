import { signal } from './signal';

/** At most this many compounds side by side (the comparison view's columns). */
export const MAX_COMPARE = 4;

const key = (screenId: string) => `hitscreen.compare.${screenId}`;

function load(screenId: string): number[] {
  try {
    return (JSON.parse(sessionStorage.getItem(key(screenId)) ?? '[]') as number[]).slice(0, MAX_COMPARE);
  } catch {
    return [];
  }
}

/** The rows picked for comparison, per screen, kept for the tab's life (so opening a compound keeps them). */
export const comparison = signal<{ screenId: string; rows: number[] }>({ screenId: '', rows: [] });

export function comparedRows(screenId: string): number[] {
  const current = comparison.get();
  if (current.screenId !== screenId) comparison.set({ screenId, rows: load(screenId) });
  return comparison.get().rows;
}

/** Adds or removes a row; false when adding would exceed MAX_COMPARE. */
export function toggleCompared(screenId: string, row: number): boolean {
  const rows = comparedRows(screenId);
  let next: number[];
  if (rows.includes(row)) next = rows.filter((r) => r !== row);
  else if (rows.length >= MAX_COMPARE) return false;
  else next = [...rows, row];
  sessionStorage.setItem(key(screenId), JSON.stringify(next));
  comparison.set({ screenId, rows: next });
  return true;
}
