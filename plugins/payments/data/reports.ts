import type { EntityManager } from '@mikro-orm/postgresql';
import { dayText } from '../domain/days.ts';
import { fromCents, toCents } from '../domain/money.ts';
import { sqlOf } from './sql.ts';

/** Receipts' keys in core's file store: `<tenant>/payments/<random>`. */
export const RECEIPT_AREA = 'payments';

/** A new report as a bus event; the provider API turns it into `payment.reported`. */
export const REPORT_SUBMITTED = 'payments.report-submitted';

export type ReportStatus = 'reported' | 'accepted' | 'rejected';

export interface ReportView {
  id: number;
  accountId: number;
  accountNumber: string;
  customerId: number | null;
  customerName: string | null;
  amount: string;
  paidOn: string;
  method: string;
  collector: string | null;
  reference: string | null;
  invoiceId: number | null;
  invoiceExternalId: string | null;
  invoiceKind: string | null;
  invoiceLabel: string | null;
  receiptKey: string;
  receiptType: string;
  status: ReportStatus;
  rejectReason: string | null;
  createdAt: Date;
  reviewedAt: Date | null;
}

export interface NewReport {
  accountId: number;
  customerId: number;
  amountCents: number;
  paidOn: string;
  method: string;
  collector: string | null;
  reference: string | null;
  invoice: { id: number; externalId: string; kind: string; label: string } | null;
  receiptKey: string;
  receiptType: string;
}

/** A row of SELECT: amount numeric as a string; paid_on a Date at local midnight or text; timestamps Date, or strings on the embedded driver. */
interface ReportRow {
  id: number;
  account_id: number;
  account_number: string;
  customer_id: number | null;
  customer_name: string | null;
  amount: string;
  paid_on: Date | string;
  method: string;
  collector: string | null;
  reference: string | null;
  invoice_id: number | null;
  invoice_external_id: string | null;
  invoice_kind: string | null;
  invoice_label: string | null;
  receipt_key: string;
  receipt_type: string;
  status: ReportStatus;
  reject_reason: string | null;
  created_at: Date | string;
  reviewed_at: Date | string | null;
}

const SELECT = `SELECT r.*, a.number AS account_number, c.name AS customer_name FROM payments_reports r
  JOIN accounts a ON a.tenant_id = r.tenant_id AND a.id = r.account_id
  LEFT JOIN customers c ON c.tenant_id = r.tenant_id AND c.id = r.customer_id`;

export async function insertReport(em: EntityManager, tenantId: string, r: NewReport): Promise<number> {
  const [row] = await sqlOf(em)<{ id: number }>(
    `INSERT INTO payments_reports (tenant_id, account_id, customer_id, amount, paid_on, method, collector, reference,
       invoice_id, invoice_external_id, invoice_kind, invoice_label, receipt_key, receipt_type)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
    [tenantId, r.accountId, r.customerId, fromCents(r.amountCents), r.paidOn, r.method, r.collector, r.reference,
      r.invoice?.id ?? null, r.invoice?.externalId ?? null, r.invoice?.kind ?? null, r.invoice?.label ?? null, r.receiptKey, r.receiptType],
  );
  return row.id;
}

export async function reportsOfAccount(em: EntityManager, tenantId: string, accountId: number, limit = 20): Promise<ReportView[]> {
  const rows = await sqlOf(em)<ReportRow>(`${SELECT} WHERE r.tenant_id = ? AND r.account_id = ? ORDER BY r.created_at DESC, r.id DESC LIMIT ${Math.trunc(limit)}`, [tenantId, accountId]);
  return rows.map(view);
}

export async function reportsByStatus(em: EntityManager, tenantId: string, status: ReportStatus, limit = 100): Promise<ReportView[]> {
  const rows = await sqlOf(em)<ReportRow>(
    `${SELECT} WHERE r.tenant_id = ? AND r.status = ? ORDER BY r.created_at ${status === 'reported' ? 'ASC' : 'DESC'}, r.id LIMIT ${Math.trunc(limit)}`,
    [tenantId, status],
  );
  return rows.map(view);
}

/** By id within the tenant (staff), or also within `accountIds` (a customer's own). */
export async function findReport(em: EntityManager, tenantId: string, id: number, accountIds?: number[]): Promise<ReportView | null> {
  if (!Number.isSafeInteger(id) || id <= 0 || id > 2_147_483_647 || (accountIds && !accountIds.length)) return null;
  const rows = await sqlOf(em)<ReportRow>(
    `${SELECT} WHERE r.tenant_id = ? AND r.id = ?${accountIds ? ' AND r.account_id IN (?)' : ''}`,
    accountIds ? [tenantId, id, accountIds] : [tenantId, id],
  );
  return rows[0] ? view(rows[0]) : null;
}

/**
 * Takes a report still waiting for review; false when someone else decided it first. `staffId` is
 * null when the provider's billing system decided through the API.
 */
export async function closeReport(tx: EntityManager, tenantId: string, id: number, staffId: number | null, decision: { status: 'accepted' } | { status: 'rejected'; reason: string }): Promise<boolean> {
  const rows = await sqlOf(tx)<{ id: number }>(
    `UPDATE payments_reports SET status = ?, reject_reason = ?, reviewed_by = ?, reviewed_at = now()
     WHERE tenant_id = ? AND id = ? AND status = 'reported' RETURNING id`,
    [decision.status, decision.status === 'rejected' ? decision.reason : null, staffId, tenantId, id],
  );
  return rows.length > 0;
}

export async function countReported(em: EntityManager, tenantId: string, olderThan?: Date): Promise<number> {
  const [row] = await sqlOf(em)<{ n: number }>(
    `SELECT count(*)::int AS n FROM payments_reports WHERE tenant_id = ? AND status = 'reported'${olderThan ? ' AND created_at < ?' : ''}`,
    olderThan ? [tenantId, olderThan] : [tenantId],
  );
  return Number(row.n);
}

function view(r: ReportRow): ReportView {
  return {
    id: r.id,
    accountId: r.account_id,
    accountNumber: r.account_number,
    customerId: r.customer_id,
    customerName: r.customer_name ?? null,
    amount: fromCents(toCents(r.amount)),
    paidOn: dayText(r.paid_on),
    method: r.method,
    collector: r.collector,
    reference: r.reference,
    invoiceId: r.invoice_id,
    invoiceExternalId: r.invoice_external_id,
    invoiceKind: r.invoice_kind,
    invoiceLabel: r.invoice_label,
    receiptKey: r.receipt_key,
    receiptType: r.receipt_type,
    status: r.status,
    rejectReason: r.reject_reason,
    createdAt: new Date(r.created_at),
    reviewedAt: r.reviewed_at ? new Date(r.reviewed_at) : null,
  };
}
