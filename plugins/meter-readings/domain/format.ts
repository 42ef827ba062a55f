import type { LocalDate } from './local-date.ts';

/**
 * Numbers and dates read the es-AR way on every page, like core's money and dates: a reading must
 * look the same on the portal, the bill and the meter's own display.
 */
const numberFormats = new Map<number, Intl.NumberFormat>();

const fixedFormats = new Map<number, Intl.NumberFormat>();

export function formatNumber(value: number, maxDecimals = 0): string {
  let fmt = numberFormats.get(maxDecimals);
  if (!fmt) {
    fmt = new Intl.NumberFormat('es-AR', { maximumFractionDigits: maxDecimals, minimumFractionDigits: 0 });
    numberFormats.set(maxDecimals, fmt);
  }
  return fmt.format(value);
}

/**
 * A formatter for a series of daily averages: small ones need two decimals to tell periods apart,
 * and a column or an axis reads best with the same number of decimals throughout.
 */
export function dailyFormat(values: number[]): (value: number) => string {
  const max = Math.max(0, ...values.map(Math.abs));
  const decimals = max < 10 ? 2 : max < 100 ? 1 : 0;
  let fmt = fixedFormats.get(decimals);
  if (!fmt) {
    fmt = new Intl.NumberFormat('es-AR', { maximumFractionDigits: decimals, minimumFractionDigits: decimals });
    fixedFormats.set(decimals, fmt);
  }
  const format = fmt;
  return (value) => format.format(value);
}

export function formatDaily(value: number): string {
  return dailyFormat([value])(value);
}

/** `2025-03-10` → `10/03/2025`; a calendar day is never shifted through a time zone. */
export function formatLocalDate(day: LocalDate): string {
  return `${day.slice(8, 10)}/${day.slice(5, 7)}/${day.slice(0, 4)}`;
}

const monthFormats = new Map<string, Intl.DateTimeFormat>();

/** Month name of a calendar day in the page's language (`short`: "mar", `long`: "marzo"). */
export function monthName(day: LocalDate, locale: string, width: 'short' | 'long'): string {
  const key = `${locale}|${width}`;
  let fmt = monthFormats.get(key);
  if (!fmt) {
    fmt = new Intl.DateTimeFormat(locale, { month: width, timeZone: 'UTC' });
    monthFormats.set(key, fmt);
  }
  return fmt.format(new Date(Date.UTC(Number(day.slice(0, 4)), Number(day.slice(5, 7)) - 1, 15))).replace(/\.$/, '');
}
