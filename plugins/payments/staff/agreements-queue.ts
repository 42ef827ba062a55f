import type { FastifyInstance } from 'fastify';
import type { EntityManager } from '@mikro-orm/postgresql';
import { type StaffRoutesContext, formatMoney, localDate, savedFilters } from 'portal/sdk';
import { isDay } from '../domain/days.ts';
import { agreementsByStatus, markInstalmentPaid, type AgreementStatus } from '../data/agreements.ts';
import { requestTranslator } from '../i18n.ts';
import { agreementView } from '../view-models/agreement-view.ts';
import { idParam } from '../routes/context.ts';
import { sqlOf } from '../data/sql.ts';
import { decideAgreement } from './decide-agreement.ts';
import { inTransaction, reasonOf, staffDecider } from './decide.ts';
import { debtSinceRequest } from './debt-since-request.ts';
import { PERMISSION_AGREEMENTS, PERMISSION_VIEW } from './permissions.ts';

const STATUSES: readonly AgreementStatus[] = ['pending', 'approved', 'rejected', 'completed'];

/**
 * Payment-agreement requests in the back office (issue 8): approve (the schedule is laid out)
 * or reject with a reason; the customer is told and the decision audited.
 */
export function agreementsQueueRoutes(app: FastifyInstance, ctx: StaffRoutesContext): void {
  app.get<{ Querystring: { status?: string } }>('/payments/agreements', { config: { permission: PERMISSION_VIEW } }, async (request, reply) => {
    const status = STATUSES.find((s) => s === request.query.status) ?? 'pending';
    const t = requestTranslator(ctx.portal.views, request);
    const rows = await agreementsByStatus(request.em, request.tenant.id, status, localDate(new Date(), request.tenant.timezone));
    // What each waiting request's debt has become: the operator sees a plan over a paid or changed debt before deciding.
    const debts = status === 'pending' ? await Promise.all(rows.map((a) => debtSinceRequest({ portal: ctx.portal, tenant: request.tenant, em: request.em }, a))) : [];
    return reply.staffPage(
      'payments/staff/agreements',
      {
        tabs: STATUSES.map((s) => ({ href: `/staff/payments/agreements?status=${s}`, label: t(`agreementStatus.${s}`), current: s === status })),
        status,
        waiting: status === 'pending',
        canDecide: status === 'pending' && request.staff!.permissions.has(PERMISSION_AGREEMENTS),
        canRecord: status === 'approved' && request.staff!.permissions.has(PERMISSION_AGREEMENTS),
        today: localDate(new Date(), request.tenant.timezone),
        savedFilters: await savedFilters(request, 'payments.agreements', '/staff/payments/agreements', { status: status === 'pending' ? undefined : status }),
        agreements: rows.map((a, i) => ({ ...agreementView(a, t), debtNow: debts[i]?.changed ? debts[i] : null })),
      },
      { title: 'payments.staff.agreementsTitle', section: 'payments-agreements' },
    );
  });

  app.post<{ Params: { id: string } }>('/payments/agreements/:id/approve', { config: { permission: PERMISSION_AGREEMENTS } }, async (request, reply) => {
    const target = await agreementTarget(request.em, request.tenant.id, request.params.id);
    if (!target) return reply.callNotFound();
    const t = requestTranslator(ctx.portal.views, request);
    const outcome = await inTransaction(request, () => decideAgreement(staffDecider(ctx, request), target, { status: 'approved', today: localDate(new Date(), request.tenant.timezone) }));
    const account = target.accountNumber;
    if (outcome.done) reply.flash('success', t('staff.agreementApproved', { account }));
    else if (outcome.why === 'decided') reply.flash('error', t('staff.alreadyDecided', { account }));
    else {
      const money = (amount: string) => formatMoney(amount, request.tenant.currency);
      reply.flash('error', t('staff.agreementDebtChanged', { account, requested: money(outcome.debt.requested), current: money(outcome.debt.current) }));
    }
    return reply.redirect('/staff/payments/agreements', 303);
  });

  app.post<{ Params: { id: string }; Body: { reason?: string } }>('/payments/agreements/:id/reject', { config: { permission: PERMISSION_AGREEMENTS } }, async (request, reply) => {
    const target = await agreementTarget(request.em, request.tenant.id, request.params.id);
    if (!target) return reply.callNotFound();
    const t = requestTranslator(ctx.portal.views, request);
    const reason = reasonOf(request.body?.reason);
    if (!reason) {
      reply.flash('error', t('staff.reasonRequired'));
      return reply.redirect('/staff/payments/agreements', 303);
    }
    const done = (await inTransaction(request, () => decideAgreement(staffDecider(ctx, request), target, { status: 'rejected', reason }))).done;
    reply.flash(done ? 'success' : 'error', t(done ? 'staff.agreementRejected' : 'staff.alreadyDecided', { account: target.accountNumber }));
    return reply.redirect('/staff/payments/agreements', 303);
  });

  instalmentRoute(app, ctx);
}

