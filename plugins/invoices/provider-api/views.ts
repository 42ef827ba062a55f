import { iso } from 'portal/sdk';
import { formatFiscalNumber } from '../domain/fiscal-number.ts';
import { fromCents, toCents } from '../domain/money.ts';

const amount = { type: 'string', description: 'Two decimals, as text: "1234.56".' };
const day = { type: 'string', format: 'date' };
const dayOrNull = { type: ['string', 'null'], format: 'date' };

export const invoiceView = {
  type: 'object',
  // Everything but `lines`, which only the single-invoice answer carries.
  required: ['externalId', 'accountNumber', 'typeCode', 'number', 'issueDate', 'period', 'dueDate', 'secondDueDate', 'currency', 'total', 'paidAmount', 'creditedAmount', 'balance', 'cancelled', 'relatedInvoiceExternalId', 'authorizationCode', 'hasOriginalPdf', 'createdAt', 'updatedAt'],
  properties: {
    externalId: { type: 'string' },
    accountNumber: { type: 'string' },
    typeCode: { type: 'integer' },
    number: { type: 'string', description: '00008-00068421' },
    issueDate: day,
    period: { type: 'string' },
    dueDate: day,
    secondDueDate: dayOrNull,
    currency: { type: 'string' },
    total: amount,
    paidAmount: amount,
    creditedAmount: amount,
    balance: { ...amount, description: 'total − paid − credited; "0.00" once settled.' },
    cancelled: { type: 'boolean' },
    relatedInvoiceExternalId: { type: ['string', 'null'] },
    authorizationCode: { type: ['string', 'null'] },
    hasOriginalPdf: { type: 'boolean' },
    lines: {
      type: 'array',
      description: 'Only on GET /invoices/{externalId}.',
      items: {
        type: 'object',
        properties: { description: { type: 'string' }, quantity: { type: 'string' }, unitPrice: amount, vatRate: { type: ['string', 'null'] }, amount },
      },
    },
    createdAt: { type: 'string', format: 'date-time' },
    updatedAt: { type: 'string', format: 'date-time' },
  },
};

export const INVOICE_SELECT = `SELECT i.id, i.external_id, a.number AS account_number, i.type_code, i.point_of_sale, i.number,
  to_char(i.issue_date, 'YYYY-MM-DD') AS issue_date, i.period, to_char(i.due_date, 'YYYY-MM-DD') AS due_date,
  to_char(i.second_due_date, 'YYYY-MM-DD') AS second_due_date, i.currency, i.total, i.paid_amount, i.credited_amount, i.cancelled,
  r.external_id AS related_external_id, i.authorization_code,
  EXISTS (SELECT 1 FROM invoice_files f WHERE f.invoice_id = i.id) AS has_pdf, i.created_at, i.updated_at`;

export const INVOICE_FROM = `FROM invoices i
  JOIN accounts a ON a.id = i.account_id AND a.tenant_id = i.tenant_id
  LEFT JOIN invoices r ON r.id = i.related_invoice_id AND r.tenant_id = i.tenant_id
  WHERE i.tenant_id = ?`;

/** Timestamps: a Date from the server's driver, text from the embedded database's. */
type Timestamp = Date | string;

/** A row of INVOICE_SELECT: days already `YYYY-MM-DD` text, numeric columns strings. */
export interface InvoiceApiRow {
  id: number;
  external_id: string;
  account_number: string;
  type_code: number;
  point_of_sale: number;
  number: number;
  issue_date: string;
  period: string;
  due_date: string;
  second_due_date: string | null;
  currency: string;
  total: string;
  paid_amount: string;
  credited_amount: string;
  cancelled: boolean;
  related_external_id: string | null;
  authorization_code: string | null;
  has_pdf: boolean;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export function invoiceOf(r: InvoiceApiRow) {
  const total = toCents(r.total);
  return {
    externalId: r.external_id,
    accountNumber: r.account_number,
    typeCode: r.type_code,
    number: formatFiscalNumber(r.point_of_sale, r.number),
    issueDate: r.issue_date,
    period: String(r.period).trim(),
    dueDate: r.due_date,
    secondDueDate: r.second_due_date,
    currency: String(r.currency).trim(),
    total: fromCents(total),
    paidAmount: fromCents(toCents(r.paid_amount)),
    creditedAmount: fromCents(toCents(r.credited_amount)),
    balance: fromCents(r.cancelled ? 0 : Math.max(0, total - toCents(r.paid_amount) - toCents(r.credited_amount))),
    cancelled: Boolean(r.cancelled),
    relatedInvoiceExternalId: r.related_external_id ?? null,
    authorizationCode: r.authorization_code ? String(r.authorization_code).trim() : null,
    hasOriginalPdf: Boolean(r.has_pdf),
    createdAt: iso(r.created_at),
    updatedAt: iso(r.updated_at),
  };
}

export const paymentView = {
  type: 'object',
  properties: {
    externalId: { type: 'string' },
    accountNumber: { type: 'string' },
    invoiceExternalId: { type: ['string', 'null'] },
    paidOn: day,
    amount,
    method: { type: 'string' },
    collector: { type: ['string', 'null'] },
    reference: { type: ['string', 'null'] },
    createdAt: { type: 'string', format: 'date-time' },
    updatedAt: { type: 'string', format: 'date-time' },
  },
};

/** A row of the payment routes' SELECT. */
export interface PaymentApiRow {
  id: number;
  external_id: string;
  account_number: string;
  invoice_external_id: string | null;
  paid_on: string;
  amount: string;
  method: string;
  collector: string | null;
  reference: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export function paymentOf(r: PaymentApiRow) {
  return {
    externalId: r.external_id,
    accountNumber: r.account_number,
    invoiceExternalId: r.invoice_external_id ?? null,
    paidOn: r.paid_on,
    amount: fromCents(toCents(r.amount)),
    method: r.method,
    collector: r.collector,
    reference: r.reference,
    createdAt: iso(r.created_at),
    updatedAt: iso(r.updated_at),
  };
}

export const movementView = {
  type: 'object',
  properties: {
    id: { type: 'integer', description: "The portal's id: invoices' and payments' own movements have no externalId." },
    externalId: { type: ['string', 'null'] },
    accountNumber: { type: 'string' },
    date: day,
    kind: { type: 'string' },
    description: { type: ['string', 'null'] },
    amount: { ...amount, description: 'Signed: positive is a charge, negative a credit.' },
    invoiceExternalId: { type: ['string', 'null'] },
    paymentExternalId: { type: ['string', 'null'] },
    createdAt: { type: 'string', format: 'date-time' },
  },
};

/** A row of the movement list's SELECT. */
export interface MovementApiRow {
  id: number;
  external_id: string | null;
  account_number: string;
  movement_date: string;
  kind: string;
  description: string | null;
  amount: string;
  invoice_external_id: string | null;
  payment_external_id: string | null;
  created_at: Timestamp;
}

export function movementOf(r: MovementApiRow) {
  return {
    id: r.id,
    externalId: r.external_id,
    accountNumber: r.account_number,
    date: r.movement_date,
    kind: r.kind,
    description: r.description,
    amount: fromCents(toCents(r.amount)),
    invoiceExternalId: r.invoice_external_id ?? null,
    paymentExternalId: r.payment_external_id ?? null,
    createdAt: iso(r.created_at),
  };
}
