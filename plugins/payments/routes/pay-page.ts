import type { FastifyInstance } from 'fastify';
import { type PluginRoutesContext, requireCustomer, formatMoney, type Locale, type Tenant, localDate } from 'portal/sdk';
import { formatDay } from '../domain/days.ts';
import { fromCents, toCents } from '../domain/money.ts';
import { accountReason, checkSelection, showPayInAdvance } from '../domain/pay-rules.ts';
import { paymentsOfAccount } from '../data/payments.ts';
import { reportsOfAccount } from '../data/reports.ts';
import { hasPendingAgreement } from '../data/agreements.ts';
import { documentRow } from '../view-models/document-row.ts';
import { paymentRow } from '../view-models/payment-row.ts';
import { reportRow } from '../view-models/report-row.ts';
import { noGatewaysNotice, noOnlineNotice } from '../view-models/no-online.ts';
import { gatewayLabel } from '../processing/gateways-of-tenant.ts';
import { accountLinks, payContext, pickAccount, type OwnedAccount, type PayContext } from './context.ts';
import type { EntityManager } from '@mikro-orm/postgresql';
import { offersOf, payable } from '../domain/offers.ts';

/**
 * "Pagar": the account's open invoices with the buttons seed 002 allows, paying several or the
 * whole balance, paying in advance, coupons, and what was paid or reported before.
 */
export function payPageRoutes(app: FastifyInstance, ctx: PluginRoutesContext): void {
  app.get<{ Querystring: { account?: string } }>('/payments', { preHandler: requireCustomer }, async (request, reply) => {
    const rc = payContext(ctx, request);
    const account = pickAccount(rc.customer, request.query.account);
    if (account === null) return reply.callNotFound();
    const frame = { title: 'payments.title', section: 'payments' };
    if (!account) return reply.page('payments/index', { noAccounts: true }, frame);

    return reply.page('payments/index', await payPageData(rc, request.em, request.tenant, request.locale, account), frame);
  });
}

/** What the "Pagar" page shows for one of the customer's accounts (exported for the benchmark's baseline). */
export async function payPageData(rc: PayContext, em: EntityManager, tenant: Tenant, locale: Locale, account: OwnedAccount): Promise<Record<string, unknown>> {
  const tenantId = tenant.id;
  const [[{ open, balance }], history, reports, agreementPending] = await Promise.all([
    rc.receivables.openByAccount([account.id]),
    paymentsOfAccount(em, tenantId, account.id),
    rc.settings.reports.enabled ? reportsOfAccount(em, tenantId, account.id) : Promise.resolve([]),
    rc.settings.agreements.enabled ? hasPendingAgreement(em, tenantId, account.id) : Promise.resolve(false),
  ]);
  const limitCents = toCents(rc.settings.payButtonLimit);
  const offers = offersOf(rc.gateways);
  const today = localDate(new Date(), tenant.timezone);
  const balanceCents = toCents(balance);
  const advance = showPayInAdvance(balanceCents, limitCents, offers, rc.settings.advance.enabled);
  const money = (amount: string | number) => formatMoney(amount, tenant.currency);
  const notice = (reason: Parameters<typeof noOnlineNotice>[1]) =>
    noOnlineNotice(rc.t, reason, { coupon: rc.settings.coupon.enabled, advance }, { balance: money(balance), limit: money(rc.settings.payButtonLimit) });
  const rowContext = { t: rc.t, locale, offers, limitCents, accountBalanceCents: balanceCents, accountNumber: account.number, today, coupons: rc.settings.coupon.enabled, typeNotice: notice('type-not-online') };
  const rows = open.map((doc) => documentRow(doc, rowContext));
  const payableCount = rows.filter((r) => r.payOnline).length;
  // The button's amount is the checkout's: both come from the same check over the same numbers.
  const all = open.length > 1 ? checkSelection(open.map(payable), balanceCents, offers, limitCents, true) : null;
  const accountWhy = open.length && rc.gateways.length ? accountReason(balanceCents, limitCents) : null;
  const number = encodeURIComponent(account.number);

  return {
    account: { number: account.number, holderName: account.holderName },
    accounts: accountLinks(rc.customer, account, '/payments'),
    balance,
    owes: balanceCents > 0,
    documents: rows,
    multiSelect: payableCount > 1,
    payAll: all?.ok ? { href: `/payments/pay?account=${number}&all=1`, total: fromCents(all.charge.amountCents) } : null,
    accountNotice: accountWhy ? { reason: accountWhy, text: notice(accountWhy) } : null,
    noGateways: rc.gateways.length ? null : noGatewaysNotice(rc.t, { coupon: rc.settings.coupon.enabled, report: rc.settings.reports.enabled }),
    gatewayNames: rc.gateways.map((g) => gatewayLabel(g, rc.t, locale)).join(' · '),
    advance: advance ? { min: rc.settings.advance.min, max: rc.settings.advance.max } : null,
    couponAmount: rc.settings.coupon.enabled,
    reportHref: rc.settings.reports.enabled ? `/payments/report?account=${number}` : null,
    agreementsHref: rc.settings.agreements.enabled ? `/payments/agreements?account=${number}` : null,
    agreementPending,
    history: history.map((p) => paymentRow(p, rc.t, locale, rc.gateways, rc.registry)),
    reports: reports.map((r) => reportRow(r, rc.t)),
    today: formatDay(today),
  };
}
