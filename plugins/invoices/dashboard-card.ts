import { localDate, type DashboardCard } from 'portal/sdk';
import { formatDay } from './domain/days.ts';
import { formatFiscalNumber } from './domain/fiscal-number.ts';
import { invoiceType } from './domain/invoice-types.ts';
import { fromCents, toCents } from './domain/money.ts';
import { dashboardSummary } from './data/dashboard-summary.ts';
import { sqlOf } from './data/sql.ts';

/** Balance due, next due date and the newest invoice, across the customer's accounts. */
export const invoicesCard: DashboardCard = {
  id: 'summary',
  order: 100,
  template: 'invoices/card',
  data: async ({ em, tenant, accountIds }) => {
    const summary = await dashboardSummary(sqlOf(em), tenant.id, accountIds);
    if (!summary) return null;
    const cents = toCents(summary.balance);
    const today = localDate(new Date(), tenant.timezone);
    const last = summary.last;
    return {
      balance: fromCents(Math.abs(cents)),
      balanceSide: cents > 0 ? 'owed' : cents < 0 ? 'credit' : 'settled',
      nextDue: summary.nextDue ? { date: formatDay(summary.nextDue.date), amount: summary.nextDue.amount, overdue: summary.nextDue.date < today } : null,
      last: last
        ? {
            href: `/invoices/${last.id}`,
            kind: invoiceType(last.typeCode).kind,
            letter: invoiceType(last.typeCode).letter,
            number: formatFiscalNumber(last.pointOfSale, last.number),
            issueDate: formatDay(last.issueDate),
            total: last.total,
          }
        : null,
    };
  },
};
