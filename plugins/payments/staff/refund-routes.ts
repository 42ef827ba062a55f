import type { FastifyInstance, FastifyRequest } from 'fastify';
import { type StaffRoutesContext, formatMoney } from 'portal/sdk';
import type { PaymentView } from '../data/payments.ts';
import type { GatewayRegistry } from '../gateways/registry.ts';
import { requestTranslator, type Translate } from '../i18n.ts';
import { staffPaymentView } from '../view-models/staff-payment.ts';
import { tenantGateways } from '../processing/gateways-of-tenant.ts';
import { refusalOf, type Refusal } from '../processing/refund.ts';
import { paymentsOf } from '../provides.ts';
import type { PaymentsSettings } from '../settings.ts';
import { reasonOf } from './decide.ts';
import { staffPayment } from './payment-detail.ts';
import { PERMISSION_REFUND } from './permissions.ts';
import { refundByStaff, type RefundOutcome } from './refund-payment.ts';

/**
 * Refunding an approved online payment, whole: a confirmation page (amount, gateway, a reason the
 * customer receives), then the refund itself. Only `payments.refund` holders reach either; any
 * other operator gets core's 403, audited.
 */
export function refundRoutes(app: FastifyInstance, ctx: StaffRoutesContext): void {
  const guard = { config: { permission: PERMISSION_REFUND } };

  app.get<{ Params: { id: string } }>('/payments/online/:id/refund', guard, async (request, reply) => {
    const payment = await staffPayment(request, request.params.id);
    if (!payment) return reply.callNotFound();
    const { t, settings, registry } = pageContext(ctx, request);
    const view = staffPaymentView(payment, t, request.locale, tenantGateways(settings, registry), registry);
    const refusal = refusalOf(payment, settings, registry);
    if (refusal) {
      reply.flash('error', refusalMessage(t, refusal, view));
      return reply.redirect(view.href, 303);
    }
    return reply.staffPage('payments/staff/refund', { payment: view }, { title: 'payments.staff.refund.title', titleParams: { reference: payment.reference }, section: 'payments' });
  });

  app.post<{ Params: { id: string }; Body: { reason?: string } }>('/payments/online/:id/refund', guard, async (request, reply) => {
    const payment = await staffPayment(request, request.params.id);
    if (!payment) return reply.callNotFound();
    const { t, settings, registry } = pageContext(ctx, request);
    const view = staffPaymentView(payment, t, request.locale, tenantGateways(settings, registry), registry);
    const reason = reasonOf(request.body?.reason);
    if (!reason) {
      reply.flash('error', t('staff.refund.reasonRequired'));
      return reply.redirect(view.refundHref, 303);
    }
    const outcome = await refundByStaff(ctx, request, payment, reason);
    if (outcome.ok) {
      reply.flash('success', t('staff.refund.done', { amount: formatMoney(payment.amount, payment.currency), reference: payment.reference }));
    } else {
      // Someone may have refunded it a moment earlier: the message says what it is now.
      const now = (await staffPayment(request, request.params.id)) ?? payment;
      reply.flash('error', outcomeMessage(t, outcome, now, view, settings, registry));
    }
    return reply.redirect(view.href, 303);
  });
}

function pageContext(ctx: StaffRoutesContext, request: FastifyRequest) {
  return { t: requestTranslator(ctx.portal.views, request), settings: ctx.settings<PaymentsSettings>(request), registry: paymentsOf(ctx.portal).gateways };
}

type View = ReturnType<typeof staffPaymentView>;

function refusalMessage(t: Translate, refusal: Refusal, view: View): string {
  return t(`staff.refund.errors.${refusal}`, { reference: view.reference, status: view.statusLabel.toLowerCase(), gateway: view.gateway });
}

function outcomeMessage(t: Translate, outcome: Exclude<RefundOutcome, { ok: true }>, now: PaymentView, view: View, settings: PaymentsSettings, registry: GatewayRegistry): string {
  if (outcome.problem === 'gateway') return t('staff.refund.errors.gateway', { gateway: view.gateway, detail: outcome.detail });
  const refusal = refusalOf(now, settings, registry);
  const current = refusal ? { ...view, statusLabel: t(`status.${now.status}`) } : view;
  return refusalMessage(t, refusal ?? 'not-approved', current);
}
