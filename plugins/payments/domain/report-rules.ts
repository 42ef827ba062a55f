import { parseTypedAmount } from './money.ts';
import { addDays, isDay } from './days.ts';

/** How customers may say they paid; the same words the invoices plugin records payments with. */
export const REPORT_METHODS = ['transfer', 'cash', 'debit_card', 'credit_card', 'check', 'other'] as const;
export type ReportMethod = (typeof REPORT_METHODS)[number];

export interface ReportFields {
  amount?: string;
  paidOn?: string;
  method?: string;
  collector?: string;
  reference?: string;
}

export interface CheckedReport {
  amountCents: number;
  paidOn: string;
  method: ReportMethod;
  collector: string | null;
  reference: string | null;
}

/** Nobody reports a payment older than this; an older date is a typing mistake. */
const OLDEST_DAYS = 365;
const MAX_CENTS = 10_000_000_000;

export type ReportCheck = { ok: true; report: CheckedReport } | { ok: false; errors: Record<string, string> };

/** Field checks of a reported payment; error values are message keys under `report.errors`. */
export function checkReport(f: ReportFields, today: string): ReportCheck {
  const errors: Record<string, string> = {};
  const amountCents = parseTypedAmount(f.amount);
  if (amountCents === null || amountCents <= 0 || amountCents > MAX_CENTS) errors.amount = 'amount';
  const paidOn = (f.paidOn ?? '').trim();
  if (!isDay(paidOn)) errors.paidOn = 'date';
  else if (paidOn > today) errors.paidOn = 'future';
  else if (paidOn < addDays(today, -OLDEST_DAYS)) errors.paidOn = 'tooOld';
  const method = REPORT_METHODS.find((m) => m === f.method);
  if (!method) errors.method = 'method';
  const collector = (f.collector ?? '').trim();
  if (collector.length > 64) errors.collector = 'tooLong';
  const reference = (f.reference ?? '').trim();
  if (reference.length > 64) errors.reference = 'tooLong';
  if (Object.keys(errors).length) return { ok: false, errors };
  return { ok: true, report: { amountCents: amountCents!, paidOn, method: method!, collector: collector || null, reference: reference || null } };
}
