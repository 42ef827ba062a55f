import type { FastifyInstance } from 'fastify';
import { type StaffRoutesContext, savedFilters } from 'portal/sdk';
import { isPaymentStatus, PAYMENT_STATUSES } from '../domain/statuses.ts';
import { recentPayments } from '../data/payments.ts';
import { requestTranslator } from '../i18n.ts';
import { paymentRow } from '../view-models/payment-row.ts';
import { staffPaymentHref } from '../view-models/staff-payment.ts';
import { paymentsOf } from '../provides.ts';
import { tenantGateways } from '../processing/gateways-of-tenant.ts';
import type { PaymentsSettings } from '../settings.ts';
import { PERMISSION_VIEW } from './permissions.ts';

/**
 * Online payments as the gateways left them, newest first, to answer "did my payment arrive?":
 * by status, or found by the account number, our reference or the gateway's operation number
 * the customer reads out on the phone; and the overpayments (invoices paid twice) to refund.
 */
export function paymentsListRoutes(app: FastifyInstance, ctx: StaffRoutesContext): void {
  app.get<{ Querystring: { status?: string; q?: string; overpaid?: string } }>('/payments', { config: { permission: PERMISSION_VIEW } }, async (request, reply) => {
    const overpaid = request.query.overpaid === '1';
    const status = !overpaid && isPaymentStatus(request.query.status) ? request.query.status : null;
    const q = typeof request.query.q === 'string' ? request.query.q.trim().slice(0, 128) : '';
    const t = requestTranslator(ctx.portal.views, request);
    const registry = paymentsOf(ctx.portal).gateways;
    const gateways = tenantGateways(ctx.settings<PaymentsSettings>(request), registry);
    const rows = await recentPayments(request.em, request.tenant.id, { status, overpaid, search: q || null });
    const withQ = (path: string) => (q ? `${path}${path.includes('?') ? '&' : '?'}q=${encodeURIComponent(q)}` : path);
    return reply.staffPage(
      'payments/staff/payments',
      {
        q,
        status,
        overpaid,
        exportQuery: exportQuery({ status, overpaid: overpaid ? '1' : null, q: q || null }),
        savedFilters: await savedFilters(request, 'payments', '/staff/payments', { status: status ?? undefined, overpaid: overpaid ? '1' : undefined, q: q || undefined }),
        filters: [
          { href: withQ('/staff/payments'), label: t('staff.all'), current: !status && !overpaid },
          ...PAYMENT_STATUSES.map((s) => ({ href: withQ(`/staff/payments?status=${s}`), label: t(`status.${s}`), current: s === status })),
          // Money the gateway took for invoices already paid: credit on the account until refunded.
          { href: withQ('/staff/payments?overpaid=1'), label: t('staff.overpaid.tab'), current: overpaid },
        ],
        payments: rows.map((p) => ({
          ...paymentRow(p, t, request.locale, gateways, registry),
          href: staffPaymentHref(p.id),
          customerHref: p.customerId ? `/staff/customers/${p.customerId}` : null,
          detail: p.statusDetail,
          overpaid: p.status === 'approved' ? p.overpaid : null,
        })),
      },
      { title: 'payments.staff.paymentsTitle', section: 'payments' },
    );
  });
}

/** The list's filter as the export link's query string ('' for none). */
function exportQuery(filter: Record<string, string | null>): string {
  const query = new URLSearchParams(Object.entries(filter).filter((e): e is [string, string] => e[1] !== null)).toString();
  return query ? `?${query}` : '';
}
