import type { FastifyInstance } from 'fastify';
import type { PluginRoutesContext } from '../../../core/plugins/define-plugin.ts';
import { requireCustomer } from '../../../core/auth/session-hook.ts';
import { dayIn, formatDay } from '../domain/days.ts';
import { toCents } from '../domain/money.ts';
import { checkSelection, showPayInAdvance } from '../domain/pay-rules.ts';
import { paymentsOfAccount } from '../data/payments.ts';
import { reportsOfAccount } from '../data/reports.ts';
import { hasPendingAgreement } from '../data/agreements.ts';
import { documentRow } from '../present/document-row.ts';
import { paymentRow } from '../present/payment-row.ts';
import { reportRow } from '../present/report-row.ts';
import { gatewayLabel } from '../processing/gateways-of-tenant.ts';
import { accountLinks, payContext, pickAccount } from './context.ts';
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

    const tenantId = request.tenant.id;
    const [open, balance, history, reports, agreementPending] = await Promise.all([
      rc.receivables.openInvoices(account.id),
      rc.receivables.balance(account.id),
      paymentsOfAccount(request.em, tenantId, account.id),
      rc.settings.reports.enabled ? reportsOfAccount(request.em, tenantId, account.id) : Promise.resolve([]),
      rc.settings.agreements.enabled ? hasPendingAgreement(request.em, tenantId, account.id) : Promise.resolve(false),
    ]);
    const limitCents = toCents(rc.settings.payButtonLimit);
    const offers = offersOf(rc.gateways);
    const today = dayIn(request.tenant.timezone);
    const rows = open.map((doc) => documentRow(doc, { t: rc.t, locale: request.locale, offers, limitCents, accountNumber: account.number, today, coupons: rc.settings.coupon.enabled }));
    const payableCount = rows.filter((r) => r.payOnline).length;
    const all = open.length > 1 ? checkSelection(open.map(payable), offers, limitCents) : null;
    const balanceCents = toCents(balance);
    const number = encodeURIComponent(account.number);

    return reply.page(
      'payments/index',
      {
        account: { number: account.number, holderName: account.holderName },
        accounts: accountLinks(rc.customer, account, '/payments'),
        balance,
        owes: balanceCents > 0,
        documents: rows,
        multiSelect: payableCount > 1,
        payAll: all?.ok ? { href: `/payments/pay?account=${number}&all=1`, total: balance } : null,
        overLimit: balanceCents >= limitCents && open.length > 0,
        limit: rc.settings.payButtonLimit,
        noGateways: rc.gateways.length === 0,
        gatewayNames: rc.gateways.map((g) => gatewayLabel(g, rc.t)).join(' · '),
        advance: showPayInAdvance(balanceCents, limitCents, offers, rc.settings.advance.enabled)
          ? { min: rc.settings.advance.min, max: rc.settings.advance.max }
          : null,
        couponAmount: rc.settings.coupon.enabled,
        reportHref: rc.settings.reports.enabled ? `/payments/report?account=${number}` : null,
        agreementsHref: rc.settings.agreements.enabled ? `/payments/agreements?account=${number}` : null,
        agreementPending,
        history: history.map((p) => paymentRow(p, rc.t, rc.gateways, rc.registry)),
        reports: reports.map((r) => reportRow(r, rc.t)),
        today: formatDay(today),
      },
      frame,
    );
  });
}
