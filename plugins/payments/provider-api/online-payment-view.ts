import type { EntityManager } from '@mikro-orm/postgresql';
import { cursorColumn, iso, equalsFilter } from 'portal/sdk';
import { PAYMENT_STATUSES, type PaymentStatus } from '../domain/statuses.ts';
import { fromCents, toCents } from '../domain/money.ts';
import { sqlOf } from '../data/sql.ts';
import { customerSchema, customerOf, type CustomerRefRow } from './customer-ref.ts';

const amount = { type: 'string', description: 'Two decimals, as text: "1234.56".' };
const instant = { type: 'string', format: 'date-time' };
const instantOrNull = { type: ['string', 'null'], format: 'date-time' };

export const onlinePaymentView = {
  type: 'object',
  properties: {
    reference: { type: 'string', description: "The portal's id of the payment (PG-…), also the `reference` of the payments it records with the invoices plugin." },
    status: { type: 'string', enum: [...PAYMENT_STATUSES] },
    statusDetail: { type: ['string', 'null'], description: "The gateway's own word for the status." },
    gateway: { type: 'string', description: 'The gateway adapter: mercadopago, stripe, sandbox…' },
    gatewayPaymentId: { type: ['string', 'null'], description: "The gateway's id of the operation, once it has one." },
    checkoutId: { type: ['string', 'null'], description: "The gateway's id of the checkout (preference, session)." },
    kind: { type: 'string', enum: ['invoices', 'advance'], description: '`advance`: an amount paid on account, without invoices.' },
    amount,
    currency: { type: 'string' },
    description: { type: 'string' },
    accountNumber: { type: 'string' },
    customer: customerSchema,
    invoices: {
      type: 'array',
      description: 'The invoices it pays: the amount chosen for each and, once approved, what each took.',
      items: {
        type: 'object',
        properties: {
          externalId: { type: 'string', description: 'Your id of the invoice.' },
          kind: { type: 'string', description: '`invoice`, `debit_note`…' },
          label: { type: 'string', description: 'Letter and number as printed: "B 00008-00068421".' },
          amount,
          applied: { type: ['string', 'null'], description: 'What the invoice took at approval: at most what it still owed then. Null before approval.' },
        },
      },
    },
    overpaid: {
      type: ['string', 'null'],
      description: 'What its invoices no longer owed when it was approved (paid meanwhile another way): recorded on account as credit, as the invoices payment `<reference>-credit`. Null when nothing.',
    },
    paidAt: instantOrNull,
    createdAt: instant,
    updatedAt: instant,
  },
} as const;

const SELECT = `SELECT p.id, p.reference, p.status, p.status_detail, p.gateway, p.gateway_payment_id, p.checkout_id, p.kind, p.amount, p.currency, p.overpaid,
  p.description, a.number AS account_number, c.id AS customer_id, c.external_id AS customer_external_id, p.paid_at, p.created_at, p.updated_at, ${cursorColumn('p')}
  FROM payments_payments p
  JOIN accounts a ON a.id = p.account_id AND a.tenant_id = p.tenant_id
  LEFT JOIN customers c ON c.id = p.customer_id AND c.tenant_id = p.tenant_id
  WHERE p.tenant_id = ?`;

/** A row of SELECT: numeric columns as strings; timestamps Date, or strings on the embedded driver. */
interface OnlinePaymentRow extends CustomerRefRow {
  id: number;
  reference: string;
  status: PaymentStatus;
  status_detail: string | null;
  gateway: string;
  gateway_payment_id: string | null;
  checkout_id: string | null;
  kind: 'invoices' | 'advance';
  amount: string;
  currency: string;
  overpaid: string | null;
  description: string;
  account_number: string;
  paid_at: Date | string | null;
  created_at: Date | string;
  updated_at: Date | string;
  cursor_at: string;
}

interface OnlinePaymentLine {
  payment_id: number;
  invoice_external_id: string;
  kind: string;
  label: string;
  amount: string;
  applied: string | null;
}

/** A payment with the invoice lines it pays. */
export type OnlinePaymentRecord = OnlinePaymentRow & { lines: OnlinePaymentLine[] };

export interface OnlinePaymentFilter {
  status?: string;
  account?: string;
  reference?: string;
  id?: number;
}

/** Payments of the tenant as the API shows them; `page` adds the cursor's WHERE and ORDER BY. */
export async function onlinePayments(em: EntityManager, tenantId: string, filter: OnlinePaymentFilter, page = { where: '', params: [] as unknown[], tail: '' }): Promise<OnlinePaymentRecord[]> {
  const by = equalsFilter([['p.status', filter.status], ['a.number', filter.account], ['p.reference', filter.reference], ['p.id', filter.id]]);
  const sql = sqlOf(em);
  const rows = await sql<OnlinePaymentRow>(`${SELECT}${by.where}${page.where}${page.tail}`, [tenantId, ...by.params, ...page.params]);
  if (!rows.length) return [];
  const lines = await sql<OnlinePaymentLine>(
    `SELECT payment_id, invoice_external_id, kind, label, amount, applied FROM payments_payment_invoices WHERE tenant_id = ? AND payment_id IN (?) ORDER BY payment_id, invoice_id`,
    [tenantId, rows.map((r) => r.id)],
  );
  return rows.map((r) => ({ ...r, lines: lines.filter((l) => l.payment_id === r.id) }));
}

export function onlinePaymentOf(r: OnlinePaymentRecord) {
  return {
    reference: r.reference,
    status: r.status,
    statusDetail: r.status_detail,
    gateway: r.gateway,
    gatewayPaymentId: r.gateway_payment_id,
    checkoutId: r.checkout_id,
    kind: r.kind,
    amount: fromCents(toCents(r.amount)),
    currency: String(r.currency).trim(),
    description: r.description,
    accountNumber: r.account_number,
    customer: customerOf(r),
    invoices: r.lines.map((l) => ({
      externalId: l.invoice_external_id,
      kind: l.kind,
      label: l.label,
      amount: fromCents(toCents(l.amount)),
      applied: l.applied === null ? null : fromCents(toCents(l.applied)),
    })),
    overpaid: r.overpaid === null ? null : fromCents(toCents(r.overpaid)),
    paidAt: iso(r.paid_at),
    createdAt: iso(r.created_at),
    updatedAt: iso(r.updated_at),
  };
}