/**
 * An operator records an instalment paid (the provider has no billing integration, or the customer
 * paid at the office): the same change as the API's, audited as the operator.
 */
function instalmentRoute(app: FastifyInstance, ctx: StaffRoutesContext): void {
  app.post<{ Params: { id: string; number: string }; Body: { paidOn?: string } }>(
    '/payments/agreements/:id/instalments/:number/paid',
    { config: { permission: PERMISSION_AGREEMENTS } },
    async (request, reply) => {
      const target = await agreementTarget(request.em, request.tenant.id, request.params.id);
      const number = /^\d{1,2}$/.test(request.params.number) ? Number(request.params.number) : null;
      if (!target || number === null) return reply.callNotFound();
      const t = requestTranslator(ctx.portal.views, request);
      const back = '/staff/payments/agreements?status=approved';
      const paidOn = request.body?.paidOn;
      if (!isDay(paidOn) || paidOn > localDate(new Date(), request.tenant.timezone)) {
        reply.flash('error', t('staff.instalments.badDate'));
        return reply.redirect(back, 303);
      }
      const [exists] = await sqlOf(request.em)(`SELECT 1 FROM payments_agreement_instalments WHERE tenant_id = ? AND agreement_id = ? AND number = ?`, [request.tenant.id, target.id, number]);
      if (!exists) return reply.callNotFound();
      const recorded = await inTransaction(request, async () => {
        if (!(await markInstalmentPaid(request.em, request.tenant.id, target.id, number, paidOn))) return false;
        ctx.audit(request, { action: 'payments.instalment-paid', outcome: 'success', subject: target.accountNumber, details: { agreement: target.id, instalment: number, paidOn } });
        return true;
      });
      const instalment = number === 0 ? t('agreements.downPayment') : t('agreements.instalmentN', { n: number, total: target.instalments });
      reply.flash(recorded ? 'success' : 'error', recorded ? t('staff.instalments.recorded', { instalment, account: target.accountNumber }) : t('staff.instalments.already'));
      return reply.redirect(back, 303);
    },
  );
}

/** A tenant's agreement by the id in a URL or a form, with what a decision names it by. */
export async function agreementTarget(em: EntityManager, tenantId: string, rawId: string): Promise<{ id: number; accountNumber: string; instalments: number } | null> {
  const id = idParam(rawId);
  if (!id) return null;
  const [row] = await sqlOf(em)<{ id: number; instalments: number; number: string }>(
    `SELECT g.id, g.instalments, a.number FROM payments_agreements g JOIN accounts a ON a.tenant_id = g.tenant_id AND a.id = g.account_id WHERE g.tenant_id = ? AND g.id = ?`,
    [tenantId, id],
  );
  return row ? { id: row.id, accountNumber: row.number, instalments: row.instalments } : null;
}
