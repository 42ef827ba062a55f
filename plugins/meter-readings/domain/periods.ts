import { advance } from './consumption.ts';
import { daysBetween, type LocalDate } from './local-date.ts';

export type ReadingSource = 'company' | 'customer' | 'estimated' | 'telemetry';

export interface HistoryReading {
  id: number;
  register: string;
  readOn: LocalDate;
  value: number;
  source: ReadingSource;
  replacedBy: number | null;
}

export interface RegisterReading {
  register: string;
  value: number;
  /** Null for a register's first reading. */
  consumption: number | null;
  rolledOver: boolean;
}

/** From one reading date of a meter to the next. */
export interface Period {
  readOn: LocalDate;
  previousOn: LocalDate | null;
  days: number | null;
  /** All registers together; null unless every register has a reading now and before. */
  consumption: number | null;
  daily: number | null;
  estimated: boolean;
  source: ReadingSource;
  registers: RegisterReading[];
  /** Estimated readings that the real ones of this period corrected, kept to show what was billed before. */
  replaced: { register: string; value: number; readOn: LocalDate }[];
}

/** When two readings share a day and register, the one a person or device took wins over an estimate. */
const RANK: Record<ReadingSource, number> = { company: 3, telemetry: 3, customer: 2, estimated: 1 };

/** The meter's periods, oldest first, from its readings (estimates already corrected are left out). */
export function buildPeriods(readings: HistoryReading[], registers: string[], digits: number): Period[] {
  const byDay = new Map<LocalDate, Map<string, HistoryReading>>();
  for (const r of readings) {
    if (r.replacedBy !== null || !registers.includes(r.register)) continue;
    const day = byDay.get(r.readOn) ?? new Map<string, HistoryReading>();
    const other = day.get(r.register);
    if (!other || RANK[r.source] > RANK[other.source] || (RANK[r.source] === RANK[other.source] && r.id > other.id)) day.set(r.register, r);
    byDay.set(r.readOn, day);
  }
  const replacedFor = new Map<number, HistoryReading[]>();
  for (const r of readings) {
    if (r.replacedBy === null) continue;
    replacedFor.set(r.replacedBy, [...(replacedFor.get(r.replacedBy) ?? []), r]);
  }

  const last = new Map<string, number>();
  const periods: Period[] = [];
  let previousOn: LocalDate | null = null;
  for (const readOn of [...byDay.keys()].sort()) {
    const day = byDay.get(readOn)!;
    const own = registers.filter((code) => day.has(code)).map((code) => day.get(code)!);
    const regs: RegisterReading[] = own.map((r) => {
      const before = last.get(r.register);
      const step = before === undefined ? null : advance(before, r.value, digits);
      return { register: r.register, value: r.value, consumption: step?.consumption ?? null, rolledOver: step?.rolledOver ?? false };
    });
    for (const r of own) last.set(r.register, r.value);
    const complete = regs.length === registers.length && regs.every((r) => r.consumption !== null);
    const consumption = complete ? regs.reduce((sum, r) => sum + (r.consumption ?? 0), 0) : null;
    const days = previousOn ? daysBetween(previousOn, readOn) : null;
    const estimated = own.some((r) => r.source === 'estimated');
    periods.push({
      readOn,
      previousOn,
      days,
      consumption,
      daily: consumption !== null && days ? consumption / days : null,
      estimated,
      source: estimated ? 'estimated' : own[0].source,
      registers: regs,
      replaced: own.flatMap((r) => (replacedFor.get(r.id) ?? []).map((e) => ({ register: e.register, value: e.value, readOn: e.readOn }))),
    });
    previousOn = readOn;
  }
  return periods;
}

/**
 * Daily averages of the periods that began and ended with a real reading, for judging a new one:
 * a period next to an estimate measures the estimate as much as the customer.
 */
export function realDailyAverages(periods: Period[]): number[] {
  return periods
    .filter((p, i) => !p.estimated && i > 0 && !periods[i - 1].estimated && p.daily !== null)
    .map((p) => p.daily as number);
}
