import { defineExtensionPoint } from 'portal/sdk';
import type { GatewayAdapter } from './gateway.ts';

/**
 * Where plugins add payment gateways: `contributes: [gatewayExtension.contribute(myAdapter())]` in
 * their manifest, with payments in dependsOn; tenants then enable one by its id.
 */
export const gatewayExtension = defineExtensionPoint<GatewayAdapter>('payments', 'gateways', (item) => {
  const adapter = item as Partial<GatewayAdapter> | null;
  return typeof adapter?.id === 'string' && typeof adapter.createCheckout === 'function' ? null : 'a gateway adapter needs an id and createCheckout';
});

/**
 * The adapters this portal knows, by id. One per portal (built with the plugin's `provides`),
 * so tests can replace an adapter without touching other portals in the same process.
 */
export class GatewayRegistry {
  readonly #adapters = new Map<string, GatewayAdapter>();

  /** Tests put an adapter pointed at a fake gateway in place of one (`replace`); plugins contribute theirs. */
  register(adapter: GatewayAdapter, opts: { replace?: boolean } = {}): void {
    if (!/^[a-z][a-z0-9-]{1,31}$/.test(adapter.id)) throw new Error(`gateway id "${adapter.id}" must be lowercase letters, digits and dashes`);
    if (this.#adapters.has(adapter.id) && !opts.replace) throw new Error(`gateway "${adapter.id}" is already registered`);
    this.#adapters.set(adapter.id, adapter);
  }

  get(id: string): GatewayAdapter | undefined {
    return this.#adapters.get(id);
  }

  ids(): string[] {
    return [...this.#adapters.keys()];
  }
}
