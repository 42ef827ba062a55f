import { localDate } from 'portal/sdk';
import { addDays, clampedDay, startOfLocalDay, type LocalDate } from './local-date.ts';
import type { WindowSettings } from '../settings.ts';

/** Days on which a customer may submit a reading, whole days in the tenant's zone. */
export interface ReadingWindow {
  /** Names the window in stored submissions and sent reminders: its reading date, or its first day. */
  key: string;
  firstDay: LocalDate;
  /** Inclusive. */
  lastDay: LocalDate;
  /** The scheduled reading date it leads up to (daysBefore rule only). */
  readingDate: LocalDate | null;
}

export interface TimedWindow extends ReadingWindow {
  opensAt: Date;
  /** The first instant after the window (exclusive end). */
  closesAt: Date;
}

export interface WindowState {
  today: LocalDate;
  /** The window open at the given instant, if any. */
  current: TimedWindow | null;
  /** The first window that opens after today. */
  next: TimedWindow | null;
}

/**
 * `daysBefore` days ahead of each reading date, up to and including that date. When two dates are
 * closer than that, the later window starts the day after the earlier date so no day belongs to two.
 */
export function scheduleWindows(daysBefore: number, readingDates: LocalDate[]): ReadingWindow[] {
  const dates = [...new Set(readingDates)].sort();
  return dates.map((date, i) => {
    const earliest = addDays(date, -daysBefore);
    const afterPrevious = i > 0 ? addDays(dates[i - 1], 1) : earliest;
    return { key: date, firstDay: earliest > afterPrevious ? earliest : afterPrevious, lastDay: date, readingDate: date };
  });
}

/**
 * Days `fromDay`..`toDay` of the month, clamped to shorter months (31 means the last day). With
 * `fromDay` after `toDay` the window starts in one month and ends in the next, and it stops the day
 * before the following window should clamping make them meet.
 */
export function monthlyWindow(year: number, month: number, fromDay: number, toDay: number): ReadingWindow {
  const firstDay = clampedDay(year, month, fromDay);
  let lastDay: LocalDate;
  if (fromDay <= toDay) {
    lastDay = clampedDay(year, month, toDay);
  } else {
    const [ny, nm] = month === 12 ? [year + 1, 1] : [year, month + 1];
    const nextFirst = clampedDay(ny, nm, fromDay);
    lastDay = clampedDay(ny, nm, toDay);
    if (lastDay >= nextFirst) lastDay = addDays(nextFirst, -1);
  }
  return { key: firstDay, firstDay, lastDay, readingDate: null };
}

/** The monthly windows that can matter around `day`: the previous month's (it may still be open) to two months on. */
export function monthlyWindowsAround(day: LocalDate, fromDay: number, toDay: number): ReadingWindow[] {
  const year = Number(day.slice(0, 4));
  const month = Number(day.slice(5, 7));
  const out: ReadingWindow[] = [];
  for (let delta = -1; delta <= 2; delta++) {
    const index = year * 12 + (month - 1) + delta;
    out.push(monthlyWindow(Math.floor(index / 12), (index % 12) + 1, fromDay, toDay));
  }
  return out;
}

/** Which window is open at `now` and which one comes next, for one meter. */
export function windowState(rule: WindowSettings, readingDates: LocalDate[], now: Date, timeZone: string): WindowState {
  const today = localDate(now, timeZone);
  const windows =
    rule.rule === 'fixedDays'
      ? monthlyWindowsAround(today, rule.fromDay, rule.toDay)
      : scheduleWindows(rule.daysBefore, readingDates);
  const timed = (w: ReadingWindow | undefined): TimedWindow | null =>
    w ? { ...w, opensAt: startOfLocalDay(w.firstDay, timeZone), closesAt: startOfLocalDay(addDays(w.lastDay, 1), timeZone) } : null;
  return {
    today,
    current: timed(windows.find((w) => w.firstDay <= today && today <= w.lastDay)),
    next: timed(windows.find((w) => w.firstDay > today)),
  };
}
