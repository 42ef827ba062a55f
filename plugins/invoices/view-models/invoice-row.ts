import { formatDay, periodLabel } from '../domain/days.ts';
import { formatFiscalNumber } from '../domain/fiscal-number.ts';
import { invoiceType } from '../domain/invoice-types.ts';
import { fromCents, toCents } from '../domain/money.ts';
import { invoiceStatus, STATUS_BADGE } from '../domain/status.ts';
import type { InvoiceListRow } from '../data/invoice-list.ts';

/** What the list template prints for one document: formatted days, derived status, payment details. */
export function presentInvoiceRow(row: InvoiceListRow, today: string, locale: string) {
  const type = invoiceType(row.type_code);
  const balance = fromCents(toCents(row.total) - toCents(row.paid_amount) - toCents(row.credited_amount));
  const status = invoiceStatus(
    { kind: type.kind, cancelled: row.cancelled, balance, paidAmount: row.paid_amount, creditedAmount: row.credited_amount, dueDate: row.due_date },
    today,
  );
  const showPayment = row.paid_on && (status === 'paid' || status === 'partial');
  return {
    id: row.id,
    kind: type.kind,
    letter: type.letter,
    number: formatFiscalNumber(row.point_of_sale, row.number),
    period: row.period,
    periodLabel: periodLabel(row.period, locale),
    issueDate: formatDay(row.issue_date),
    dueDate: formatDay(row.due_date),
    secondDueDate: formatDay(row.second_due_date),
    secondDueTotal: row.second_due_total,
    total: row.total,
    balance: status === null || status === 'cancelled' ? null : balance,
    status,
    badge: status ? STATUS_BADGE[status] : null,
    payment: showPayment ? { date: formatDay(row.paid_on), method: row.method, collector: row.collector } : null,
  };
}
