/**
 * ISO calendar dates (YYYY-MM-DD, proleptic Gregorian, years 0001–9999) as day numbers.
 * Computed arithmetically rather than with Date: Date.UTC maps years 0–99 to 19xx and
 * Date parsing accepts more than the strict form we require.
 */

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return isLeapYear(year) ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

/**
 * The day number (days since 1970-01-01) of a strict ISO date, or undefined if `text`
 * is not a real calendar date in the form YYYY-MM-DD (e.g. 2023-02-29, 2024-13-01,
 * 0000-01-01, 2024-1-01 are all rejected).
 */
export function isoDateToDayNumber(text: string): number | undefined {
  const match = ISO_DATE.exec(text);
  if (match === null) return undefined;
  const year = Number(match[1]);
  const month = Number(match[2]);
  const day = Number(match[3]);
  if (year < 1 || month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) {
    return undefined;
  }
  // days_from_civil (H. Hinnant, "chrono-Compatible Low-Level Date Algorithms").
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yearOfEra = y - era * 400;
  const monthFromMarch = (month + 9) % 12;
  const dayOfYear = Math.floor((153 * monthFromMarch + 2) / 5) + day - 1;
  const dayOfEra = yearOfEra * 365 + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100) + dayOfYear;
  return era * 146097 + dayOfEra - 719468;
}
