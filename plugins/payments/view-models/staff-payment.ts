import type { Locale } from 'portal/sdk';
import type { PaymentView } from '../data/payments.ts';
import type { GatewayRegistry } from '../gateways/registry.ts';
import { documentName, type Translate } from '../i18n.ts';
import type { TenantGateway } from '../processing/gateways-of-tenant.ts';
import { paymentRow } from './payment-row.ts';

/** Where the back office shows one online payment, and where its refund is confirmed. */
export function staffPaymentHref(id: number): string {
  return `/staff/payments/online/${id}`;
}

/** One online payment on its back-office page: what the gateway knows it by, and any refund. */
export function staffPaymentView(p: PaymentView, t: Translate, locale: Locale, gateways: TenantGateway[], registry: GatewayRegistry) {
  return {
    ...paymentRow(p, t, locale, gateways, registry),
    id: p.id,
    href: staffPaymentHref(p.id),
    refundHref: `${staffPaymentHref(p.id)}/refund`,
    customerHref: p.customerId ? `/staff/customers/${p.customerId}` : null,
    currency: p.currency,
    detail: p.statusDetail,
    checkoutId: p.checkoutId,
    gatewayPaymentId: p.gatewayPaymentId,
    advance: p.kind === 'advance',
    documents: p.documents.map((d) => ({ name: documentName(t, d.kind, d.label), amount: d.amount })),
    refund: p.refund,
    // Credit still on the account: once refunded the money went back and there is nothing to say.
    overpaid: p.status === 'approved' ? p.overpaid : null,
  };
}
