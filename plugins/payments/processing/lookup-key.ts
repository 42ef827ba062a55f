import type { GatewayState } from '../gateways/gateway.ts';

/**
 * Event key of a state we asked for (customer back from the gateway, reconcile job): the same
 * state of the same gateway payment is one event, however many times it is seen.
 */
export function lookupKey(state: GatewayState, reference: string): string {
  return `lookup:${state.gatewayPaymentId ?? state.checkoutId ?? reference}:${state.status}`;
}
