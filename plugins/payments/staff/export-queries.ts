import type { EntityManager } from '@mikro-orm/postgresql';
import { sqlCursor } from 'portal/sdk';
import { staffPaymentWhere, type StaffPaymentFilter } from '../data/payments.ts';

/**
 * The rows of the back office's payment lists for their exports: the same filters as the pages
 * (status, the overpaid view, the account/reference/operation search), every row rather than
 * the page's last 100, read through a cursor. Amounts stay text (numeric) until the writer.
 */
export interface PaymentExportRow {
  created_at: Date;
  paid_at: Date | null;
  reference: string;
  account_number: string;
  customer_name: string | null;
  gateway: string;
  kind: string;
  amount: string;
  status: string;
  gateway_payment_id: string | null;
  overpaid: string | null;
}

export function paymentRowsForExport(em: EntityManager, tenantId: string, filter: StaffPaymentFilter): AsyncGenerator<PaymentExportRow> {
  const { where, params } = staffPaymentWhere(tenantId, filter);
  return sqlCursor<PaymentExportRow>(
    em,
    `SELECT p.created_at, p.paid_at, p.reference, a.number AS account_number, c.name AS customer_name, p.gateway, p.kind,
            p.amount, p.status, p.gateway_payment_id, p.overpaid
     FROM payments_payments p
     JOIN accounts a ON a.tenant_id = p.tenant_id AND a.id = p.account_id
     LEFT JOIN customers c ON c.tenant_id = p.tenant_id AND c.id = p.customer_id
     WHERE ${where}
     ORDER BY p.created_at DESC, p.id DESC`,
    params,
  );
}

export interface ReportExportRow {
  id: number;
  created_at: Date;
  account_number: string;
  customer_name: string | null;
  amount: string;
  paid_on: string;
  method: string;
  collector: string | null;
  reference: string | null;
  invoice_label: string | null;
  status: string;
  reject_reason: string | null;
  reviewed_at: Date | null;
  reviewer_name: string | null;
}

export function reportRowsForExport(em: EntityManager, tenantId: string, status: string): AsyncGenerator<ReportExportRow> {
  return sqlCursor<ReportExportRow>(
    em,
    `SELECT r.id, r.created_at, a.number AS account_number, c.name AS customer_name, r.amount, to_char(r.paid_on, 'YYYY-MM-DD') AS paid_on,
            r.method, r.collector, r.reference, r.invoice_label, r.status, r.reject_reason, r.reviewed_at, s.name AS reviewer_name
     FROM payments_reports r
     JOIN accounts a ON a.tenant_id = r.tenant_id AND a.id = r.account_id
     LEFT JOIN customers c ON c.tenant_id = r.tenant_id AND c.id = r.customer_id
     LEFT JOIN staff_users s ON s.tenant_id = r.tenant_id AND s.id = r.reviewed_by
     WHERE r.tenant_id = ? AND r.status = ?
     ORDER BY r.created_at ${status === 'reported' ? 'ASC' : 'DESC'}, r.id`,
    [tenantId, status],
  );
}

export interface AgreementExportRow {
  id: number;
  created_at: Date;
  account_number: string;
  customer_name: string | null;
  debt: string;
  down_payment: string;
  instalments: number;
  instalment_amount: string;
  status: string;
  reject_reason: string | null;
  reviewed_at: Date | null;
}

export function agreementRowsForExport(em: EntityManager, tenantId: string, status: string): AsyncGenerator<AgreementExportRow> {
  return sqlCursor<AgreementExportRow>(
    em,
    `SELECT g.id, g.created_at, a.number AS account_number, c.name AS customer_name, g.debt, g.down_payment, g.instalments,
            g.instalment_amount, g.status, g.reject_reason, g.reviewed_at
     FROM payments_agreements g
     JOIN accounts a ON a.tenant_id = g.tenant_id AND a.id = g.account_id
     LEFT JOIN customers c ON c.tenant_id = g.tenant_id AND c.id = g.customer_id
     WHERE g.tenant_id = ? AND g.status = ?
     ORDER BY g.created_at ${status === 'pending' ? 'ASC' : 'DESC'}, g.id`,
    [tenantId, status],
  );
}
