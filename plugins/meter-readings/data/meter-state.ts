import type { EntityManager } from '@mikro-orm/postgresql';
import { localDate } from 'portal/sdk';
import type { MeterRow, ReadingRow } from '../entities.ts';
import type { MeterReadingsSettings } from '../settings.ts';
import { buildPeriods, realDailyAverages, type Period } from '../domain/periods.ts';
import { windowState, type WindowState } from '../domain/window.ts';
import { usualDaily } from '../domain/plausibility.ts';
import type { PreviousReading, SubmissionContext } from '../domain/check-reading.ts';
import { readingsOf, toHistory } from './meters.ts';
import { readingDatesFor } from './schedule.ts';

/** What every page about a meter needs: its readings as periods and where it stands with its window. */
export interface MeterState {
  meter: MeterRow;
  readings: ReadingRow[];
  periods: Period[];
  window: WindowState;
  /** The customer's reading already sent in the open window, one row per register. */
  submission: ReadingRow[];
}

export async function meterStates(
  em: EntityManager,
  meters: MeterRow[],
  settings: MeterReadingsSettings,
  now: Date,
  timeZone: string,
): Promise<MeterState[]> {
  const today = localDate(now, timeZone);
  const readings = await readingsOf(em, meters.map((m) => m.id));
  const dates = await readingDatesFor(em, meters, today);
  return meters.map((meter) => {
    const own = readings.filter((r) => r.meterId === meter.id);
    const window = windowState(settings.window, dates.get(meter.id) ?? [], now, timeZone);
    return {
      meter,
      readings: own,
      periods: buildPeriods(toHistory(own), meter.registers, meter.digits),
      window,
      submission: window.current ? own.filter((r) => r.source === 'customer' && r.windowKey === window.current!.key) : [],
    };
  });
}

/**
 * The history a new reading is checked against. The customer's own reading of this window is left
 * out: a resubmission replaces it, so it must not be its own floor.
 */
export function submissionContext(state: MeterState, factor: number): SubmissionContext {
  const key = state.window.current?.key;
  const history = toHistory(state.readings.filter((r) => !(r.source === 'customer' && r.windowKey === key)));
  const effective = history.filter((r) => r.replacedBy === null);
  const previous: Record<string, PreviousReading> = {};
  for (const r of effective) {
    if (r.source === 'estimated') continue;
    const known = previous[r.register];
    if (!known || r.readOn >= known.readOn) previous[r.register] = { value: r.value, readOn: r.readOn };
  }
  const registers = state.meter.registers;
  return {
    registers,
    digits: state.meter.digits,
    today: state.window.today,
    lastReadOn: effective.reduce<string | null>((max, r) => (max === null || r.readOn > max ? r.readOn : max), null),
    previous,
    usualDaily: usualDaily(realDailyAverages(buildPeriods(history, registers, state.meter.digits))),
    factor,
  };
}
