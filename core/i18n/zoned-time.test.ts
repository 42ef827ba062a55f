import { describe, expect, it } from 'vitest';
import { localDate, localDateTime, zonedDateTime } from './zoned-time.ts';

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

describe('the calendar day of an instant in the tenant zone', () => {
  const BA = 'America/Argentina/Buenos_Aires';

  it('changes at local midnight, three hours after UTC midnight in Argentina', () => {
    expect(localDate(new Date('2025-03-10T02:59:59.999Z'), BA)).toBe('2025-03-09');
    expect(localDate(new Date('2025-03-10T03:00:00.000Z'), BA)).toBe('2025-03-10');
    expect(localDate(new Date('2025-03-10T02:59:59.999Z'), 'UTC')).toBe('2025-03-10');
  });

  it('crosses a year end in the zone, not in UTC', () => {
    expect(localDate(new Date('2026-01-01T01:00:00Z'), BA)).toBe('2025-12-31');
    expect(localDate(new Date('2025-12-31T15:00:00Z'), 'Asia/Tokyo')).toBe('2026-01-01');
  });

  it('follows the offset of its date where the zone had daylight saving (Buenos Aires, October 2008)', () => {
    expect(localDate(new Date('2008-10-19T02:59:59Z'), BA)).toBe('2008-10-18');
    expect(localDate(new Date('2008-10-19T03:00:00Z'), BA)).toBe('2008-10-19');
  });
});
