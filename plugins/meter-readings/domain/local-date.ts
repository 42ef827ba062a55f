import { localDate, zoneOffset } from 'portal/sdk';

/**
 * Calendar days in a time zone, as `YYYY-MM-DD` strings. Reading dates are calendar days of the
 * tenant's zone, so they are compared as days and only turned into instants at the edges.
 */
export type LocalDate = string;

const DAY_MS = 86_400_000;

/**
 * The first instant of `day` in the zone. Usually local midnight; where a DST change skips
 * midnight (Buenos Aires on 2008-10-19 went from 00:00 straight to 01:00) the day starts later.
 */
export function startOfLocalDay(day: LocalDate, timeZone: string): Date {
  const guess = Date.UTC(...ymd(day));
  const candidates = [guess - DAY_MS, guess, guess + DAY_MS].map((probe) => guess - zoneOffset(new Date(probe), timeZone));
  const starts = candidates.filter(
    (t) => localDate(new Date(t), timeZone) === day && localDate(new Date(t - 1), timeZone) !== day,
  );
  return new Date(starts.length ? Math.min(...starts) : guess - zoneOffset(new Date(guess), timeZone));
}

export function addDays(day: LocalDate, days: number): LocalDate {
  return new Date(Date.UTC(...ymd(day)) + days * DAY_MS).toISOString().slice(0, 10);
}

/** Whole days from `from` to `to` (negative when `to` comes first). */
export function daysBetween(from: LocalDate, to: LocalDate): number {
  return Math.round((Date.UTC(...ymd(to)) - Date.UTC(...ymd(from))) / DAY_MS);
}

/** `month` is 1–12. */
export function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** Day `day` of the month, or the month's last day when the month is shorter (31 → 28 in February). */
export function clampedDay(year: number, month: number, day: number): LocalDate {
  const d = Math.min(day, daysInMonth(year, month));
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

/** The same day `months` later, clamped to the end of shorter months. */
export function addMonths(day: LocalDate, months: number): LocalDate {
  const [y, m, d] = ymd(day);
  const index = y * 12 + m + months;
  return clampedDay(Math.floor(index / 12), (index % 12) + 1, d);
}

/** Year, zero-based month and day, in the order Date.UTC takes them. */
function ymd(day: LocalDate): [number, number, number] {
  return [Number(day.slice(0, 4)), Number(day.slice(5, 7)) - 1, Number(day.slice(8, 10))];
}
