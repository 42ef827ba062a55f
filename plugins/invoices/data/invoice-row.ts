import { fromCents, toCents } from '../domain/money.ts';
import { afipDocType, AFIP_DOC_TYPES, type AccountRow } from './accounts.ts';
import type { NormalizedInvoice } from './normalize-invoice.ts';

/** The columns of an invoices row that come from its account (and the fingerprint, which names it). */
export const ACCOUNT_COLUMNS = ['account_id', 'content_hash', 'recipient_name', 'recipient_doc_type', 'recipient_doc_number'] as const;

/** An invoices row of a document, every column but those of ACCOUNT_COLUMNS. */
export function documentRow(tenantId: string, doc: NormalizedInvoice, relatedId: number | null): Record<string, unknown> {
  const r = doc.recipient;
  return {
    tenant_id: tenantId,
    external_id: doc.externalId,
    type_code: doc.typeCode,
    point_of_sale: doc.pointOfSale,
    number: doc.number,
    issue_date: doc.issueDate,
    period: doc.period,
    service_from: doc.serviceFrom,
    service_to: doc.serviceTo,
    due_date: doc.dueDate,
    second_due_date: doc.secondDueDate,
    second_due_total: doc.secondDueTotal,
    currency: doc.currency,
    exchange_rate: doc.exchangeRate,
    net_amount: doc.netAmount,
    exempt_amount: doc.exemptAmount,
    vat_amount: doc.vatAmount,
    other_taxes: doc.otherTaxes,
    total: doc.total,
    cancelled: doc.cancelled,
    related_invoice_id: relatedId,
    authorization_type: doc.authorizationType,
    authorization_code: doc.authorizationCode,
    authorization_due_date: doc.authorizationDueDate,
    service_type: doc.serviceType,
    product: doc.product,
    recipient_vat_condition: r.vatCondition,
    recipient_address: r.address,
  };
}

/** The whole invoices row of a document on a known account. */
export function invoiceRow(tenantId: string, account: AccountRow, doc: NormalizedInvoice, hash: string, relatedId: number | null): Record<string, unknown> {
  const r = doc.recipient;
  return {
    ...documentRow(tenantId, doc, relatedId),
    account_id: account.id,
    content_hash: hash,
    // What the provider left out of the recipient is the account holder's.
    recipient_name: r.name ?? account.holderName,
    recipient_doc_type: r.docType ?? afipDocType(account.documentType),
    recipient_doc_number: r.docNumber ?? account.documentNumber.replace(/\D/g, ''),
  };
}

/**
 * ACCOUNT_COLUMNS as SQL over an `accounts` row `a` and a fingerprint `hash`, for a statement that
 * finds the account and writes the invoice at once; invoiceRow's rules, with the recipient's
 * three values the statement's parameters.
 */
export function accountColumnsSql(a: string, hash: string): string {
  const docTypes = Object.entries(AFIP_DOC_TYPES).map(([kind, code]) => `WHEN '${kind}' THEN ${code}`).join(' ');
  return [
    `${a}.id`,
    hash,
    `COALESCE(?, ${a}.holder_name)`,
    `COALESCE(?, CASE upper(${a}.document_type) ${docTypes} END)`,
    `COALESCE(?, regexp_replace(${a}.document_number, '[^0-9]', '', 'g'))`,
  ].join(', ');
}

export function recipientParams(doc: NormalizedInvoice): unknown[] {
  return [doc.recipient.name, doc.recipient.docType, doc.recipient.docNumber];
}

/** The statement movement of a document: a charge, a credit for a credit note, nothing once cancelled. */
export function movementAmount(doc: NormalizedInvoice): string {
  return doc.cancelled ? '0.00' : fromCents((doc.kind === 'credit_note' ? -1 : 1) * toCents(doc.total));
}
