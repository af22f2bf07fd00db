import type { Descriptors } from './descriptors';

/**
 * Lipinski's rule of five: one violation each for MW > 500, cLogP > 5, more than 5 donors, more than 10
 * acceptors. Donors and acceptors are Lipinski's own counts (NH/OH and N+O), as in the original rule.
 */
export function lipinskiViolations(
  d: Pick<Descriptors, 'molWt' | 'clogp' | 'lipinskiHbd' | 'lipinskiHba'>,
): number {
  return [d.molWt > 500, d.clogp > 5, d.lipinskiHbd > 5, d.lipinskiHba > 10].filter(Boolean).length;
}

/** Veber's oral bioavailability rule: at most 10 rotatable bonds and a TPSA of at most 140 Å². */
export function veberPass(d: Pick<Descriptors, 'rotBonds' | 'tpsa'>): boolean {
  return d.rotBonds <= 10 && d.tpsa <= 140;
}
