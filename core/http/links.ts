import type { Brand, Tenant } from '../tenants/tenant.ts';

/**
 * Absolute links for emails. Built from the tenant's configured hostname and the host config's
 * public scheme and port, never from the request's Host header (which an attacker chooses).
 */
export class Links {
  readonly #scheme: string;
  readonly #port: string;

  constructor(publicBaseUrl: string) {
    const url = new URL(publicBaseUrl);
    this.#scheme = url.protocol;
    this.#port = url.port ? `:${url.port}` : '';
  }

  get secure(): boolean {
    return this.#scheme === 'https:';
  }

  absolute(tenant: Tenant, path: string, brand?: Brand): string {
    const host = (brand ?? tenant.brands[0]).hostnames[0];
    return `${this.#scheme}//${host}${this.#port}${path.startsWith('/') ? path : `/${path}`}`;
  }
}
