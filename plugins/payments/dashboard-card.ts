import type { DashboardCardContext } from 'portal/sdk';
import type { InvoicesProvides } from '../invoices/api.ts';
import { fromCents, toCents } from './domain/money.ts';
import { accountReason, showPayOnline, type NoOnlineReason } from './domain/pay-rules.ts';
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
  // Without a "Pagar ahora" button the card says why (seed 002), for the first account that owes.
  let why: { reason: NoOnlineReason; balance: string; limit: string } | null = null;
  for (const { balance, open } of accounts) {
    const cents = toCents(balance);
    owed += Math.max(0, cents);
    payableNow += open.filter((d) => showPayOnline(payable(d), cents, offers, limitCents)).length;
    if (!why && cents > 0 && open.length) {
      why = { reason: offers.length ? (accountReason(cents, limitCents) ?? 'type-not-online') : 'no-gateway', balance, limit: String(s.payButtonLimit) };
    }
  }
  return {
    owed: fromCents(owed),
    owes: owed > 0,
    payableNow,
    why: payableNow ? null : why,
    ways: s.coupon.enabled && s.agreements.enabled ? 'coupon-plan' : s.coupon.enabled ? 'coupon' : s.agreements.enabled ? 'plan' : 'none',
    reported: Number(reported.n),
  };
}
