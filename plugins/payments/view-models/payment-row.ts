import type { Locale } from 'portal/sdk';
import type { PaymentView } from '../data/payments.ts';
import { documentName, type Translate } from '../i18n.ts';
import { gatewayLabel, type TenantGateway } from '../processing/gateways-of-tenant.ts';
import type { GatewayRegistry } from '../gateways/registry.ts';
import { badgeOf } from './badges.ts';

/** A checkout in a history list, in the reader's words. */
export function paymentRow(p: PaymentView, t: Translate, locale: Locale, gateways: TenantGateway[], registry: GatewayRegistry) {
  const enabled = gateways.find((g) => g.id === p.gateway);
  const adapter = registry.get(p.gateway);
  return {
    reference: p.reference,
    href: `/payments/return/${p.reference}`,
    accountNumber: p.accountNumber,
    gateway: enabled ? gatewayLabel(enabled, t, locale) : (adapter?.name ?? p.gateway),
    amount: p.amount,
    status: p.status,
    statusLabel: t(`status.${p.status}`),
    badge: badgeOf(p.status),
    createdAt: p.createdAt,
    paidAt: p.paidAt,
    what: p.kind === 'advance' ? t('history.advance') : p.documents.map((d) => documentName(t, d.kind, d.label)).join(', '),
  };
}
