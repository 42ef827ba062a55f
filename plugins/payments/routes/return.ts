import type { FastifyInstance, FastifyRequest } from 'fastify';
import { type PluginRoutesContext, requireCustomer, formatMoney } from 'portal/sdk';
import { OPEN_STATUSES } from '../domain/statuses.ts';
import { toCents } from '../domain/money.ts';
import { ownedPayment, type PaymentView } from '../data/payments.ts';
import { documentName } from '../i18n.ts';
import { gatewayLabel } from '../processing/gateways-of-tenant.ts';
import { refreshFromGateway } from '../processing/refresh-payment.ts';
import { badgeOf } from '../view-models/badges.ts';
import { payContext, type PayContext } from './context.ts';

/**
 * Where a gateway sends the customer back. The query string it adds is not believed; while the
 * payment is still open the gateway is asked directly (the same check a notification gets), so
 * the customer sees the real outcome even when the notification is late.
 */
export function returnRoutes(app: FastifyInstance, ctx: PluginRoutesContext): void {
  app.get<{ Params: { reference: string } }>('/payments/return/:reference', { preHandler: requireCustomer }, async (request, reply) => {
    const rc = payContext(ctx, request);
    let payment = await ownedPayment(request.em, request.tenant.id, request.params.reference, rc.accountIds);
    if (!payment) return reply.callNotFound();
    if (OPEN_STATUSES.includes(payment.status) && (await refresh(ctx, request, rc, payment))) {
      payment = (await ownedPayment(request.em, request.tenant.id, payment.reference, rc.accountIds))!;
    }
    const gateway = rc.gateways.find((g) => g.id === payment.gateway);
    return reply.page(
      'payments/result',
      {
        payment: {
          reference: payment.reference,
          amount: payment.amount,
          status: payment.status,
          statusLabel: rc.t(`status.${payment.status}`),
          message: rc.t(`result.${payment.status}`),
          badge: badgeOf(payment.status),
          gateway: gateway ? gatewayLabel(gateway, rc.t, request.locale) : payment.gateway,
          paidAt: payment.paidAt,
          advance: payment.kind === 'advance',
          documents: payment.documents.map((d) => ({ name: documentName(rc.t, d.kind, d.label), amount: d.amount })),
          // Approved for invoices someone had paid meanwhile: the customer must know where the money is.
          overpaid: payment.status === 'approved' && payment.overpaid ? rc.t('result.overpaid', { amount: formatMoney(payment.overpaid, request.tenant.currency) }) : null,
        },
        approved: payment.status === 'approved',
        open: OPEN_STATUSES.includes(payment.status),
        failed: ['rejected', 'cancelled'].includes(payment.status),
        backHref: `/payments?account=${encodeURIComponent(payment.accountNumber)}`,
      },
      { title: 'payments.result.title', section: 'payments' },
    );
  });
}

function refresh(ctx: PluginRoutesContext, request: FastifyRequest, rc: PayContext, payment: PaymentView): Promise<boolean> {
  const gateway = rc.gateways.find((g) => g.id === payment.gateway);
  if (!gateway) return Promise.resolve(false);
  return refreshFromGateway(
    { tenant: request.tenant, em: request.em, portal: ctx.portal, settings: rc.settings, gateway, log: request.log },
    { ...payment, amountCents: toCents(payment.amount) },
  );
}
