/**
 * SQL for a queue's promised times (first answer, resolution), so the database sorts and counts
 * by them. Hours are plain hours: a promise of business hours would need each tenant's holidays,
 * which no tenant file holds yet. The hours are integers and the keys ids the settings schema
 * checked: they are written into the statement (checked again here), which keeps it free of
 * parameters whose order would depend on the settings.
 */
const KEY = /^[a-z0-9][a-z0-9-]{0,63}$/;

/** `CASE <column> WHEN 'a' THEN 4 … ELSE <fallback> END`: the hours that apply to each row. */
export function hoursByKeySql(column: string, fallback: number, byKey: Record<string, number | undefined>): string {
  const whole = (h: unknown) => (Number.isInteger(h) && (h as number) >= 0 ? (h as number) : null);
  const cases = Object.entries(byKey)
    .filter(([key, h]) => KEY.test(key) && whole(h) !== null)
    .map(([key, h]) => `WHEN '${key}' THEN ${whole(h)!}`);
  const otherwise = whole(fallback) ?? 0;
  return cases.length ? `(CASE ${column} ${cases.join(' ')} ELSE ${otherwise} END)` : String(otherwise);
}

/** `start` plus the hours, or NULL when the hours are 0 (no promise). */
export function dueAtSql(start: string, hoursSql: string): string {
  return `(${start} + NULLIF(${hoursSql}, 0) * interval '1 hour')`;
}
