import type { Window } from '../trial.types';

const DAY_MS = 86_400_000;

/** The reference instants of a trial's `asOf` date (UTC): its first and its last millisecond. */
export interface AsOf {
  date: string;
  start: number;
  end: number;
}

export function asOfInstants(date: string): AsOf {
  const start = Date.parse(`${date}T00:00:00Z`);
  return { date, start, end: start + DAY_MS - 1 };
}

/** The first instant of a window ending at asOf: asOf minus years, months and days (calendar arithmetic, UTC). */
export function windowStart(asOf: AsOf, window: Window): number {
  const d = new Date(asOf.start);
  d.setUTCFullYear(
    d.getUTCFullYear() - (window.years ?? 0),
    d.getUTCMonth() - (window.months ?? 0),
    d.getUTCDate() - (window.days ?? 0),
  );
  return d.getTime();
}

export function describeWindow(window: Window): string {
  const parts: string[] = [];
  if (window.years) parts.push(`${window.years} year${window.years === 1 ? '' : 's'}`);
  if (window.months) parts.push(`${window.months} month${window.months === 1 ? '' : 's'}`);
  if (window.days) parts.push(`${window.days} day${window.days === 1 ? '' : 's'}`);
  return parts.length === 0 ? '0 days' : parts.join(' ');
}

/** Age in whole years on the asOf date (a birthday on the asOf date counts). */
export function ageInYears(birthDate: number, asOf: AsOf): number {
  const b = new Date(birthDate);
  const a = new Date(asOf.start);
  let age = a.getUTCFullYear() - b.getUTCFullYear();
  const beforeBirthday =
    a.getUTCMonth() < b.getUTCMonth() ||
    (a.getUTCMonth() === b.getUTCMonth() && a.getUTCDate() < b.getUTCDate());
  if (beforeBirthday) age--;
  return age;
}

export function isoDate(ms: number): string {
  // Readers never store an unparsable date, but evidence text must not be what throws if one gets through.
  const date = new Date(ms);
  return Number.isNaN(date.getTime()) ? 'an invalid date' : date.toISOString().slice(0, 10);
}
