import type { EntityManager } from '@mikro-orm/postgresql';
import type { PortalServices, Tenant } from 'portal/sdk';
import type { GatewayAdapter } from './gateways/gateway.ts';
import { GatewayRegistry } from './gateways/registry.ts';
import { mercadoPagoAdapter } from './gateways/mercadopago/adapter.ts';
import { stripeAdapter } from './gateways/stripe/adapter.ts';
import { sandboxAdapter } from './gateways/sandbox/adapter.ts';
import { reconcilePending, type ReconcileSummary } from './processing/reconcile.ts';
import type { PaymentsSettings } from './settings.ts';
import { markInstalmentPaid } from './data/agreements.ts';
import { refundPayment } from './processing/refund.ts';

/**
 * What other plugins and the provider API use: `portal.plugins.get<PaymentsProvides>('payments')`.
 * A plugin adds a gateway with `registerGateway(adapter)`; tenants then enable it by its id.
 */
export interface PaymentsProvides {
  registerGateway(adapter: GatewayAdapter, opts?: { replace?: boolean }): void;
  readonly gateways: GatewayRegistry;
  /** What the reconcile job does, on demand. */
  reconcile(tenant: Tenant, em: EntityManager, log?: { warn(o: unknown, m: string): void; info(o: unknown, m: string): void }): Promise<ReconcileSummary>;
  /** Asks the gateway to refund an approved payment; its notification then marks it refunded. */
  refund(tenant: Tenant, em: EntityManager, reference: string, amountCents?: number): Promise<{ refundId: string }>;
  /** The provider's billing system saying an agreement instalment was paid. */
  markInstalmentPaid(tenant: Tenant, em: EntityManager, agreementId: number, number: number, paidOn: string): Promise<boolean>;
}

const quiet = { warn() {}, info() {} };

export function paymentsProvides(portal: PortalServices): PaymentsProvides {
  const gateways = new GatewayRegistry();
  gateways.register(mercadoPagoAdapter());
  gateways.register(stripeAdapter());
  gateways.register(sandboxAdapter());
  return {
    gateways,
    registerGateway: (adapter, opts) => gateways.register(adapter, opts),
    reconcile: (tenant, em, log = quiet) => reconcilePending({ tenant, em, portal, registry: gateways, settings: settingsOf(tenant), log }),
    refund: (tenant, em, reference, amountCents) => refundPayment(tenant, em, gateways, settingsOf(tenant), reference, amountCents),
    markInstalmentPaid: (tenant, em, agreementId, number, paidOn) => markInstalmentPaid(em, tenant.id, agreementId, number, paidOn),
  };
}

function settingsOf(tenant: Tenant): PaymentsSettings {
  const settings = tenant.plugins.get('payments') as unknown as PaymentsSettings | undefined;
  if (!settings) throw new Error(`tenant "${tenant.id}" has not enabled the payments plugin`);
  return settings;
}

export function paymentsOf(portal: PortalServices): PaymentsProvides {
  return portal.plugins.get<PaymentsProvides>('payments');
}
