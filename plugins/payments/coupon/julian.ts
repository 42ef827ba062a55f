/** `2025-02-01` → `25032`: two-digit year and day of the year, what coupon layouts print for due dates. */
export function julianYyddd(day: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day);
  if (!m) throw new Error(`not a calendar day: ${day}`);
  const year = Number(m[1]);
  const start = Date.UTC(year, 0, 1);
  const at = Date.UTC(year, Number(m[2]) - 1, Number(m[3]));
  const dayOfYear = Math.round((at - start) / 86_400_000) + 1;
  return `${String(year % 100).padStart(2, '0')}${String(dayOfYear).padStart(3, '0')}`;
}

/** Whole days from one calendar day to another. */
export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}
