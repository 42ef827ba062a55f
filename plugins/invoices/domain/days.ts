/**
 * Fiscal dates are calendar days (`YYYY-MM-DD`), not instants: turning them into Date objects
 * and back through a time zone is how an invoice dated the 14th ends up printed as the 13th.
 */
const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;

export function isDay(value: unknown): value is string {
  if (typeof value !== 'string') return false;
  const m = DAY.exec(value);
  if (!m) return false;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return d.getUTCFullYear() === Number(m[1]) && d.getUTCMonth() === Number(m[2]) - 1 && d.getUTCDate() === Number(m[3]);
}

/** `2010-01-14` → `14/01/2010`. */
export function formatDay(day: string | null | undefined): string {
  if (!day) return '';
  const m = DAY.exec(day);
  return m ? `${m[3]}/${m[2]}/${m[1]}` : day;
}

// Building an Intl formatter costs far more than using one: one per locale.
const monthFormats = new Map<string, Intl.DateTimeFormat>();

export function addDays(day: string, days: number): string {
  const [y, m, d] = day.split('-').map(Number);
  return new Date(Date.UTC(y, m - 1, d + days)).toISOString().slice(0, 10);
}

/** `2025-03` plus -2 months → `2025-01`. */
export function addMonths(period: string, months: number): string {
  const [y, m] = period.split('-').map(Number);
  const d = new Date(Date.UTC(y, m - 1 + months, 1));
  return d.toISOString().slice(0, 7);
}

/** `2025-01` → `Enero de 2025` / `January 2025`. */
export function periodLabel(period: string, locale: string): string {
  const [y, m] = period.split('-').map(Number);
  let fmt = monthFormats.get(locale);
  if (!fmt) {
    fmt = new Intl.DateTimeFormat(locale, { month: 'long', year: 'numeric', timeZone: 'UTC' });
    monthFormats.set(locale, fmt);
  }
  const text = fmt.format(new Date(Date.UTC(y, m - 1, 1)));
  return text.charAt(0).toLocaleUpperCase(locale) + text.slice(1);
}
