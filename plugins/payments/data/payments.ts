import type { EntityManager } from '@mikro-orm/postgresql';
import { fromCents, toCents } from '../domain/money.ts';
import type { PaymentStatus } from '../domain/statuses.ts';
import { sqlOf, type Sql } from './sql.ts';

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
  /** What approval put on account as credit because the invoices no longer owed it; null when nothing. */
  overpaid: string | null;
  documents: { invoiceId: number; kind: string; label: string; amount: string }[];
  /** Set when an operator refunded it from the back office. */
  refund: { id: string | null; reason: string | null; at: Date; by: string | null } | null;
}

/** A row of SELECT below: numeric columns as strings; timestamps Date, or strings on the embedded driver. */
interface PaymentRow {
  id: number;
  reference: string;
  account_id: number;
  account_number: string;
  customer_id: number | null;
  gateway: string;
  kind: 'invoices' | 'advance';
  amount: string;
  currency: string;
  status: PaymentStatus;
  status_detail: string | null;
  checkout_id: string | null;
  gateway_payment_id: string | null;
  created_at: Date | string;
  paid_at: Date | string | null;
  overpaid: string | null;
  refund_id: string | null;
  refund_reason: string | null;
  refunded_at: Date | string | null;
  refunded_by_name: string | null;
}

interface DocumentLine {
  payment_id: number;
  invoice_id: number;
  kind: string;
  label: string;
  amount: string;
}

const SELECT = `SELECT p.*, a.number AS account_number, s.name AS refunded_by_name FROM payments_payments p
  JOIN accounts a ON a.tenant_id = p.tenant_id AND a.id = p.account_id
  LEFT JOIN staff_users s ON s.tenant_id = p.tenant_id AND s.id = p.refunded_by`;

/** An account's checkouts, newest first, with the documents each one pays. */
export async function paymentsOfAccount(em: EntityManager, tenantId: string, accountId: number, limit = 20): Promise<PaymentView[]> {
  const read = sqlOf(em);
  const rows = await read<PaymentRow>(`${SELECT} WHERE p.tenant_id = ? AND p.account_id = ? ORDER BY p.created_at DESC, p.id DESC LIMIT ${Math.trunc(limit)}`, [tenantId, accountId]);
  return withDocuments(read, tenantId, rows);
}

/** A checkout by its reference, only if it is on one of `accountIds` (the signed-in customer's). */
export async function ownedPayment(em: EntityManager, tenantId: string, reference: string, accountIds: number[]): Promise<PaymentView | null> {
  if (!accountIds.length || !/^PG-[A-Z0-9]{10}$/.test(reference)) return null;
  const sql = sqlOf(em);
  const rows = await sql<PaymentRow>(`${SELECT} WHERE p.tenant_id = ? AND p.reference = ? AND p.account_id IN (?)`, [tenantId, reference, accountIds]);
  return (await withDocuments(sql, tenantId, rows))[0] ?? null;
}

export interface StaffPaymentFilter {
  status?: PaymentStatus | null;
  /** An account number, our reference (PG-…) or the gateway's operation number, exactly. */
  search?: string | null;
  /** Only approved payments that left credit because their invoices were already paid: billing's refund queue. */
  overpaid?: boolean;
}

/**
 * The back office's filter of online payments as SQL on `payments_payments p` joined to its
 * `accounts a`: the list and its export select by the same condition.
 */
export function staffPaymentWhere(tenantId: string, filter: StaffPaymentFilter): { where: string; params: unknown[] } {
  let where = 'p.tenant_id = ?';
  const params: unknown[] = [tenantId];
  if (filter.status) {
    where += ' AND p.status = ?';
    params.push(filter.status);
  }
  if (filter.overpaid) where += ` AND p.overpaid IS NOT NULL AND p.status = 'approved'`;
  if (filter.search) {
    where += ' AND (a.number = ? OR p.reference = ? OR p.gateway_payment_id = ?)';
    params.push(filter.search, filter.search.toUpperCase(), filter.search);
  }
  return { where, params };
}

/** The back office's list of online payments, newest first. */
export async function recentPayments(em: EntityManager, tenantId: string, filter: StaffPaymentFilter = {}, limit = 100): Promise<PaymentView[]> {
  const { where, params } = staffPaymentWhere(tenantId, filter);
  const sql = sqlOf(em);
  const rows = await sql<PaymentRow>(`${SELECT} WHERE ${where} ORDER BY p.created_at DESC, p.id DESC LIMIT ${Math.trunc(limit)}`, params);
  return withDocuments(sql, tenantId, rows);
}

/** One payment of the tenant for the back office; another tenant's id finds nothing. */
export async function paymentById(em: EntityManager, tenantId: string, id: number): Promise<PaymentView | null> {
  const sql = sqlOf(em);
  const rows = await sql<PaymentRow>(`${SELECT} WHERE p.tenant_id = ? AND p.id = ?`, [tenantId, id]);
  return (await withDocuments(sql, tenantId, rows))[0] ?? null;
}

export interface RefundRecord {
  refundId: string;
  reason: string;
  staffId: number;
}

/**
 * approved → refunded, as a conditional UPDATE: of two operators refunding at once only one
 * gets the row back, so the statement is reversed and the customer told once.
 */
export async function markRefunded(em: EntityManager, tenantId: string, id: number, record: RefundRecord): Promise<boolean> {
  const rows = await sqlOf(em)<{ id: number }>(
    `UPDATE payments_payments SET status = 'refunded', status_detail = 'staff/refund', refund_id = ?, refund_reason = ?, refunded_by = ?, refunded_at = now()
     WHERE tenant_id = ? AND id = ? AND status = 'approved' RETURNING id`,
    [record.refundId.slice(0, 128), record.reason, record.staffId, tenantId, id],
  );
  return rows.length > 0;
}

export async function approvedBetween(em: EntityManager, tenantId: string, from: Date, to: Date): Promise<number> {
  const [row] = await sqlOf(em)<{ n: number }>(
    `SELECT count(*)::int AS n FROM payments_payments WHERE tenant_id = ? AND status = 'approved' AND paid_at >= ? AND paid_at < ?`,
    [tenantId, from, to],
  );
  return Number(row.n);
}

async function withDocuments(sql: Sql, tenantId: string, rows: PaymentRow[]): Promise<PaymentView[]> {
  if (!rows.length) return [];
  const lines = await sql<DocumentLine>(
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
    overpaid: r.overpaid === null || r.overpaid === undefined ? null : fromCents(toCents(r.overpaid)),
    refund: r.refunded_at ? { id: r.refund_id, reason: r.refund_reason, at: new Date(r.refunded_at), by: r.refunded_by_name ?? null } : null,
    documents: lines
      .filter((l) => l.payment_id === r.id)
      .map((l) => ({ invoiceId: l.invoice_id, kind: l.kind, label: l.label, amount: fromCents(toCents(l.amount)) })),
  }));
}
