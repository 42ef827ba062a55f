import type { GatewayAdapter } from './gateway.ts';

/**
 * The adapters this portal knows, by id. One per portal (built with the plugin's `provides`),
 * so tests can replace an adapter without touching other portals in the same process.
 */
export class GatewayRegistry {
  readonly #adapters = new Map<string, GatewayAdapter>();

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
