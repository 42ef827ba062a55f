import type { FastifyInstance, FastifyReply } from 'fastify';
import { type PluginRoutesContext, requireCustomer, formatMoney, localDate } from 'portal/sdk';
import { fromCents, parseTypedAmount, toCents } from '../domain/money.ts';
import { checkAgreement, minimumDownPayment } from '../domain/agreement-rules.ts';
import { AGREEMENT_REQUESTED, agreementsOfAccount, hasPendingAgreement, requestAgreement } from '../data/agreements.ts';
import { agreementView } from '../view-models/agreement-view.ts';
import { notifyCustomer } from '../staff/notify.ts';
import { accountLinks, payContext, pickAccount, type OwnedAccount, type PayContext } from './context.ts';

type AccountQuery = { Querystring: { account?: string } };
type AgreementBody = { Body: { account?: string; instalments?: string; downPayment?: string; note?: string } };

/**
 * Seed 001, "acuerdos de pago": the account's agreements, done and pending, each with its
 * instalments and their state; and a request for a new one within the tenant's rules, which
 * waits for the back office.
 */
export function agreementRoutes(app: FastifyInstance, ctx: PluginRoutesContext): void {
  app.get<AccountQuery>('/payments/agreements', { preHandler: requireCustomer }, async (request, reply) => {
    const rc = payContext(ctx, request);
    const account = pickAccount(rc.customer, request.query.account);
    if (!rc.settings.agreements.enabled || !account) return reply.callNotFound();
    const today = localDate(new Date(), request.tenant.timezone);
    const [agreements, balance] = await Promise.all([agreementsOfAccount(request.em, request.tenant.id, account.id, today), rc.receivables.balance(account.id)]);
    const pending = agreements.some((a) => a.status === 'pending');
    const canRequest = !pending && toCents(balance) >= toCents(rc.settings.agreements.minDebt) && toCents(balance) > 0;
    return reply.page(
      'payments/agreements',
      {
        account: { number: account.number },
        accounts: accountLinks(rc.customer, account, '/payments/agreements'),
        agreements: agreements.map((a) => agreementView(a, rc.t)),
        balance,
        canRequest,
        pending,
        requestHref: `/payments/agreements/new?account=${encodeURIComponent(account.number)}`,
        minDebt: rc.settings.agreements.minDebt,
        backHref: `/payments?account=${encodeURIComponent(account.number)}`,
      },
      { title: 'payments.agreements.title', section: 'payments' },
    );
  });

  app.get<AccountQuery>('/payments/agreements/new', { preHandler: requireCustomer }, async (request, reply) => {
    const rc = payContext(ctx, request);
    const account = pickAccount(rc.customer, request.query.account);
    if (!rc.settings.agreements.enabled || !account) return reply.callNotFound();
    return renderRequest(reply, rc, account, await rc.receivables.balance(account.id), request.tenant.currency, { values: {}, errors: {} });
  });

  app.post<AgreementBody>('/payments/agreements', { preHandler: requireCustomer }, async (request, reply) => {
    const rc = payContext(ctx, request);
    const body = request.body ?? {};
    const account = pickAccount(rc.customer, body.account);
    if (!rc.settings.agreements.enabled || !account) return reply.callNotFound();
    const tenantId = request.tenant.id;
    const balance = await rc.receivables.balance(account.id);
    const values = { instalments: body.instalments ?? '', downPayment: body.downPayment ?? '', note: body.note ?? '' };
    const note = values.note.trim();
    const back = `/payments/agreements?account=${encodeURIComponent(account.number)}`;
    if (await hasPendingAgreement(request.em, tenantId, account.id)) {
      reply.flash('error', rc.t('agreements.errors.pending'));
      return reply.redirect(back, 303);
    }
    const down = parseTypedAmount(values.downPayment);
    const check = checkAgreement(rc.settings.agreements, toCents(balance), Number(values.instalments), down ?? NaN);
    const errors: Record<string, string> = {};
    if (note.length > 500) errors.note = rc.t('agreements.errors.noteTooLong');
    if (!check.ok) {
      const money = (cents: number) => formatMoney(fromCents(cents), request.tenant.currency);
      const { minInstalments, maxInstalments, minDebt } = rc.settings.agreements;
      for (const [field, problem] of Object.entries(check.problems)) {
        errors[field] = rc.t(`agreements.errors.${problem}`, {
          min: minInstalments,
          max: maxInstalments,
          minDown: money(minimumDownPayment(rc.settings.agreements, toCents(balance))),
          debt: money(toCents(balance)),
          minDebt: money(toCents(minDebt)),
        });
      }
    }
    if (!check.ok || Object.keys(errors).length) return renderRequest(reply, rc, account, balance, request.tenant.currency, { values, errors }, 422);
    // The provider API's webhooks hear of the request in the transaction that stores it.
    const id = await request.em.transactional(async (tx) => {
      const created = await requestAgreement(tx, tenantId, { accountId: account.id, customerId: rc.customer.id, plan: check.plan, note: note || null });
      if (!created) return created;
      await ctx.portal.events.emit(request.tenant, tx, AGREEMENT_REQUESTED, { agreementId: created, accountId: account.id, customerId: rc.customer.id });
      const { plan } = check;
      await notifyCustomer(tx, ctx.portal, {
        tenant: request.tenant,
        accountId: account.id,
        customerId: rc.customer.id,
        template: 'agreement-requested',
        data: {
          debt: fromCents(plan.debtCents),
          downPayment: fromCents(plan.downPaymentCents),
          instalments: plan.instalments,
          instalment: fromCents(plan.instalmentCents),
          lastInstalment: plan.lastInstalmentCents === plan.instalmentCents ? null : fromCents(plan.lastInstalmentCents),
        },
        path: back,
      });
      return created;
    });
    reply.flash(id ? 'success' : 'error', rc.t(id ? 'agreements.sent' : 'agreements.errors.pending'));
    return reply.redirect(back, 303);
  });
}

function renderRequest(reply: FastifyReply, rc: PayContext, account: OwnedAccount, balance: string, currency: string, state: { values: Record<string, string>; errors: Record<string, string> }, status = 200) {
  const rules = rc.settings.agreements;
  const debtCents = toCents(balance);
  const minDown = fromCents(minimumDownPayment(rules, Math.max(debtCents, 0)));
  const options = [];
  for (let n = rules.minInstalments; n <= rules.maxInstalments; n++) options.push({ value: n, selected: String(n) === state.values.instalments });
  return reply.page(
    'payments/agreement-new',
    {
      account: { number: account.number },
      balance,
      eligible: debtCents > 0 && debtCents >= toCents(rules.minDebt),
      minDebt: rules.minDebt,
      minDown,
      minDownPercent: rules.minDownPaymentPercent,
      instalmentOptions: options,
      values: { ...state.values, downPayment: state.values.downPayment || minDown.replace('.', ',') },
      errors: state.errors,
      hasErrors: Object.keys(state.errors).length > 0,
      backHref: `/payments/agreements?account=${encodeURIComponent(account.number)}`,
      currency,
    },
    { title: 'payments.agreements.newTitle', section: 'payments', status },
  );
}
