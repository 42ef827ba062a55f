import type { EntityManager } from '@mikro-orm/postgresql';
import { fromCents, toCents } from '../domain/money.ts';
import type { PaymentStatus } from '../domain/statuses.ts';
import { sqlOf, type Row } from './sql.ts';

export interface PaymentView {
  id: number;
  reference: string;
  accountId: number;
  accountNumber: string;
  customerId: number | null;
  gateway: string;
  kind: 'invoices' | 'advance';
  amount: string;
  currency: string;
  status: PaymentStatus;
  statusDetail: string | null;
  checkoutId: string | null;
  gatewayPaymentId: string | null;
  createdAt: Date;
  paidAt: Date | null;
  documents: { invoiceId: number; kind: string; label: string; amount: string }[];
}

const SELECT = `SELECT p.*, a.number AS account_number FROM payments_payments p JOIN accounts a ON a.tenant_id = p.tenant_id AND a.id = p.account_id`;

/** An account's checkouts, newest first, with the documents each one pays. */
export async function paymentsOfAccount(em: EntityManager, tenantId: string, accountId: number, limit = 20): Promise<PaymentView[]> {
  const rows = await sqlOf(em)(`${SELECT} WHERE p.tenant_id = ? AND p.account_id = ? ORDER BY p.created_at DESC, p.id DESC LIMIT ${Math.trunc(limit)}`, [tenantId, accountId]);
  return withDocuments(em, tenantId, rows);
}

/** A checkout by its reference, only if it is on one of `accountIds` (the signed-in customer's). */
export async function ownedPayment(em: EntityManager, tenantId: string, reference: string, accountIds: number[]): Promise<PaymentView | null> {
  if (!accountIds.length || !/^PG-[A-Z0-9]{10}$/.test(reference)) return null;
  const rows = await sqlOf(em)(`${SELECT} WHERE p.tenant_id = ? AND p.reference = ? AND p.account_id IN (?)`, [tenantId, reference, accountIds]);
  return (await withDocuments(em, tenantId, rows))[0] ?? null;
}

/** The back office's list of online payments, newest first. */
export async function recentPayments(em: EntityManager, tenantId: string, status: PaymentStatus | null, limit = 100): Promise<PaymentView[]> {
  const rows = await sqlOf(em)(
    `${SELECT} WHERE p.tenant_id = ?${status ? ' AND p.status = ?' : ''} ORDER BY p.created_at DESC, p.id DESC LIMIT ${Math.trunc(limit)}`,
    status ? [tenantId, status] : [tenantId],
  );
  return withDocuments(em, tenantId, rows);
}

export async function approvedBetween(em: EntityManager, tenantId: string, from: Date, to: Date): Promise<number> {
  const [row] = await sqlOf(em)(
    `SELECT count(*)::int AS n FROM payments_payments WHERE tenant_id = ? AND status = 'approved' AND paid_at >= ? AND paid_at < ?`,
    [tenantId, from, to],
  );
  return Number(row.n);
}

async function withDocuments(em: EntityManager, tenantId: string, rows: Row[]): Promise<PaymentView[]> {
  if (!rows.length) return [];
  const lines = await sqlOf(em)(
    `SELECT payment_id, invoice_id, kind, label, amount FROM payments_payment_invoices WHERE tenant_id = ? AND payment_id IN (?) ORDER BY invoice_id`,
    [tenantId, rows.map((r) => r.id)],
  );
  return rows.map((r) => ({
    id: r.id,
    reference: r.reference,
    accountId: r.account_id,
    accountNumber: r.account_number,
    customerId: r.customer_id,
    gateway: r.gateway,
    kind: r.kind,
    amount: fromCents(toCents(r.amount)),
    currency: String(r.currency).trim(),
    status: r.status,
    statusDetail: r.status_detail,
    checkoutId: r.checkout_id,
    gatewayPaymentId: r.gateway_payment_id,
    createdAt: new Date(r.created_at),
    paidAt: r.paid_at ? new Date(r.paid_at) : null,
    documents: lines
      .filter((l) => l.payment_id === r.id)
      .map((l) => ({ invoiceId: l.invoice_id, kind: l.kind, label: l.label, amount: fromCents(toCents(l.amount)) })),
  }));
}
