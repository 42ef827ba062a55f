import { localDate, type DemoSeedContext } from 'portal/sdk';
import { MeterReadingsProvider } from './data/provider-service.ts';
import type { MeterInput, ReadingInput } from './data/provider-input.ts';
import { addDays, addMonths, daysBetween, type LocalDate } from './domain/local-date.ts';

const HISTORY_MONTHS = 24;
const ROUTE = 'DEMO-1';
/** A route read later in the month: its window is still closed right after seeding. */
const LATE_ROUTE = 'DEMO-2';
const LATE_DAYS = 20;
/** Months back (24 = oldest) whose reading the company estimated; the one in REPLACED was later read for real. */
const ESTIMATED = new Set([19, 13, 8]);
const REPLACED = 13;

/**
 * Two years of monthly readings for every demo account: a water meter each, and a peak/off-peak
 * electricity meter on the first account. Dates follow today so the next reading is two days away
 * and the window is open right after seeding; rows are keyed by month, so seeding again the same
 * month changes nothing and a later month moves the same rows.
 * One water meter is on a route read 20 days later, so seed 001's "closed window" notice can be
 * seen too: that of the first account whose customer holds an earlier one (one login, both states).
 */
export async function seedDemo({ tenant, em, accounts }: DemoSeedContext): Promise<void> {
  if (accounts.length === 0) return;
  const next = addDays(localDate(new Date(), tenant.timezone), 2);
  const provider = new MeterReadingsProvider(em, tenant.id);
  const late = closedWindowAccount(accounts);
  const meters: (MeterInput & { daily: (month: number) => Record<string, number> })[] = accounts.flatMap((account, i) => {
    const household = 1 + 0.18 * (i % 4);
    const water = {
      externalId: `demo-${account.number}-agua`,
      accountNumber: account.number,
      number: `A${String(4_021_300 + i * 17).padStart(8, '0')}`,
      kind: 'water' as const,
      digits: 5,
      route: account.number === late ? LATE_ROUTE : ROUTE,
      // Summer (January) is when Argentine households use most water.
      daily: (month: number) => ({ total: household * (0.5 + 0.22 * Math.cos((2 * Math.PI * (month - 1)) / 12)) }),
    };
    if (i > 0) return [water];
    const electricity = {
      externalId: `demo-${account.number}-luz`,
      accountNumber: account.number,
      number: `E${String(7_730_100 + i).padStart(8, '0')}`,
      kind: 'electricity' as const,
      digits: 6,
      registers: ['peak', 'offpeak'],
      route: ROUTE,
      // Air conditioning in January and heating in July both raise it.
      daily: (month: number) => {
        const season = Math.abs(Math.cos((2 * Math.PI * (month - 1)) / 12));
        return { peak: 3.2 + 2.4 * season, offpeak: 4.1 + 1.6 * season };
      },
    };
    return [water, electricity];
  });
  await provider.upsertMeters(meters.map(({ daily, ...meter }) => meter));
  const lateNext = addDays(next, LATE_DAYS);
  await provider.upsertSchedule([
    { route: ROUTE, dates: Array.from({ length: 12 }, (_, k) => addMonths(next, k)) },
    ...(late ? [{ route: LATE_ROUTE, dates: Array.from({ length: 12 }, (_, k) => addMonths(lateNext, k)) }] : []),
  ]);
  await provider.upsertReadings(
    meters.flatMap((meter, i) => history(meter.externalId, meter.registers ?? ['total'], meter.daily, meter.route === LATE_ROUTE ? lateNext : next, 10_000 + 1_317 * i)),
  );
}

/** The number of the first account whose customer already holds an earlier one; null when none. */
function closedWindowAccount(accounts: DemoSeedContext['accounts']): string | null {
  const found = accounts.find((a, i) => a.customerId !== null && accounts.slice(0, i).some((b) => b.customerId === a.customerId));
  return found?.number ?? null;
}

/** Cumulative readings month by month, with a little deterministic noise so no two months look alike. */
function history(meterId: string, registers: string[], daily: (month: number) => Record<string, number>, next: LocalDate, start: number): ReadingInput[] {
  const out: ReadingInput[] = [];
  const value: Record<string, number> = Object.fromEntries(registers.map((r, i) => [r, start + 2_000 * i]));
  let previous = addMonths(next, -HISTORY_MONTHS - 1);
  for (let back = HISTORY_MONTHS; back >= 1; back--) {
    const readOn = addMonths(next, -back);
    const days = daysBetween(previous, readOn);
    const month = Number(readOn.slice(5, 7));
    const rates = daily(month);
    const key = `${meterId}-${readOn.slice(0, 7)}`;
    for (const register of registers) {
      value[register] += Math.round(rates[register] * days * (0.9 + 0.2 * noise(`${key}-${register}`)));
      const reading = { meterExternalId: meterId, register, readOn, value: value[register] };
      if (!ESTIMATED.has(back)) {
        out.push({ ...reading, externalId: `${key}-${register}`, source: 'company' });
      } else if (back === REPLACED) {
        // Estimated high, then corrected by the reader's visit: both stay in the history.
        out.push({ ...reading, externalId: `${key}-${register}-est`, source: 'estimated', value: value[register] + Math.round(rates[register] * 6) });
        out.push({ ...reading, externalId: `${key}-${register}`, source: 'company', replaces: `${key}-${register}-est` });
      } else {
        // An estimate a little under the truth, so the next real period makes up the difference.
        out.push({ ...reading, externalId: `${key}-${register}-est`, source: 'estimated', value: value[register] - Math.round(rates[register] * 3) });
      }
    }
    previous = readOn;
  }
  return out;
}

/** 0…1 from a string, the same every run. */
function noise(seed: string): number {
  let h = 2166136261;
  for (const ch of seed) h = Math.imul(h ^ ch.charCodeAt(0), 16777619);
  return ((h >>> 0) % 1000) / 1000;
}
