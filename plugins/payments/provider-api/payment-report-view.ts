import type { EntityManager } from '@mikro-orm/postgresql';
import { cursorColumn, iso, equalsFilter } from 'portal/sdk';
import { dayText } from '../domain/days.ts';
import { fromCents, toCents } from '../domain/money.ts';
import { sqlOf } from '../data/sql.ts';
import type { ReportStatus } from '../data/reports.ts';
import { reportPaymentExternalId } from '../staff/decide-report.ts';
import { customerOf, customerSchema, type CustomerRefRow } from './customer-ref.ts';

const RECEIPT_EXTENSIONS: Record<string, string> = { 'application/pdf': 'pdf', 'image/jpeg': 'jpg', 'image/png': 'png' };

export const paymentReportView = {
  type: 'object',
  properties: {
    id: { type: 'integer', description: "The portal's id of the report." },
    status: { type: 'string', enum: ['reported', 'accepted', 'rejected'] },
    accountNumber: { type: 'string' },
    customer: customerSchema,
    amount: { type: 'string', description: 'Two decimals, as text: "1234.56".' },
    currency: { type: 'string' },
    paidOn: { type: 'string', format: 'date', description: 'The day the customer says they paid.' },
    method: { type: 'string', enum: ['transfer', 'cash', 'debit_card', 'credit_card', 'check', 'other'] },
    collector: { type: ['string', 'null'], description: 'Bank or network the customer paid through.' },
    reference: { type: ['string', 'null'], description: "The operation's number on the customer's receipt." },
    invoice: {
      type: ['object', 'null'],
      description: 'The invoice the customer says it pays, if they named one.',
      properties: { externalId: { type: 'string' }, kind: { type: ['string', 'null'] }, label: { type: ['string', 'null'] } },
    },
    receipt: {
      type: 'object',
      properties: {
        name: { type: 'string' },
        type: { type: 'string', enum: Object.keys(RECEIPT_EXTENSIONS) },
        size: { type: ['integer', 'null'], description: 'Bytes; only on GET /payment-reports/{id} (null in lists).' },
        href: { type: 'string', description: 'Where to download it, with the same key.' },
      },
    },
    rejectReason: { type: ['string', 'null'] },
    paymentExternalId: { type: ['string', 'null'], description: 'Once accepted: the payment it became, as GET /payments/{externalId} of the invoices plugin shows it.' },
    decidedAt: { type: ['string', 'null'], format: 'date-time' },
    createdAt: { type: 'string', format: 'date-time' },
    updatedAt: { type: 'string', format: 'date-time', description: 'The report or, once decided, the decision.' },
  },
} as const;

const SELECT = `SELECT r.id, r.status, a.number AS account_number, c.id AS customer_id, c.external_id AS customer_external_id, r.amount,
  r.paid_on, r.method, r.collector, r.reference, r.invoice_external_id, r.invoice_kind, r.invoice_label, r.receipt_type, r.reject_reason,
  r.reviewed_at, r.created_at, r.updated_at, ${cursorColumn('r')}
  FROM payments_reports r
  JOIN accounts a ON a.id = r.account_id AND a.tenant_id = r.tenant_id
  LEFT JOIN customers c ON c.id = r.customer_id AND c.tenant_id = r.tenant_id
  WHERE r.tenant_id = ?`;

/** A row of SELECT: amount numeric as a string; paid_on a Date at local midnight or text; timestamps Date, or strings on the embedded driver. */
export interface PaymentReportRow extends CustomerRefRow {
  id: number;
  status: ReportStatus;
  account_number: string;
  amount: string;
  paid_on: Date | string;
  method: string;
  collector: string | null;
  reference: string | null;
  invoice_external_id: string | null;
  invoice_kind: string | null;
  invoice_label: string | null;
  receipt_type: string;
  reject_reason: string | null;
  reviewed_at: Date | string | null;
  created_at: Date | string;
  updated_at: Date | string;
  cursor_at: string;
}

export interface PaymentReportFilter {
  id?: number;
  status?: string;
  account?: string;
}

export async function paymentReports(em: EntityManager, tenantId: string, filter: PaymentReportFilter, page = { where: '', params: [] as unknown[], tail: '' }): Promise<PaymentReportRow[]> {
  const by = equalsFilter([['r.id', filter.id], ['r.status', filter.status], ['a.number', filter.account]]);
  return sqlOf(em)<PaymentReportRow>(`${SELECT}${by.where}${page.where}${page.tail}`, [tenantId, ...by.params, ...page.params]);
}

/** The name a receipt downloads under; the customer's own file name is not kept. */
export function receiptName(id: number, type: string): string {
  return `comprobante-${id}.${RECEIPT_EXTENSIONS[type] ?? 'bin'}`;
}

export function paymentReportOf(r: PaymentReportRow, currency: string, receiptSize: number | null = null) {
  return {
    id: r.id,
    status: r.status,
    accountNumber: r.account_number,
    customer: customerOf(r),
    amount: fromCents(toCents(r.amount)),
    currency: currency.toUpperCase(),
    paidOn: dayText(r.paid_on),
    method: r.method,
    collector: r.collector,
    reference: r.reference,
    invoice: r.invoice_external_id ? { externalId: r.invoice_external_id, kind: r.invoice_kind, label: r.invoice_label } : null,
    receipt: { name: receiptName(r.id, r.receipt_type), type: r.receipt_type, size: receiptSize, href: `/api/v1/payment-reports/${r.id}/receipt` },
    rejectReason: r.reject_reason,
    paymentExternalId: r.status === 'accepted' ? reportPaymentExternalId(r.id) : null,
    decidedAt: iso(r.reviewed_at),
    createdAt: iso(r.created_at),
    updatedAt: iso(r.updated_at),
  };
}
