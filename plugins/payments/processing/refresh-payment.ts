import type { EntityManager } from '@mikro-orm/postgresql';
import type { PortalServices, Tenant } from 'portal/sdk';
import type { KnownPayment } from '../gateways/gateway.ts';
import type { PaymentsSettings } from '../settings.ts';
import { applyObservation, type ApplyDeps } from './apply-state.ts';
import { gatewayContext, type TenantGateway } from './gateways-of-tenant.ts';
import { lookupKey } from './lookup-key.ts';

export interface RefreshInput {
  tenant: Tenant;
  em: EntityManager;
  portal: PortalServices;
  settings: PaymentsSettings;
  gateway: TenantGateway;
  log: ApplyDeps['log'];
}

/**
 * Asks the gateway where an open payment stands, on its customer's behalf (back from the gateway,
 * or starting another checkout over it), and applies the answer the way a notification would. True when the payment moved. A gateway that does not answer leaves it as it was: the
 * notification or the reconcile job will bring it.
 */
export async function refreshFromGateway(input: RefreshInput, payment: KnownPayment & { id: number }): Promise<boolean> {
  const { tenant, em, gateway } = input;
  const known: KnownPayment = { reference: payment.reference, checkoutId: payment.checkoutId, gatewayPaymentId: payment.gatewayPaymentId, amountCents: payment.amountCents, currency: payment.currency };
  try {
    const state = await gateway.adapter.lookup(gatewayContext(tenant, em, input.settings, gateway), known);
    if (!state) return false;
    const result = await applyObservation(
      { tenant, em, portal: input.portal, gateway, log: input.log },
      { source: 'return', eventKey: lookupKey(state, payment.reference), state, paymentId: payment.id },
    );
    return result.outcome === 'applied';
  } catch (err) {
    input.log.warn({ gateway: gateway.id, reference: payment.reference, err: (err as Error).message }, 'could not ask the gateway about an open payment');
    return false;
  }
}
