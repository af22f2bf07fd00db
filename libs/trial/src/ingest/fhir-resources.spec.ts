import { parseFhirDate } from './fhir-resources';

describe('parseFhirDate', () => {
  it.each([
    ['2026-11-01', Date.UTC(2026, 10, 1)],
    ['2005-07-29T20:37:06+00:00', Date.UTC(2005, 6, 29, 20, 37, 6)],
    ['2012-08-10T20:37:06.059+00:00', Date.UTC(2012, 7, 10, 20, 37, 6, 59)],
    ['2020-01-01T10:00:00-05:00', Date.UTC(2020, 0, 1, 15)],
    ['2024-02-29', Date.UTC(2024, 1, 29)],
    ['2026', Date.UTC(2026, 0, 1)],
    ['2026-05', Date.UTC(2026, 4, 1)],
  ])('%s', (text, expected) => {
    expect(parseFhirDate(text)).toBe(expected);
  });
  it('refuses impossible dates and non-dates; absent is undefined', () => {
    expect(parseFhirDate('2026-02-30')).toBeNaN();
    expect(parseFhirDate('2025-02-29')).toBeNaN();
    expect(parseFhirDate('garbage')).toBeNaN();
    expect(parseFhirDate(20260101)).toBeNaN();
    expect(parseFhirDate(undefined)).toBeUndefined();
  });
});
