import type { Brand, Tenant } from '../tenants/tenant.ts';

/**
 * Where links in emails point outside production: the `<brand id>.localhost` name the portal
 * answers at there (no DNS needed) and the port it really listens on, which `PORT` or port 0 may
 * make differ from the configured one.
 */
export interface LocalServing {
  /** The listening port, or undefined before the portal listens (then `fallbackPort`). */
  port(): number | undefined;
  fallbackPort: number;
}

/**
 * Absolute links for emails, never from the request's Host header (which an attacker chooses).
 * In production: the brand's first configured hostname with `publicBaseUrl`'s scheme and port.
 * Outside production (`local` given): `http://<brand id>.localhost:<port>`, which the developer's
 * browser reaches, where the production hostname would be a dead link.
 */
export class Links {
  readonly #scheme: string;
  readonly #port: string;
  readonly #local: LocalServing | undefined;

  constructor(publicBaseUrl: string, local?: LocalServing) {
    const url = new URL(publicBaseUrl);
    this.#scheme = url.protocol;
    this.#port = url.port ? `:${url.port}` : '';
    this.#local = local;
  }

  /** Whether cookies are marked Secure: what the public address says, in every environment. */
  get secure(): boolean {
    return this.#scheme === 'https:';
  }

  absolute(tenant: Tenant, path: string, brand?: Brand): string {
    return `${this.origin(tenant, brand)}${path.startsWith('/') ? path : `/${path}`}`;
  }

  /** Scheme, host and port of the brand's portal, without a trailing slash. */
  origin(tenant: Tenant, brand?: Brand): string {
    const b = brand ?? tenant.brands[0];
    if (this.#local) return `http://${b.id}.localhost:${this.#local.port() ?? this.#local.fallbackPort}`;
    return this.publicOrigin(tenant, b);
  }

  /** The production address whatever the environment: for documents that describe the deployment (OpenAPI). */
  publicOrigin(tenant: Tenant, brand?: Brand): string {
    return `${this.#scheme}//${(brand ?? tenant.brands[0]).hostnames[0]}${this.#port}`;
  }
}
