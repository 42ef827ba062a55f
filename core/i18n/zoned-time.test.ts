import { describe, expect, it } from 'vitest';
import { localDateTime, zonedDateTime } from './zoned-time.ts';

describe('a datetime-local value read in the tenant zone', () => {
  it('is the instant that wall-clock time stands for there, not in UTC', () => {
    expect(zonedDateTime('2026-03-09T14:30', 'America/Argentina/Salta')?.toISOString()).toBe('2026-03-09T17:30:00.000Z');
    expect(zonedDateTime('2026-03-09T14:30:15', 'UTC')?.toISOString()).toBe('2026-03-09T14:30:15.000Z');
  });

  it('takes the offset of its own date where the zone changes it (daylight saving)', () => {
    expect(zonedDateTime('2026-01-15T09:00', 'America/New_York')?.toISOString()).toBe('2026-01-15T14:00:00.000Z');
    expect(zonedDateTime('2026-07-15T09:00', 'America/New_York')?.toISOString()).toBe('2026-07-15T13:00:00.000Z');
  });

  it('is null for anything that is not a date and time', () => {
    for (const value of ['', 'mañana', '2026-02-30T10:00', '2026-03-09T24:00', '2026-03-09', 42, undefined]) expect(zonedDateTime(value, 'UTC')).toBeNull();
  });

  it('writes an instant back as the value the input shows in that zone', () => {
    expect(localDateTime(new Date('2026-03-09T17:30:00Z'), 'America/Argentina/Salta')).toBe('2026-03-09T14:30');
    expect(localDateTime(zonedDateTime('2026-12-31T23:59', 'Asia/Tokyo')!, 'Asia/Tokyo')).toBe('2026-12-31T23:59');
  });
});
