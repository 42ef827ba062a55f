import type { DashboardCardContext } from 'portal/sdk';
import type { InvoicesProvides } from '../invoices/api.ts';
import { fromCents, toCents } from './domain/money.ts';
import { showPayOnline } from './domain/pay-rules.ts';
import type { PaymentsSettings } from './settings.ts';
import { paymentsOf } from './provides.ts';
import { tenantGateways } from './processing/gateways-of-tenant.ts';
import { offersOf, payable } from './domain/offers.ts';
import { sqlOf } from './data/sql.ts';

/**
 * "Pagos" on the dashboard: what the customer's accounts owe, how many invoices can be paid
 * online right now, and reports still under review. Words are left to the template.
 */
export async function dashboardCardData({ portal, em, tenant, accountIds, settings }: DashboardCardContext): Promise<Record<string, unknown> | null> {
  if (!accountIds.length) return null;
  const s = settings as unknown as PaymentsSettings;
  const receivables = portal.plugins.get<InvoicesProvides>('invoices').receivables(tenant, em);
  const offers = offersOf(tenantGateways(s, paymentsOf(portal).gateways));
  const limitCents = toCents(s.payButtonLimit);
  let owed = 0;
  let payableNow = 0;
  const [accounts, [reported]] = await Promise.all([
    receivables.openByAccount(accountIds),
    sqlOf(em)<{ n: number }>(`SELECT count(*)::int AS n FROM payments_reports WHERE tenant_id = ? AND account_id IN (?) AND status = 'reported'`, [tenant.id, accountIds]),
  ]);
  for (const { balance, open } of accounts) {
    owed += Math.max(0, toCents(balance));
    payableNow += open.filter((d) => showPayOnline(payable(d), toCents(balance), offers, limitCents)).length;
  }
  return { owed: fromCents(owed), owes: owed > 0, payableNow, reported: Number(reported.n) };
}
