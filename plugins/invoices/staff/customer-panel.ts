import { localDate, type StaffCustomerPanelContext } from 'portal/sdk';
import { dashboardSummary } from '../data/dashboard-summary.ts';
import type { InvoiceListRow } from '../data/invoice-list.ts';
import { sqlOf } from '../data/sql.ts';
import { formatDay } from '../domain/days.ts';
import { fromCents, toCents } from '../domain/money.ts';
import { presentInvoiceRow } from '../view-models/invoice-row.ts';

const SHOWN = 8;

/**
 * Balance of the page's accounts, the next due date and the latest invoices, on the staff
 * customer page; each invoice opens its PDF (staff/pdf-route.ts).
 */
export async function invoicesPanel({ em, tenant, request, accounts }: StaffCustomerPanelContext): Promise<Record<string, unknown> | null> {
  if (accounts.length === 0) return null;
  const sql = sqlOf(em);
  const ids = accounts.map((a) => a.id);
  const [summary, rows] = await Promise.all([
    dashboardSummary(sql, tenant.id, ids),
    sql(
      `SELECT i.id, i.type_code, i.point_of_sale, i.number, i.issue_date, i.period, i.due_date, i.second_due_date, i.second_due_total,
              i.total, i.paid_amount, i.credited_amount, i.cancelled, NULL AS paid_on, NULL AS method, NULL AS collector, a.number AS account_number
       FROM invoices i JOIN accounts a ON a.id = i.account_id AND a.tenant_id = i.tenant_id
       WHERE i.tenant_id = ? AND i.account_id IN (?) ORDER BY i.issue_date DESC, i.id DESC LIMIT ?`,
      [tenant.id, ids, SHOWN],
    ) as Promise<(InvoiceListRow & { account_number: string })[]>,
  ]);
  const today = localDate(new Date(), tenant.timezone);
  const cents = toCents(summary?.balance ?? '0');
  return {
    balance: fromCents(Math.abs(cents)),
    balanceSide: cents > 0 ? 'owed' : cents < 0 ? 'credit' : 'settled',
    nextDue: summary?.nextDue ? { date: formatDay(summary.nextDue.date), amount: summary.nextDue.amount, overdue: summary.nextDue.date < today } : null,
    invoices: rows.map((r) => ({ ...presentInvoiceRow(r, today, request.locale), account: r.account_number, href: `/staff/invoices/${r.id}/pdf` })),
  };
}
