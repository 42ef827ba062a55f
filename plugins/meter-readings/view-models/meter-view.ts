import type { MeterRow, ReadingRow } from '../entities.ts';
import type { MeterKind, MeterReadingsSettings } from '../settings.ts';
import type { Translate } from '../i18n.ts';
import type { WindowState } from '../domain/window.ts';
import { formatLocalDate, formatNumber } from '../domain/format.ts';
import type { Period } from '../domain/periods.ts';

const ICONS: Record<string, string> = { water: 'droplet', electricity: 'bolt', gas: 'gauge' };
/** Register codes the plugin has words for; any other code is shown as the provider sent it. */
export const KNOWN_REGISTERS = new Set(['total', 'peak', 'offpeak', 'valley', 'rest']);

export function unitOf(meter: MeterRow, settings: MeterReadingsSettings): string {
  return meter.unit ?? settings.units[meter.kind as MeterKind] ?? '';
}

export function registerLabel(code: string, t: Translate): string {
  return KNOWN_REGISTERS.has(code) ? t(`register.${code}`) : code.toUpperCase();
}

export function meterView(meter: MeterRow, settings: MeterReadingsSettings, t: Translate) {
  return {
    id: meter.id,
    number: meter.number,
    kind: meter.kind,
    kindLabel: t(`kind.${meter.kind}`),
    icon: ICONS[meter.kind] ?? 'gauge',
    unit: unitOf(meter, settings),
    address: meter.address,
    digits: meter.digits,
    multiRegister: meter.registers.length > 1,
    registers: meter.registers.map((code) => ({ code, label: registerLabel(code, t) })),
    href: `/meter-readings/${meter.id}`,
    submitHref: `/meter-readings/${meter.id}/submit`,
  };
}

/** Where the meter stands with its window, in words ready for the notice partial. */
export function windowView(state: WindowState, submission: ReadingRow[], meter: MeterRow, t: Translate) {
  const { current, next } = state;
  const sent = submission.length
    ? meter.registers
        .map((code) => submission.find((r) => r.register === code))
        .filter((r): r is ReadingRow => Boolean(r))
        .map((r) => (meter.registers.length > 1 ? `${registerLabel(r.register, t)} ${formatNumber(Number(r.value))}` : formatNumber(Number(r.value))))
        .join(' · ')
    : null;
  return {
    open: Boolean(current),
    closesOn: current ? formatLocalDate(current.lastDay) : null,
    opensOn: next ? formatLocalDate(next.firstDay) : null,
    nextClosesOn: next ? formatLocalDate(next.lastDay) : null,
    readingDate: current?.readingDate ? formatLocalDate(current.readingDate) : null,
    sent,
    billed: submission.some((r) => r.billedAt),
  };
}

/** "1.234 m³ on 10/03/2025, real": the latest reading of a meter, for lists and the dashboard. */
export function lastReadingView(periods: Period[], unit: string, t: Translate) {
  const last = periods.at(-1);
  if (!last) return null;
  return {
    value: last.registers.map((r) => formatNumber(r.value)).join(' · '),
    registers: last.registers.map((r) => ({ label: registerLabel(r.register, t), value: formatNumber(r.value) })),
    multiRegister: last.registers.length > 1,
    unit,
    date: formatLocalDate(last.readOn),
    estimated: last.estimated,
    kind: t(last.estimated ? 'source.estimatedShort' : 'source.realShort'),
    source: t(`source.${last.source}`),
  };
}
