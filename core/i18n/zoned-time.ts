/**
 * Wall-clock times in a tenant's zone. A `<input type="datetime-local">` sends `2026-03-09T14:30`
 * with no zone: read on the server as UTC (what `new Date()` does) it lands three hours off in
 * Argentina, and in a zone with daylight saving the offset changes with the date.
 */
const LOCAL = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?$/;
const partFormats = new Map<string, Intl.DateTimeFormat>();

/** The instant a `datetime-local` value (`YYYY-MM-DDTHH:mm[:ss]`) stands for in `timeZone`; null when it is not one. */
export function zonedDateTime(value: unknown, timeZone: string): Date | null {
  const m = typeof value === 'string' ? LOCAL.exec(value.trim()) : null;
  if (!m) return null;
  const [year, month, day, hour, minute, second] = m.slice(1).map((part) => Number(part ?? 0));
  const asUtc = Date.UTC(year, month - 1, day, hour, minute, second);
  const check = new Date(asUtc);
  if (check.getUTCMonth() !== month - 1 || check.getUTCDate() !== day || hour > 23 || minute > 59 || second > 59) return null;
  // The zone's offset at that wall time; asked twice so a value just past a change takes the new offset.
  const first = asUtc - offsetAt(asUtc, timeZone);
  return new Date(asUtc - offsetAt(first, timeZone));
}

/** `value` as the `datetime-local` text of its wall-clock time in `timeZone` (to fill the input back). */
export function localDateTime(value: Date, timeZone: string): string {
  const p = partsIn(value.getTime(), timeZone);
  return `${p.year}-${p.month}-${p.day}T${p.hour}:${p.minute}`;
}

/**
 * The calendar day (`YYYY-MM-DD`) `value` falls on in `timeZone`: the tenant's today is
 * `localDate(new Date(), tenant.timezone)`, which in Argentina is still yesterday in UTC until 03:00.
 */
export function localDate(value: Date, timeZone: string): string {
  return localDateTime(value, timeZone).slice(0, 10);
}

/** Milliseconds `timeZone` is ahead of UTC at `instant` (−3 h for Buenos Aires). */
export function zoneOffset(instant: Date, timeZone: string): number {
  return offsetAt(instant.getTime(), timeZone);
}

function offsetAt(instant: number, timeZone: string): number {
  const p = partsIn(instant, timeZone);
  const wall = Date.UTC(Number(p.year), Number(p.month) - 1, Number(p.day), Number(p.hour), Number(p.minute), Number(p.second));
  return wall - Math.floor(instant / 1000) * 1000;
}

function partsIn(instant: number, timeZone: string): Record<string, string> {
  let fmt = partFormats.get(timeZone);
  if (!fmt) {
    fmt = new Intl.DateTimeFormat('en-CA', { timeZone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit' });
    partFormats.set(timeZone, fmt);
  }
  return Object.fromEntries(fmt.formatToParts(new Date(instant)).map((part) => [part.type, part.value]));
}
