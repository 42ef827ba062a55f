import type { FastifyInstance } from 'fastify';
import type { StaffRoutesContext } from '../../../core/plugins/define-plugin.ts';
import { isPaymentStatus, PAYMENT_STATUSES } from '../domain/statuses.ts';
import { recentPayments } from '../data/payments.ts';
import { requestTranslator } from '../i18n.ts';
import { paymentRow } from '../present/payment-row.ts';
import { paymentsOf } from '../provides.ts';
import { tenantGateways } from '../processing/gateways-of-tenant.ts';
import type { PaymentsSettings } from '../settings.ts';
import { PERMISSION_VIEW } from './permissions.ts';

/** Online payments as the gateways left them, newest first, to answer "did my payment arrive?". */
export function paymentsListRoutes(app: FastifyInstance, ctx: StaffRoutesContext): void {
  app.get<{ Querystring: { status?: string } }>('/payments', { preHandler: ctx.requirePermission(PERMISSION_VIEW) }, async (request, reply) => {
    const status = isPaymentStatus(request.query.status) ? request.query.status : null;
    const t = requestTranslator(ctx.portal.views, request);
    const registry = paymentsOf(ctx.portal).gateways;
    const gateways = tenantGateways(ctx.settings<PaymentsSettings>(request), registry);
    const rows = await recentPayments(request.em, request.tenant.id, status);
    return reply.staffPage(
      'payments/staff/payments',
      {
        filters: [{ href: '/staff/payments', label: t('staff.all'), current: !status }, ...PAYMENT_STATUSES.map((s) => ({ href: `/staff/payments?status=${s}`, label: t(`status.${s}`), current: s === status }))],
        payments: rows.map((p) => ({ ...paymentRow(p, t, gateways, registry), customerHref: p.customerId ? `/staff/customers/${p.customerId}` : null, detail: p.statusDetail })),
      },
      { title: 'payments.staff.paymentsTitle', section: 'payments' },
    );
  });
}
