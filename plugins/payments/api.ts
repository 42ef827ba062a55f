/**
 * What other plugins use of payments: the service it provides and the extension point where a
 * plugin adds a payment gateway. Import from here only; everything else in this folder may change.
 */
export type { PaymentsProvides } from './provides.ts';
export { gatewayExtension } from './gateways/registry.ts';
export type { GatewayAdapter } from './gateways/gateway.ts';
