import type { PatientRecord } from '../patient.types';
import { UNASSIGNED_COHORT } from '../schema/validate-trial';
import type { Site } from '../trial.types';

/**
 * The first site whose `match` fits, else "unassigned". Every key given in `match` must fit; a key fits when any
 * of its values does: city and state case-insensitively, postal code by prefix, organization by the id or the
 * name of the latest encounter's service provider (case-insensitive). A patient restored from a stored patient
 * set carries the site matched at ingest (`assignedSite`).
 */
export function assignSite(sites: Site[], patient: PatientRecord): string {
  if (patient.assignedSite !== undefined) return patient.assignedSite;
  for (const site of sites) if (siteMatches(site, patient)) return site.id;
  return UNASSIGNED_COHORT;
}

export function siteMatches(site: Site, patient: PatientRecord): boolean {
  const m = site.match;
  const same = (a: string | undefined, values: string[]) =>
    a !== undefined && values.some((v) => v.toLowerCase() === a.toLowerCase());
  if (m.city && !same(patient.city, m.city)) return false;
  if (m.state && !same(patient.state, m.state)) return false;
  if (m.postalCodePrefix && !m.postalCodePrefix.some((prefix) => patient.postalCode?.startsWith(prefix)))
    return false;
  if (m.organization) {
    const e = patient.latestEncounter;
    if (!same(e?.organizationId, m.organization) && !same(e?.organizationName, m.organization)) return false;
  }
  return true;
}
