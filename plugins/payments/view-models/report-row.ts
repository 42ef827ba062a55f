import type { ReportView } from '../data/reports.ts';
import { formatDay } from '../domain/days.ts';
import { documentName, type Translate } from '../i18n.ts';
import { badgeOf } from './badges.ts';

/** A reported payment as its customer and the back office see it. */
export function reportRow(r: ReportView, t: Translate) {
  return {
    id: r.id,
    accountId: r.accountId,
    accountNumber: r.accountNumber,
    customerName: r.customerName,
    amount: r.amount,
    paidOn: formatDay(r.paidOn),
    method: t(`method.${r.method}`),
    collector: r.collector,
    reference: r.reference,
    document: r.invoiceKind && r.invoiceLabel ? documentName(t, r.invoiceKind, r.invoiceLabel) : null,
    status: r.status,
    statusLabel: t(`reportStatus.${r.status}`),
    badge: badgeOf(r.status),
    rejectReason: r.rejectReason,
    createdAt: r.createdAt,
    receiptHref: `/payments/reports/${r.id}/receipt`,
  };
}
