import type { ReadingRow } from '../entities.ts';
import type { Translate } from '../i18n.ts';
import type { Period } from '../domain/periods.ts';
import { dailyFormat, formatLocalDate, formatNumber } from '../domain/format.ts';
import { registerLabel } from './meter-view.ts';

/** Rows the history table shows: two years is what a customer compares and what a bill shows. */
const TABLE_PERIODS = 24;

const SOURCE_BADGE: Record<string, string> = { company: 'badge-success', telemetry: 'badge-success', customer: 'badge-info', estimated: 'badge-warning' };

/** The table of readings, newest first, each with who took it and whether it was real. */
export function historyRows(periods: Period[], readings: ReadingRow[], unit: string, multiRegister: boolean, t: Translate) {
  const shown = periods.slice(-TABLE_PERIODS).reverse();
  const daily = dailyFormat(shown.map((p) => p.daily ?? 0));
  return shown.map((p) => {
    const registerText = (code: string, value: number) => (multiRegister ? `${registerLabel(code, t)} ${formatNumber(value)}` : formatNumber(value));
    const closing = readings.find((r) => r.readOn === p.readOn && r.source === p.source && r.replacedBy === null);
    return {
      readOn: formatLocalDate(p.readOn),
      isoDate: p.readOn,
      readings: p.registers.map((r) => ({ label: multiRegister ? registerLabel(r.register, t) : null, value: formatNumber(r.value) })),
      consumption: p.consumption !== null ? `${formatNumber(p.consumption)} ${unit}` : '—',
      days: p.days ?? '—',
      daily: p.daily !== null ? t('perDay', { value: daily(p.daily), unit }) : '—',
      estimated: p.estimated,
      kind: t(p.estimated ? 'source.estimatedShort' : 'source.realShort'),
      badge: SOURCE_BADGE[p.source] ?? 'badge-muted',
      source: t(`source.${p.source}`),
      sourceCode: p.source,
      rolledOver: p.registers.some((r) => r.rolledOver),
      photo: closing?.photoPath && p.source === 'customer' ? `/meter-readings/readings/${closing.id}/photo` : null,
      replaced: p.replaced.length
        ? t('replacedEstimate', { value: p.replaced.map((e) => registerText(e.register, e.value)).join(' · ') })
        : null,
    };
  });
}
