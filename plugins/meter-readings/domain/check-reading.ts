import { advance, rolloverConsumption } from './consumption.ts';
import { daysBetween, type LocalDate } from './local-date.ts';
import { isPlausible } from './plausibility.ts';

export type ReadingProblem =
  | { code: 'required' }
  | { code: 'digitsOnly' }
  | { code: 'tooManyDigits'; digits: number }
  | { code: 'lowerThanPrevious'; previous: number; previousOn: LocalDate };

export interface PreviousReading {
  value: number;
  readOn: LocalDate;
}

export interface SubmissionContext {
  registers: string[];
  digits: number;
  today: LocalDate;
  /** Latest reading of any kind on file, leaving out the customer's own one of this window (it is being replaced). */
  lastReadOn: LocalDate | null;
  /** Latest real reading of each register: an estimate may run ahead of the meter, so it is no floor. */
  previous: Record<string, PreviousReading | undefined>;
  usualDaily: number | null;
  factor: number;
}

export type SubmissionCheck =
  | { ok: false; problems: Record<string, ReadingProblem>; notAfter: LocalDate | null }
  | { ok: true; values: Record<string, number>; consumption: number | null; daily: number | null; implausible: boolean };

/** Digits only, and no more significant digits than the meter shows (leading zeros are how meters look). */
export function parseReading(raw: string, digits: number): { value: number } | { problem: ReadingProblem } {
  const text = raw.trim();
  if (text === '') return { problem: { code: 'required' } };
  if (!/^\d+$/.test(text)) return { problem: { code: 'digitsOnly' } };
  const significant = text.replace(/^0+(?=\d)/, '');
  if (significant.length > digits) return { problem: { code: 'tooManyDigits', digits } };
  return { value: Number(significant) };
}

/**
 * Everything that can be said about a submitted reading without the database: its format, that it
 * comes after the last reading on file, that no register went backwards (unless it rolled over),
 * and whether the consumption it implies is far from the customer's usual one.
 */
export function checkSubmission(raw: Record<string, string | undefined>, ctx: SubmissionContext): SubmissionCheck {
  const problems: Record<string, ReadingProblem> = {};
  const values: Record<string, number> = {};
  for (const register of ctx.registers) {
    const parsed = parseReading(raw[register] ?? '', ctx.digits);
    if ('problem' in parsed) {
      problems[register] = parsed.problem;
      continue;
    }
    const previous = ctx.previous[register];
    if (previous && parsed.value < previous.value && rolloverConsumption(previous.value, parsed.value, ctx.digits) === null) {
      problems[register] = { code: 'lowerThanPrevious', previous: previous.value, previousOn: previous.readOn };
      continue;
    }
    values[register] = parsed.value;
  }
  const notAfter = ctx.lastReadOn !== null && ctx.lastReadOn >= ctx.today ? ctx.lastReadOn : null;
  if (Object.keys(problems).length > 0 || notAfter) return { ok: false, problems, notAfter };

  const previous = ctx.registers.map((r) => ctx.previous[r]);
  if (previous.some((p) => !p)) return { ok: true, values, consumption: null, daily: null, implausible: false };
  const consumption = ctx.registers.reduce((sum, r) => sum + advance(ctx.previous[r]!.value, values[r], ctx.digits).consumption, 0);
  const since = previous.map((p) => p!.readOn).sort()[0];
  const days = daysBetween(since, ctx.today);
  const daily = days > 0 ? consumption / days : null;
  return { ok: true, values, consumption, daily, implausible: daily !== null && !isPlausible(daily, ctx.usualDaily, ctx.factor) };
}
