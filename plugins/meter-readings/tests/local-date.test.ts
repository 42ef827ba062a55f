import { describe, expect, it } from 'vitest';
import { localDate } from 'portal/sdk';
import { addDays, addMonths, clampedDay, daysBetween, daysInMonth, startOfLocalDay } from '../domain/local-date.ts';

const BA = 'America/Argentina/Buenos_Aires';

describe('calendar days in the tenant zone', () => {
  it('changes day at local midnight, three hours after UTC midnight', () => {
    expect(localDate(new Date('2025-03-10T02:59:59.999Z'), BA)).toBe('2025-03-09');
    expect(localDate(new Date('2025-03-10T03:00:00.000Z'), BA)).toBe('2025-03-10');
    expect(localDate(new Date('2025-03-10T02:59:59.999Z'), 'UTC')).toBe('2025-03-10');
  });

  it('crosses a year end in the zone, not in UTC', () => {
    expect(localDate(new Date('2026-01-01T01:00:00Z'), BA)).toBe('2025-12-31');
    expect(startOfLocalDay('2026-01-01', BA).toISOString()).toBe('2026-01-01T03:00:00.000Z');
  });

  it('starts a day at local midnight', () => {
    expect(startOfLocalDay('2025-03-10', BA).toISOString()).toBe('2025-03-10T03:00:00.000Z');
    expect(startOfLocalDay('2025-03-10', 'UTC').toISOString()).toBe('2025-03-10T00:00:00.000Z');
  });

  it('starts a day at 01:00 when daylight saving skipped midnight (Buenos Aires, 19 Oct 2008)', () => {
    expect(startOfLocalDay('2008-10-19', BA).toISOString()).toBe('2008-10-19T03:00:00.000Z');
    expect(localDate(new Date('2008-10-19T02:59:59Z'), BA)).toBe('2008-10-18');
  });

  it('starts the day after the clocks went back at its second midnight (15 Mar 2009)', () => {
    // 14 March 2009 lasted 25 hours: 00:00 of the 15th is at −03, not −02.
    expect(startOfLocalDay('2009-03-15', BA).toISOString()).toBe('2009-03-15T03:00:00.000Z');
    expect(startOfLocalDay('2009-03-14', BA).toISOString()).toBe('2009-03-14T02:00:00.000Z');
  });

  it('knows month lengths, leap years included', () => {
    expect([2024, 2025, 2000, 2100].map((y) => daysInMonth(y, 2))).toEqual([29, 28, 29, 28]);
    expect(daysInMonth(2025, 4)).toBe(30);
    expect(daysInMonth(2025, 12)).toBe(31);
  });

  it('adds days across month and year ends', () => {
    expect(addDays('2025-02-28', 1)).toBe('2025-03-01');
    expect(addDays('2024-02-28', 1)).toBe('2024-02-29');
    expect(addDays('2025-12-31', 1)).toBe('2026-01-01');
    expect(addDays('2025-03-01', -1)).toBe('2025-02-28');
    expect(daysBetween('2025-02-10', '2025-03-10')).toBe(28);
    expect(daysBetween('2025-03-10', '2025-02-10')).toBe(-28);
  });

  it('adds months, keeping the day or the last day of a shorter month', () => {
    expect(addMonths('2025-01-31', 1)).toBe('2025-02-28');
    expect(addMonths('2024-01-31', 1)).toBe('2024-02-29');
    expect(addMonths('2025-03-15', -3)).toBe('2024-12-15');
    expect(addMonths('2025-11-30', 14)).toBe('2027-01-30');
    expect(clampedDay(2025, 4, 31)).toBe('2025-04-30');
  });
});
