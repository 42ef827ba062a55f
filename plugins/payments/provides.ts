import type { EntityManager } from '@mikro-orm/postgresql';
import type { PortalServices, Tenant, ExtensionReader } from 'portal/sdk';
import { gatewayExtension, GatewayRegistry } from './gateways/registry.ts';
import { reconcilePending, type ReconcileSummary } from './processing/reconcile.ts';
import type { PaymentsSettings } from './settings.ts';
import { markInstalmentPaid } from './data/agreements.ts';
import { refundPayment } from './processing/refund.ts';

/**
 * What other plugins and the provider API use: `portal.plugins.get<PaymentsProvides>('payments')`.
 * Gateways come from the manifests: this plugin's own and any plugin contributing to `gatewayExtension`.
 */
export interface PaymentsProvides {
  readonly gateways: GatewayRegistry;
  /** What the reconcile job does, on demand. */
  reconcile(tenant: Tenant, em: EntityManager, log?: { warn(o: unknown, m: string): void; info(o: unknown, m: string): void }): Promise<ReconcileSummary>;
  /** Asks the gateway to refund an approved payment; its notification then marks it refunded. */
  refund(tenant: Tenant, em: EntityManager, reference: string, amountCents?: number): Promise<{ refundId: string }>;
  /** The provider's billing system saying an agreement instalment was paid. */
  markInstalmentPaid(tenant: Tenant, em: EntityManager, agreementId: number, number: number, paidOn: string): Promise<boolean>;
}

const quiet = { warn() {}, info() {} };

export function paymentsProvides(portal: PortalServices, extensions: ExtensionReader): PaymentsProvides {
  const gateways = new GatewayRegistry();
  for (const { item } of extensions.contributions(gatewayExtension)) gateways.register(item);
  return {
    gateways,
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
