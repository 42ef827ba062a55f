import { describe, expect, it } from 'vitest';
import { monthlyWindow, scheduleWindows, windowState } from '../domain/window.ts';
import type { WindowSettings } from '../settings.ts';

const BA = 'America/Argentina/Buenos_Aires';
const daysBefore = (n: number): WindowSettings => ({ rule: 'daysBefore', daysBefore: n, fromDay: 1, toDay: 1 });
const fixedDays = (fromDay: number, toDay: number): WindowSettings => ({ rule: 'fixedDays', daysBefore: 1, fromDay, toDay });
const at = (iso: string) => new Date(iso);

describe('window before each scheduled reading date', () => {
  const rule = daysBefore(5);

  it('opens at local midnight N days before, not at UTC midnight', () => {
    const before = windowState(rule, ['2025-03-31'], at('2025-03-26T02:59:59.999Z'), BA);
    expect(before.current).toBeNull();
    expect(before.next?.firstDay).toBe('2025-03-26');
    expect(before.next?.opensAt.toISOString()).toBe('2025-03-26T03:00:00.000Z');
    const after = windowState(rule, ['2025-03-31'], at('2025-03-26T03:00:00.000Z'), BA);
    expect(after.current).toMatchObject({ key: '2025-03-31', firstDay: '2025-03-26', lastDay: '2025-03-31', readingDate: '2025-03-31' });
  });

  it('stays open through the last local minute of the reading date, which is already the next day in UTC', () => {
    const last = windowState(rule, ['2025-03-31'], at('2025-04-01T02:59:59.999Z'), BA);
    expect(last.today).toBe('2025-03-31');
    expect(last.current?.closesAt.toISOString()).toBe('2025-04-01T03:00:00.000Z');
    const closed = windowState(rule, ['2025-03-31'], at('2025-04-01T03:00:00.000Z'), BA);
    expect(closed.current).toBeNull();
    expect(closed.next).toBeNull();
  });

  it('the same instant is inside the window in UTC but not yet in Buenos Aires', () => {
    const instant = at('2025-03-26T01:00:00Z');
    expect(windowState(rule, ['2025-03-31'], instant, 'UTC').current).not.toBeNull();
    expect(windowState(rule, ['2025-03-31'], instant, BA).current).toBeNull();
  });

  it('reaches back across a month end, a leap day and a year end', () => {
    expect(scheduleWindows(5, ['2025-03-02'])[0].firstDay).toBe('2025-02-25');
    expect(scheduleWindows(5, ['2024-03-02'])[0].firstDay).toBe('2024-02-26');
    expect(scheduleWindows(5, ['2026-01-03'])[0].firstDay).toBe('2025-12-29');
  });

  it('is open on 28 February of a common year and on the 29th of a leap year when the reading is on 1 March', () => {
    expect(windowState(daysBefore(1), ['2025-03-01'], at('2025-02-28T12:00:00Z'), BA).current?.key).toBe('2025-03-01');
    expect(windowState(daysBefore(1), ['2024-03-01'], at('2024-02-28T12:00:00Z'), BA).current).toBeNull();
    expect(windowState(daysBefore(1), ['2024-03-01'], at('2024-02-29T12:00:00Z'), BA).current?.key).toBe('2024-03-01');
  });

  it('names the next window when between two, in date order whatever order the schedule came in', () => {
    const state = windowState(rule, ['2025-05-15', '2025-03-14', '2025-04-15'], at('2025-03-20T15:00:00Z'), BA);
    expect(state.current).toBeNull();
    expect(state.next).toMatchObject({ key: '2025-04-15', firstDay: '2025-04-10' });
  });

  it('never lets two windows share a day when reading dates are close together', () => {
    const windows = scheduleWindows(5, ['2025-03-10', '2025-03-12']);
    expect(windows.map((w) => [w.firstDay, w.lastDay])).toEqual([
      ['2025-03-05', '2025-03-10'],
      ['2025-03-11', '2025-03-12'],
    ]);
    expect(windowState(rule, ['2025-03-10', '2025-03-12'], at('2025-03-10T20:00:00Z'), BA).current?.key).toBe('2025-03-10');
  });

  it('has no window without scheduled dates', () => {
    expect(windowState(rule, [], at('2025-03-20T15:00:00Z'), BA)).toMatchObject({ current: null, next: null });
  });
});

describe('window on fixed days of every month', () => {
  it('opens on fromDay and closes after toDay, in local time', () => {
    const rule = fixedDays(20, 25);
    expect(windowState(rule, [], at('2025-02-20T02:59:59Z'), BA).current).toBeNull();
    expect(windowState(rule, [], at('2025-02-20T03:00:00Z'), BA).current?.key).toBe('2025-02-20');
    expect(windowState(rule, [], at('2025-02-26T02:59:59Z'), BA).current?.lastDay).toBe('2025-02-25');
    const closed = windowState(rule, [], at('2025-02-26T03:00:00Z'), BA);
    expect(closed.current).toBeNull();
    expect(closed.next).toMatchObject({ key: '2025-03-20', opensAt: at('2025-03-20T03:00:00Z') });
  });

  it('clamps days past the end of a short month to its last day', () => {
    expect(monthlyWindow(2025, 2, 29, 31)).toMatchObject({ firstDay: '2025-02-28', lastDay: '2025-02-28' });
    expect(monthlyWindow(2024, 2, 29, 31)).toMatchObject({ firstDay: '2024-02-29', lastDay: '2024-02-29' });
    expect(monthlyWindow(2025, 4, 28, 31)).toMatchObject({ firstDay: '2025-04-28', lastDay: '2025-04-30' });
    expect(windowState(fixedDays(29, 31), [], at('2025-02-28T23:00:00Z'), BA).current?.key).toBe('2025-02-28');
    expect(windowState(fixedDays(29, 31), [], at('2025-03-01T03:00:00Z'), BA).current).toBeNull();
  });

  it('wraps into the next month when fromDay comes after toDay', () => {
    const rule = fixedDays(28, 3);
    expect(monthlyWindow(2025, 1, 28, 3)).toMatchObject({ firstDay: '2025-01-28', lastDay: '2025-02-03' });
    const early = windowState(rule, [], at('2025-02-02T12:00:00Z'), BA);
    expect(early.current?.key).toBe('2025-01-28');
    expect(early.next?.key).toBe('2025-02-28');
    expect(windowState(rule, [], at('2025-03-02T12:00:00Z'), BA).current?.key).toBe('2025-02-28');
  });

  it('wraps across the year end', () => {
    const state = windowState(fixedDays(28, 3), [], at('2026-01-02T12:00:00Z'), BA);
    expect(state.current).toMatchObject({ key: '2025-12-28', lastDay: '2026-01-03' });
    expect(state.current?.closesAt.toISOString()).toBe('2026-01-04T03:00:00.000Z');
    // On New Year's Eve at 23:30 local it is already 1 January in UTC; the window is the same.
    expect(windowState(fixedDays(28, 3), [], at('2026-01-01T02:30:00Z'), BA).today).toBe('2025-12-31');
  });

  it('ends a wrapping window the day before the next one when clamping would make them meet', () => {
    expect(monthlyWindow(2025, 1, 31, 30)).toMatchObject({ firstDay: '2025-01-31', lastDay: '2025-02-27' });
    expect(monthlyWindow(2025, 2, 31, 30)).toMatchObject({ firstDay: '2025-02-28', lastDay: '2025-03-30' });
  });
});
