import { type StaffCustomerPanelContext, sql } from 'portal/sdk';
import { translator } from '../i18n.ts';
import { badgeOf } from '../view-models/badges.ts';
import { dayText, formatDay } from '../domain/days.ts';
import { staffPaymentHref } from '../view-models/staff-payment.ts';

const SHOWN = 8;

interface PaymentRow { id: number; reference: string; account_number: string; gateway: string; amount: string; status: string; created_at: Date; paid_at: Date | null; refunded_at: Date | null }
interface ReportRow { id: number; account_number: string; amount: string; paid_on: string | Date; method: string; status: string; created_at: Date }
interface AgreementRow { id: number; account_number: string; status: string; debt: string; instalments: number; instalment_amount: string; created_at: Date }

/**
 * Money the customer sent on the staff customer page: online payments (refunds among them),
 * payments they reported having made elsewhere, and payment agreements, on the page's accounts,
 * newest first, each linking to where the back office works it.
 */
export async function paymentsPanel({ em, tenant, request, portal, accounts }: StaffCustomerPanelContext): Promise<Record<string, unknown> | null> {
  if (accounts.length === 0) return null;
  const ids = `{${accounts.map((a) => a.id).join(',')}}`;
  const [payments, reports, agreements] = await Promise.all([
    sql<PaymentRow>(
      em,
      `SELECT p.id, p.reference, a.number AS account_number, p.gateway, p.amount, p.status, p.created_at, p.paid_at, p.refunded_at
       FROM payments_payments p JOIN accounts a ON a.id = p.account_id AND a.tenant_id = p.tenant_id
       WHERE p.tenant_id = ? AND p.account_id = ANY(?::int[]) ORDER BY p.created_at DESC, p.id DESC LIMIT ?`,
      [tenant.id, ids, SHOWN],
    ),
    sql<ReportRow>(
      em,
      `SELECT r.id, a.number AS account_number, r.amount, r.paid_on, r.method, r.status, r.created_at
       FROM payments_reports r JOIN accounts a ON a.id = r.account_id AND a.tenant_id = r.tenant_id
       WHERE r.tenant_id = ? AND r.account_id = ANY(?::int[]) ORDER BY r.created_at DESC, r.id DESC LIMIT ?`,
      [tenant.id, ids, SHOWN],
    ),
    sql<AgreementRow>(
      em,
      `SELECT g.id, a.number AS account_number, g.status, g.debt, g.instalments, g.instalment_amount, g.created_at
       FROM payments_agreements g JOIN accounts a ON a.id = g.account_id AND a.tenant_id = g.tenant_id
       WHERE g.tenant_id = ? AND g.account_id = ANY(?::int[]) ORDER BY g.created_at DESC, g.id DESC LIMIT ?`,
      [tenant.id, ids, SHOWN],
    ),
  ]);
  const t = translator(portal.views, tenant, request.locale);
  return {
    payments: payments.map((p) => ({
      href: staffPaymentHref(p.id),
      reference: p.reference,
      account: p.account_number,
      amount: p.amount,
      status: p.status,
      statusLabel: t(`status.${p.status}`),
      badge: badgeOf(p.status),
      at: new Date(p.paid_at ?? p.created_at),
      refundedAt: p.refunded_at ? new Date(p.refunded_at) : null,
    })),
    refunded: payments.filter((p) => p.status === 'refunded').length,
    reports: reports.map((r) => ({
      href: `/staff/payments/reports?status=${r.status}#report-${r.id}`,
      receiptHref: `/staff/payments/reports/${r.id}/receipt`,
      account: r.account_number,
      amount: r.amount,
      paidOn: formatDay(dayText(r.paid_on)),
      method: t(`method.${r.method}`),
      statusLabel: t(`reportStatus.${r.status}`),
      badge: badgeOf(r.status),
    })),
    agreements: agreements.map((g) => ({
      href: `/staff/payments/agreements?status=${g.status}#agreement-${g.id}`,
      account: g.account_number,
      debt: g.debt,
      instalments: g.instalments,
      instalmentAmount: g.instalment_amount,
      statusLabel: t(`agreementStatus.${g.status}`),
      badge: badgeOf(g.status),
      at: new Date(g.created_at),
    })),
  };
}
