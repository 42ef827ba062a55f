import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { StaffRoutesContext } from 'portal/sdk';
import { paymentById, type PaymentView } from '../data/payments.ts';
import { requestTranslator } from '../i18n.ts';
import { staffPaymentView } from '../view-models/staff-payment.ts';
import { tenantGateways } from '../processing/gateways-of-tenant.ts';
import { refusalOf } from '../processing/refund.ts';
import { paymentsOf } from '../provides.ts';
import { idParam } from '../routes/context.ts';
import type { PaymentsSettings } from '../settings.ts';
import { PERMISSION_REFUND, PERMISSION_VIEW } from './permissions.ts';

/** One online payment in the back office: what the gateway knows it by, what it paid, its refund. */
export function paymentDetailRoutes(app: FastifyInstance, ctx: StaffRoutesContext): void {
  app.get<{ Params: { id: string } }>('/payments/online/:id', { config: { permission: PERMISSION_VIEW } }, async (request, reply) => {
    const payment = await staffPayment(request, request.params.id);
    if (!payment) return reply.callNotFound();
    const t = requestTranslator(ctx.portal.views, request);
    const settings = ctx.settings<PaymentsSettings>(request);
    const registry = paymentsOf(ctx.portal).gateways;
    const refusal = refusalOf(payment, settings, registry);
    return reply.staffPage(
      'payments/staff/payment',
      {
        payment: staffPaymentView(payment, t, request.locale, tenantGateways(settings, registry), registry),
        canRefund: !refusal && request.staff!.permissions.has(PERMISSION_REFUND),
        // Approved, but its gateway cannot give money back from here: say so rather than hide it.
        refundElsewhere: refusal === 'unsupported',
      },
      { title: 'payments.staff.paymentTitle', titleParams: { reference: payment.reference }, section: 'payments' },
    );
  });
}

/** The request's tenant's payment by the id in the URL; another tenant's id finds nothing. */
export function staffPayment(request: FastifyRequest, rawId: string): Promise<PaymentView | null> {
  const id = idParam(rawId);
  return id ? paymentById(request.em, request.tenant.id, id) : Promise.resolve(null);
}
