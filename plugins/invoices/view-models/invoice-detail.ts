import { formatDay, periodLabel } from '../domain/days.ts';
import { invoiceStatus, STATUS_BADGE } from '../domain/status.ts';
import { recipientDocument } from '../pdf/fiscal-labels.ts';
import type { InvoiceDocument } from '../data/invoice-document.ts';

/** The detail page's data: the document as printed, plus what the customer owes on it today. */
export function presentInvoice(doc: InvoiceDocument, today: string, locale: string) {
  const status = invoiceStatus({ ...doc, kind: doc.type.kind }, today);
  const discriminated = doc.type.letter === 'A' || doc.type.letter === 'M';
  return {
    id: doc.id,
    kind: doc.type.kind,
    letter: doc.type.letter,
    typeCode: String(doc.type.code).padStart(3, '0'),
    number: doc.fiscalNumber,
    accountNumber: doc.accountNumber,
    issueDate: formatDay(doc.issueDate),
    periodLabel: periodLabel(doc.period, locale),
    serviceFrom: formatDay(doc.serviceFrom),
    serviceTo: formatDay(doc.serviceTo),
    dueDate: formatDay(doc.dueDate),
    secondDueDate: formatDay(doc.secondDueDate),
    secondDueTotal: doc.secondDueTotal,
    status,
    badge: status ? STATUS_BADGE[status] : null,
    discriminated,
    netAmount: doc.netAmount,
    vatAmount: doc.vatAmount,
    exemptAmount: doc.exemptAmount,
    otherTaxes: doc.otherTaxes,
    total: doc.total,
    paidAmount: doc.paidAmount,
    creditedAmount: Number(doc.creditedAmount) > 0 ? doc.creditedAmount : null,
    balance: status === null || status === 'cancelled' ? null : doc.balance,
    related: doc.related ? { id: doc.related.id, kind: doc.related.type.kind, letter: doc.related.type.letter, number: doc.related.fiscalNumber } : null,
    authorizationLabel: doc.authorizationType === 'A' ? 'CAEA' : 'CAE',
    authorizationCode: doc.authorizationCode,
    authorizationDueDate: formatDay(doc.authorizationDueDate),
    serviceType: doc.serviceType,
    product: doc.product,
    recipient: { ...doc.recipient, document: recipientDocument(doc.recipient.docType, doc.recipient.docNumber) },
    lines: doc.lines.map((l) => ({ ...l, quantity: String(Number(l.quantity)).replace('.', ','), vatRate: l.vatRate === null ? null : String(Number(l.vatRate)).replace('.', ',') })),
    payments: doc.payments.map((p) => ({ ...p, paidOn: formatDay(p.paidOn) })),
    pdfHref: `/invoices/${doc.id}/pdf`,
    backHref: `/invoices?account=${encodeURIComponent(doc.accountNumber)}`,
  };
}
